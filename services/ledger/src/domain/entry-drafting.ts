// The two helpers every posting rule builds its entry from: `leg` (one posting, or none for a zero
// amount) and `entry` (the draft, checked by assertPostable before it leaves the rule). Shared by
// the loan rules (posting-rules.ts), the compensation rules (compensation-posting-rules.ts) and
// the subsidy rules (subsidy-posting-rules.ts).
import { Money } from '@ipledger/money';
import type { Direction } from './chart-of-accounts';
import { assertPostable, type JournalEntryDraft, type PostingDraft } from './journal-entry';

/** The event an entry posts; its id is the entry's idempotency key. */
export type Cause = { eventId: string; type: string; correlationId: string };

type EntryFields = Pick<JournalEntryDraft, 'description' | 'effectiveDate' | 'postings' | 'buildsOn'>;

export function entry(cause: Cause, fields: EntryFields): JournalEntryDraft {
  return assertPostable({
    eventId: cause.eventId,
    eventType: cause.type,
    correlationId: cause.correlationId,
    reversesEntryId: null,
    ...fields,
  });
}

/**
 * The entry, or null when every leg was left out because every amount is zero: an event that
 * moves no money has nothing to post. (assertPostable refuses an entry without legs, and an
 * empty entry must never be posted.)
 */
export function entryUnlessNothingMoves(cause: Cause, fields: EntryFields): JournalEntryDraft | null {
  return fields.postings.length === 0 ? null : entry(cause, fields);
}

/** A leg of `amount`, or none when the amount is zero: a posting always moves money. */
export function leg(accountCode: string, direction: Direction, amount: Money): PostingDraft[] {
  if (amount.isNegative()) throw new RangeError(`a posting amount cannot be negative: ${accountCode} ${amount.toString()}`);
  return amount.isZero() ? [] : [{ accountCode, direction, amount: amount.toString() }];
}
