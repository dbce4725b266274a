// What `ipledger outbox republish` says: a table of the events queued per service and topic, where
// the republished messages begin on each partition, what to do next, and a warning for each outbox
// that no longer reaches back to the range's start (retention pruned it).
import type { Table } from '../render';
import { describeBound, type RangeBound } from './republish-range';
import type { OldestKept, RepublishResult } from './republish-request';

export function republishTable(result: RepublishResult): Table {
  return {
    headers: ['service', 'topic', 'events', 'positions', 'first created', 'last created'],
    rows: result.ranges.map((range) => [
      range.service,
      range.topic,
      range.events,
      range.firstPosition === range.lastPosition ? range.firstPosition : `${range.firstPosition}-${range.lastPosition}`,
      range.firstCreatedAt.toISOString(),
      range.lastCreatedAt.toISOString(),
    ]),
    alignRight: [2],
  };
}

/** Per topic: "topic: [0] 12, [1] 7, [2] 9", the offsets where the republished messages begin. */
export function partitionEndLines(result: RepublishResult): string[] {
  return [...result.partitionEnds.entries()].map(
    ([topic, ends]) => `  ${topic}: ${ends.map((end) => `[${end.partition}] ${end.offset}`).join(', ')}`,
  );
}

/**
 * Whether the range starts before the oldest row the service's outbox still keeps (or it keeps
 * none). An outbox that still holds position 1, its first row, has lost nothing to retention.
 */
function startsBeforeOldest(from: RangeBound, oldest: OldestKept | undefined): boolean {
  if (oldest === undefined) return true;
  if (oldest.position === '1') return false;
  return from.kind === 'time' ? from.at < oldest.createdAt : from.id < BigInt(oldest.position);
}

/**
 * One line per service whose outbox no longer reaches back to --from: retention pruned what was
 * published before its oldest row (OUTBOX_RETENTION_DAYS), and only kept rows can be republished.
 */
export function retentionWarnings(result: RepublishResult, from: RangeBound): string[] {
  return [...result.oldest.entries()]
    .filter(([, oldest]) => startsBeforeOldest(from, oldest))
    .map(([service, oldest]) => {
      const start = `warning: ${service}: --from ${describeBound(from)}`;
      const why =
        'published events are pruned after the services\' OUTBOX_RETENTION_DAYS and cannot be republished (docs/operations.md, "Retention")';
      return oldest === undefined
        ? `${start}, but its outbox keeps no events: whatever it published in the range, if anything, was pruned; ${why}`
        : `${start} is before the oldest event its outbox keeps (position ${oldest.position}, ${oldest.createdAt.toISOString()}): events from before it, if any, were pruned; ${why}`;
    });
}

/** The lines under the table; `from` is the range's start (to say when retention pruned part of it). */
export function republishSummary(result: RepublishResult, from?: RangeBound): string[] {
  const total = result.ranges.reduce((sum, range) => sum + range.events, 0);
  const services = [...new Set(result.ranges.map((range) => range.service))];
  const kept = [...result.oldest.entries()].map(([service, oldest]) =>
    oldest === undefined ? `${service}: empty` : `${service}: from position ${oldest.position} (${oldest.createdAt.toISOString()})`,
  );
  const lines = [
    `the outboxes keep the events retention left (published events older than OUTBOX_RETENTION_DAYS are pruned): ${kept.join('; ')}`,
    ...(from === undefined ? [] : retentionWarnings(result, from)),
  ];
  if (total === 0) {
    lines.push('no published events in that range: nothing to republish');
    return lines;
  }
  const what = `${total} event${total === 1 ? '' : 's'} of ${services.length} service${services.length === 1 ? '' : 's'} (${services.join(', ')})`;
  if (result.dryRun) {
    lines.push(`dry run: would queue ${what} for republishing; nothing was marked`);
    return lines;
  }
  lines.push(
    `queued ${what} for republishing: each service's relay publishes them again, in outbox order, under their event ids, signed with its own key`,
    'the republished messages begin at these offsets (move a consumer group whose partition lost records there, with its service stopped):',
    ...partitionEndLines(result),
    'progress: each service\'s /health shows checks.outbox.republishing (rows still to send); docs/operations.md, "Restoring topics after a broker loss"',
  );
  return lines;
}
