// Loss is detected, never silent. kafkajs, finding a committed offset out of range, resets it to
// the earliest (or latest) offset and only logs "Offset out of range, resetting"; it offers no hook
// to refuse. After a broker came back with an empty disk, consumers reset that way and skipped
// nothing visible while a third of the history was gone. So a consumer checks, on every group join:
// - the committed offset of each assigned partition against the partition's watermarks: below the
//   earliest available (records deleted before they were consumed) or above the latest (the log
//   lost records the group had already read) is a loss;
// - the first message it is handed on each partition against that committed offset: kafkajs'
//   reset shows as a first offset other than the committed one.
// A partition found so is paused (nothing handled, no offset committed) and reported until an
// operator restores the topic or accepts the loss (docs/operations.md).

export type OffsetLossKind = 'behind-earliest' | 'beyond-latest' | 'reset-by-client';

export interface OffsetLoss {
  topic: string;
  partition: number;
  kind: OffsetLossKind;
  /** The group's committed offset (the next record it would have read). */
  committedOffset: string;
  /** The earliest offset the partition still holds (its low watermark). */
  earliestAvailable: string;
  /** The offset the next record would get (high watermark). */
  latestAvailable: string;
  detectedAt: string;
}

/**
 * kafkajs commits this "earliest" marker when it resets an out-of-range offset: the offset the
 * group had is gone, so it counts as a loss too (a restart must not forget it).
 */
export const KAFKAJS_RESET_MARKER = '-2';

/** The loss a committed offset shows against the partition's watermarks, if any. "-1": nothing committed yet. */
export function lossAtJoin(committed: string, low: string, high: string): OffsetLossKind | undefined {
  if (committed === KAFKAJS_RESET_MARKER) return 'reset-by-client';
  if (BigInt(committed) < 0n) return undefined;
  if (BigInt(committed) < BigInt(low)) return 'behind-earliest';
  if (BigInt(committed) > BigInt(high)) return 'beyond-latest';
  return undefined;
}

/** Whether the first message handed out after a join starts elsewhere than the committed offset (a reset). */
export function resetOnFirstFetch(committed: string, firstOffset: string): boolean {
  return BigInt(committed) >= 0n && BigInt(firstOffset) !== BigInt(committed);
}

/** One line for the log and health: topic, partition, committed offset and the earliest available. */
export function describeOffsetLoss(loss: OffsetLoss): string {
  return `${loss.topic}/${loss.partition}: committed offset ${loss.committedOffset}, earliest available ${loss.earliestAvailable}, latest ${loss.latestAvailable} (${loss.kind})`;
}
