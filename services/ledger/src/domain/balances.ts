// Balances derive from postings only: an account's running debits and credits plus the legs of
// the entry being posted. An account that may not go negative is checked here, at posting time.
import { Money } from '@ipledger/money';
import type { Direction } from './chart-of-accounts';
import type { JournalEntryDraft } from './journal-entry';

export interface AccountTotals {
  code: string;
  normalSide: Direction;
  allowNegative: boolean;
  /** Two-decimal strings. */
  debitsPosted: string;
  creditsPosted: string;
}

/** The balance signed on the normal side: positive means "as the account type expects". */
export function balanceOf(account: Pick<AccountTotals, 'normalSide' | 'debitsPosted' | 'creditsPosted'>): Money {
  const debits = Money.of(account.debitsPosted);
  const credits = Money.of(account.creditsPosted);
  return account.normalSide === 'DEBIT' ? debits.minus(credits) : credits.minus(debits);
}

export class PostingRefusedError extends Error {
  constructor(
    readonly draft: Pick<JournalEntryDraft, 'eventId' | 'eventType'>,
    reason: string,
  ) {
    super(`${draft.eventType} ${draft.eventId} was not posted: ${reason}`);
    this.name = 'PostingRefusedError';
  }
}

/**
 * The accounts' totals after the draft's postings. Throws PostingRefusedError when an account
 * that may not go negative would end below zero on its normal side, or when a leg names an
 * account that is not among `before` (the caller must have locked every account it touches).
 */
export function applyPostings(before: readonly AccountTotals[], draft: JournalEntryDraft): AccountTotals[] {
  const byCode = new Map(before.map((account) => [account.code, { ...account }]));
  for (const posting of draft.postings) {
    const account = byCode.get(posting.accountCode);
    if (!account) throw new PostingRefusedError(draft, `account ${posting.accountCode} is not open`);
    const amount = Money.of(posting.amount);
    if (posting.direction === 'DEBIT') account.debitsPosted = Money.of(account.debitsPosted).plus(amount).toString();
    else account.creditsPosted = Money.of(account.creditsPosted).plus(amount).toString();
  }
  const after = [...byCode.values()];
  for (const account of after) {
    const balance = balanceOf(account);
    if (!account.allowNegative && balance.isNegative()) {
      const previous = before.find((candidate) => candidate.code === account.code);
      throw new PostingRefusedError(
        draft,
        `${account.code} would go to ${balance.toString()} (from ${previous ? balanceOf(previous).toString() : '0.00'}); ` +
          `it may not go below zero on its ${account.normalSide.toLowerCase()} side`,
      );
    }
  }
  return after;
}
