// How dead letters are shown: a table (errors shortened) or JSON for `dlq list`, and the whole
// record as pretty JSON for `dlq show` (the original value parsed when it is JSON).
import type { Table } from '../render';
import { reasonOf, type DeadLetterEntry } from './dead-letter-entry';

export const LIST_FORMATS = ['table', 'json'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/** One line of `text`, at most `max` characters (an ellipsis marks a cut). */
export function shorten(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

function eventLabel(entry: DeadLetterEntry): string {
  if (entry.event.type === undefined) return '—';
  return entry.event.version === undefined ? entry.event.type : `${entry.event.type} v${entry.event.version}`;
}

export function listTable(entries: readonly DeadLetterEntry[]): Table {
  return {
    headers: ['id', 'event', 'event id', 'reason', 'attempts', 'failed at', 'redriven', 'error'],
    alignRight: [4],
    rows: entries.map((entry) => [
      entry.id,
      eventLabel(entry),
      entry.event.eventId ?? '—',
      reasonOf(entry),
      entry.record?.attempts ?? '—',
      entry.record?.failedAt ?? '—',
      entry.redrive === undefined ? 'no' : entry.redrive.redrivenAt,
      shorten(entry.record?.error ?? entry.unreadable ?? ''),
    ]),
  };
}

export function listJson(entries: readonly DeadLetterEntry[]): unknown[] {
  return entries.map((entry) => ({
    id: entry.id,
    consumer: entry.where.consumer,
    consumerGroup: entry.record?.consumerGroup ?? null,
    source:
      entry.record === null
        ? null
        : { topic: entry.record.sourceTopic, partition: entry.record.sourcePartition, offset: entry.record.sourceOffset },
    type: entry.event.type ?? null,
    eventId: entry.event.eventId ?? null,
    version: entry.event.version ?? null,
    reason: reasonOf(entry),
    error: entry.record?.error ?? entry.unreadable ?? null,
    attempts: entry.record?.attempts ?? null,
    failedAt: entry.record?.failedAt ?? null,
    redriven: entry.redrive !== undefined,
    redrivenAt: entry.redrive?.redrivenAt ?? null,
  }));
}

/** The whole record; originalValue parsed when it is JSON (as originalValueRaw when it is not). */
export function showJson(entry: DeadLetterEntry): Record<string, unknown> {
  const where = { id: entry.id, deadLetterTopicPartition: entry.where.partition, deadLetterTopicOffset: entry.where.offset };
  if (entry.record === null) return { ...where, unreadable: entry.unreadable, raw: entry.raw };
  const { originalValue, ...rest } = entry.record;
  let value: Record<string, unknown>;
  try {
    value = { originalValue: JSON.parse(originalValue) as unknown };
  } catch {
    value = { originalValueRaw: originalValue };
  }
  return { ...where, ...rest, ...value, redrive: entry.redrive ?? null };
}

export function summaryLine(entries: readonly DeadLetterEntry[], missingTopics: readonly string[]): string {
  const redriven = entries.filter((entry) => entry.redrive !== undefined).length;
  const missing = missingTopics.length === 0 ? '' : ` (no topic ${missingTopics.join(', ')})`;
  return `${entries.length} dead letter${entries.length === 1 ? '' : 's'}, ${redriven} redriven${missing}`;
}
