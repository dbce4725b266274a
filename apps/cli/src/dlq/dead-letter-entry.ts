// One message of a dead-letter topic as the commands see it: its id, the DeadLetter record (or
// why the message is not one), what the original message says it is, and whether it was redriven.
import { DeadLetterSchema, parseEvent, type ConsumerName, type DeadLetter } from '@ipledger/contracts';
import { formatDeadLetterId, type DeadLetterId } from './dead-letter-id';
import type { RedriveRecord } from './redrive-log';

export interface DeadLetterEntry {
  id: string;
  where: DeadLetterId;
  /** The record; null when the message on the dead-letter topic is not a DeadLetter. */
  record: DeadLetter | null;
  /** The raw message value when it is not a DeadLetter record. */
  raw: string;
  /** Why the message is not a DeadLetter record. */
  unreadable?: string;
  /** What the original message says of itself, when it is JSON with these fields. */
  event: { type?: string; eventId?: string; version?: number };
  /** The last redrive of this dead letter, if any. */
  redrive?: RedriveRecord;
}

/** Builds the entry of a message read from `consumer`'s dead-letter topic. */
export function toDeadLetterEntry(consumer: ConsumerName, partition: number, offset: string, value: string): DeadLetterEntry {
  const where = { consumer, partition, offset };
  const base = { id: formatDeadLetterId(where), where, raw: value };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (error) {
    return { ...base, record: null, unreadable: `not JSON: ${(error as Error).message}`, event: {} };
  }
  const parsed = DeadLetterSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ...base,
      record: null,
      unreadable: `not a dead-letter record: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ')}`,
      event: {},
    };
  }
  return { ...base, record: parsed.data, event: eventFacts(parsed.data.originalValue) };
}

/** type, eventId and version of an original message, as far as it is JSON with such fields. */
export function eventFacts(originalValue: string): DeadLetterEntry['event'] {
  let json: unknown;
  try {
    json = JSON.parse(originalValue);
  } catch {
    return {};
  }
  if (typeof json !== 'object' || json === null) return {};
  const { type, eventId, version } = json as Record<string, unknown>;
  return {
    ...(typeof type === 'string' ? { type } : {}),
    ...(typeof eventId === 'string' ? { eventId } : {}),
    ...(typeof version === 'number' ? { version } : {}),
  };
}

/** The reason shown for an entry: the record's reason, or `unreadable`. */
export function reasonOf(entry: DeadLetterEntry): string {
  return entry.record?.reason ?? 'unreadable';
}

/**
 * Why the original message would only come back to the dead-letter topic (it is not a valid
 * event of today's catalogue), or undefined when it is a valid event that may be redriven.
 */
export function whyNotRedrivable(entry: DeadLetterEntry): string | undefined {
  if (entry.record === null)
    return `the message on the dead-letter topic is unreadable (${entry.unreadable ?? 'not a dead-letter record'})`;
  const parsed = parseEvent(entry.record.originalValue);
  if (parsed.ok) return undefined;
  return `the original message is not a valid event (${parsed.reason}: ${parsed.message}); redriven, it would only come back to the dead-letter topic`;
}

export interface DeadLetterFilter {
  consumer?: ConsumerName;
  reason?: string;
}

export function matchesFilter(entry: DeadLetterEntry, filter: DeadLetterFilter): boolean {
  if (filter.consumer !== undefined && entry.where.consumer !== filter.consumer) return false;
  if (filter.reason !== undefined && reasonOf(entry) !== filter.reason) return false;
  return true;
}

/** Entries in a stable order: consumer, then partition, then offset. */
export function sortEntries(entries: readonly DeadLetterEntry[]): DeadLetterEntry[] {
  return [...entries].sort(
    (a, b) =>
      a.where.consumer.localeCompare(b.where.consumer) ||
      a.where.partition - b.where.partition ||
      (BigInt(a.where.offset) < BigInt(b.where.offset) ? -1 : BigInt(a.where.offset) > BigInt(b.where.offset) ? 1 : 0),
  );
}
