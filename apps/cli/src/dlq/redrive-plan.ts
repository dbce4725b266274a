// Which of the selected dead letters to redrive, and why the others are skipped: already redriven
// (the redrive log says so) or not a valid event (it would only be dead-lettered again), each
// unless --force; an unreadable dead-letter message has no original to redrive at all.
import type { DeadLetterEntry } from './dead-letter-entry';
import { whyNotRedrivable } from './dead-letter-entry';

export type RedriveDecision =
  | { entry: DeadLetterEntry; action: 'redrive'; forced: boolean }
  | { entry: DeadLetterEntry; action: 'skip'; kind: 'already-redriven' | 'not-an-event' | 'unreadable'; why: string };

export function planRedrives(entries: readonly DeadLetterEntry[], options: { force: boolean }): RedriveDecision[] {
  return entries.map((entry): RedriveDecision => {
    if (entry.record === null) return { entry, action: 'skip', kind: 'unreadable', why: whyNotRedrivable(entry) ?? 'unreadable' };
    const invalid = whyNotRedrivable(entry);
    if (invalid !== undefined && !options.force)
      return { entry, action: 'skip', kind: 'not-an-event', why: `${invalid} (--force to redrive it anyway)` };
    if (entry.redrive !== undefined && !options.force) {
      const to = entry.redrive.redrivenTo;
      return {
        entry,
        action: 'skip',
        kind: 'already-redriven',
        why: `already redriven at ${entry.redrive.redrivenAt} to ${to.topic}[${to.partition}]@${to.offset} (--force to redrive it again; the consumer ignores an event it has handled)`,
      };
    }
    return { entry, action: 'redrive', forced: invalid !== undefined || entry.redrive !== undefined };
  });
}

/** The entries with the given ids (once each, in the order given), and the ids that name none. */
export function selectEntries(
  entries: readonly DeadLetterEntry[],
  ids: readonly string[],
): { selected: DeadLetterEntry[]; unknown: string[] } {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const unknown = ids.filter((id) => !byId.has(id));
  const selected = [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
  return { selected, unknown };
}
