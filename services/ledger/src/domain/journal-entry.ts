// A journal entry before it is posted: plain data, checked against the ledger's invariants by
// assertPostable. A draft that breaks one is a bug in a posting rule and must never reach the
// database, so the check throws instead of returning a value to be handled.
import { Money } from '@ipledger/money';
import { describeAccount, type Direction } from './chart-of-accounts';

export interface PostingDraft {
  accountCode: string;
  direction: Direction;
  /** Yuan with exactly two decimals, strictly positive. */
  amount: string;
}

/**
 * A posting by an earlier event that an entry builds on, when that event travels on another topic
 * (Kafka does not order it with this one): the account its posting opened, and which event it is.
 * Until that account exists the entry waits instead of being refused (ledger.repository.ts).
 */
export interface EarlierPosting {
  accountCode: string;
  /** In words, for the log and a dead letter: e.g. "LoanDefaulted of loan ln_…". */
  event: string;
}

export interface JournalEntryDraft {
  /** The event that caused the entry; also the entry's idempotency key. */
  eventId: string;
  eventType: string;
  description: string;
  /** YYYY-MM-DD: the business date of the movement (disbursement date, repayment date, …). */
  effectiveDate: string;
  correlationId: string;
  /** Set only on a correction: the entry this one reverses. */
  reversesEntryId: string | null;
  postings: PostingDraft[];
  /** Earlier postings from another topic this entry needs in the ledger first (none for most). */
  buildsOn?: readonly EarlierPosting[];
}

/** Limits (TigerStyle): an entry with more legs than this is a bug, not a transaction. */
export const MAX_POSTINGS_PER_ENTRY = 64;
const MAX_DESCRIPTION_LENGTH = 500;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class UnbalancedEntryError extends Error {
  constructor(draft: Pick<JournalEntryDraft, 'eventId' | 'eventType'>, reason: string) {
    super(`journal entry for ${draft.eventType} ${draft.eventId} cannot be posted: ${reason}`);
    this.name = 'UnbalancedEntryError';
  }
}

export function totalOf(postings: readonly PostingDraft[], direction: Direction): Money {
  return Money.sum(postings.filter((posting) => posting.direction === direction).map((posting) => Money.of(posting.amount)));
}

/** Throws UnbalancedEntryError unless the draft is a well-formed, balanced entry. */
export function assertPostable(draft: JournalEntryDraft): JournalEntryDraft {
  const fail = (reason: string): never => {
    throw new UnbalancedEntryError(draft, reason);
  };
  if (draft.postings.length < 2) fail(`it has ${draft.postings.length} posting(s); an entry needs at least 2`);
  if (draft.postings.length > MAX_POSTINGS_PER_ENTRY) fail(`it has ${draft.postings.length} postings; at most ${MAX_POSTINGS_PER_ENTRY}`);
  if (!DATE.test(draft.effectiveDate)) fail(`effective date ${draft.effectiveDate} is not YYYY-MM-DD`);
  if (draft.description.length === 0 || draft.description.length > MAX_DESCRIPTION_LENGTH) {
    fail(`the description must have 1-${MAX_DESCRIPTION_LENGTH} characters`);
  }
  draft.postings.forEach((posting, index) => {
    describeAccount(posting.accountCode);
    if (posting.direction !== 'DEBIT' && posting.direction !== 'CREDIT')
      fail(`posting ${index} has direction ${String(posting.direction)}`);
    if (!Money.isMoneyString(posting.amount)) fail(`posting ${index} amount ${posting.amount} is not yuan with two decimals`);
    if (!Money.of(posting.amount).isPositive()) fail(`posting ${index} amount ${posting.amount} is not greater than zero`);
  });
  const debits = totalOf(draft.postings, 'DEBIT');
  const credits = totalOf(draft.postings, 'CREDIT');
  if (!debits.eq(credits)) fail(`debits ${debits.toString()} differ from credits ${credits.toString()}`);
  return draft;
}
