// The redrive log: one record per redrive on the topic `<prefix>ipledger.dlq.redrives`, keyed by
// the dead-letter id, so that a later redrive of the same dead letter is skipped (unless forced)
// and `dlq list` can say what was redriven.
import { z } from 'zod';

export const RedriveRecordSchema = z.object({
  deadLetterId: z.string(),
  consumerGroup: z.string(),
  sourceTopic: z.string(),
  sourcePartition: z.number().int().nonnegative(),
  sourceOffset: z.string(),
  eventId: z.string().nullable(),
  type: z.string().nullable(),
  /** Where the original message was published again. */
  redrivenTo: z.object({ topic: z.string(), partition: z.number().int(), offset: z.string() }),
  redrivenAt: z.string(),
  forced: z.boolean(),
});
export type RedriveRecord = z.infer<typeof RedriveRecordSchema>;

/** The last redrive of each dead letter, from the log's messages in order (unreadable ones ignored). */
export function lastRedrives(values: Iterable<string>): Map<string, RedriveRecord> {
  const last = new Map<string, RedriveRecord>();
  for (const value of values) {
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      continue;
    }
    const parsed = RedriveRecordSchema.safeParse(json);
    if (parsed.success) last.set(parsed.data.deadLetterId, parsed.data);
  }
  return last;
}
