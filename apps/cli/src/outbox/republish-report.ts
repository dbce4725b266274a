// What `ipledger outbox republish` says: a table of the events queued per service and topic, where
// the republished messages begin on each partition, and what to do next.
import type { Table } from '../render';
import type { RepublishResult } from './republish-request';

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
  return [...result.partitionEnds.entries()].map(([topic, ends]) => `  ${topic}: ${ends.map((end) => `[${end.partition}] ${end.offset}`).join(', ')}`);
}

/** The lines under the table. */
export function republishSummary(result: RepublishResult): string[] {
  const total = result.ranges.reduce((sum, range) => sum + range.events, 0);
  const services = [...new Set(result.ranges.map((range) => range.service))];
  const kept = [...result.oldest.entries()].map(([service, oldest]) =>
    oldest === undefined ? `${service}: empty` : `${service}: from position ${oldest.position} (${oldest.createdAt.toISOString()})`,
  );
  const lines = [`every outbox keeps every event it ever wrote (nothing prunes them): ${kept.join('; ')}`];
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
    "progress: each service's /health shows checks.outbox.republishing (rows still to send); docs/operations.md, \"Restoring topics after a broker loss\"",
  );
  return lines;
}
