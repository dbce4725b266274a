// Posting rules for the loan's own flows (disbursement, repayment, default) and corrections: one
// money event in, one balanced journal entry out. Pure functions; the accounts come from the chart
// (chart-of-accounts.ts) and every entry is checked by assertPostable before it leaves this module.
// Risk compensation (budget, approval, payout, sharing back of disposal proceeds and the write-off)
// is posted by compensation-posting-rules.ts and subsidies (approval, payout) by
// subsidy-posting-rules.ts against the same chart; government contributions are laid out in
// docs/ARCHITECTURE.md ("Ledger") but not posted yet.
import type { EventEnvelope } from '@ipledger/contracts';
import { addDays } from '@ipledger/calendar';
import { Money } from '@ipledger/money';
import { accounts } from './chart-of-accounts';
import { entry, leg, type Cause } from './entry-drafting';
import { assertPostable, type JournalEntryDraft, type PostingDraft } from './journal-entry';

/** 放款: the bank lends the principal; the borrower now owes it (Dr loan principal / Cr bank cash). */
export function disbursementEntry(event: EventEnvelope<'LoanDisbursed'>): JournalEntryDraft {
  const { loanId, bankOrgId, principal, borrowerName, borrowerUscc, disbursedOn } = event.payload;
  const amount = Money.of(principal);
  return entry(event, {
    description: `Loan ${loanId} disbursed by ${bankOrgId} to ${borrowerName} (${borrowerUscc})`,
    effectiveDate: disbursedOn,
    postings: [...leg(accounts.loanPrincipal(bankOrgId, loanId), 'DEBIT', amount), ...leg(accounts.bankCash(bankOrgId), 'CREDIT', amount)],
  });
}

/**
 * 按日计息: the interest of the days the event names is the bank's income as it accrues, owed by
 * the borrower until paid (Dr loan interest-receivable / Cr bank interest-income).
 */
export function interestAccrualEntry(event: EventEnvelope<'LoanInterestAccrued'>): JournalEntryDraft {
  const { loanId, bankOrgId, accruedFrom, accruedUntil, days, amount } = event.payload;
  const interest = Money.of(amount);
  return entry(event, {
    description: `Interest accrued on loan ${loanId} of ${bankOrgId} for ${days} day(s) from ${accruedFrom} to ${accruedUntil} (exclusive)`,
    // The last day accrued: the day before accruedUntil.
    effectiveDate: addDays(accruedUntil, -1),
    postings: [
      ...leg(accounts.loanInterestReceivable(bankOrgId, loanId), 'DEBIT', interest),
      ...leg(accounts.bankInterestIncome(bankOrgId), 'CREDIT', interest),
    ],
  });
}

/**
 * 还款: principal and interest come back to the bank. Cash is debited with both; the principal
 * reduces what the borrower owes. The interest settles the interest receivable accrued so far
 * (`accruedInterestSettled`, decided by lending) and the rest (penalty interest, interest paid
 * before it accrued; all of it in events from before accruals) is income at once. A zero amount
 * leaves its leg out; a repayment of nothing at all is refused (it would post no money).
 */
export function repaymentEntry(event: EventEnvelope<'LoanRepaid'>): JournalEntryDraft {
  const { loanId, repaymentId, bankOrgId, principalAmount, interestAmount, repaidOn, accruedInterestSettled } = event.payload;
  const principal = Money.of(principalAmount);
  const interest = Money.of(interestAmount);
  const settled = Money.of(accruedInterestSettled ?? '0.00');
  if (settled.gt(interest)) {
    throw new Error(
      `repayment ${repaymentId}: accruedInterestSettled ${settled.toString()} is more than its interest ${interest.toString()}`,
    );
  }
  return entry(event, {
    description: `Repayment ${repaymentId} of loan ${loanId} to ${bankOrgId}: principal ${principal.toString()}, interest ${interest.toString()} (${settled.toString()} of it accrued before)`,
    effectiveDate: repaidOn,
    postings: [
      ...leg(accounts.bankCash(bankOrgId), 'DEBIT', principal.plus(interest)),
      ...leg(accounts.loanPrincipal(bankOrgId, loanId), 'CREDIT', principal),
      ...leg(accounts.loanInterestReceivable(bankOrgId, loanId), 'CREDIT', settled),
      ...leg(accounts.bankInterestIncome(bankOrgId), 'CREDIT', interest.minus(settled)),
    ],
  });
}

/**
 * 违约: the bank reported the loan in default. No money moves: the outstanding principal is
 * reclassified from performing to defaulted (Dr principal-defaulted / Cr principal), where it
 * stays until compensated, recovered or written off.
 */
export function defaultEntry(event: EventEnvelope<'LoanDefaulted'>): JournalEntryDraft {
  const { loanId, bankOrgId, outstandingPrincipal, defaultedOn, borrowerUscc } = event.payload;
  const amount = Money.of(outstandingPrincipal);
  return entry(event, {
    description: `Loan ${loanId} of ${bankOrgId} (borrower ${borrowerUscc}) in default: principal ${amount.toString()} reclassified as defaulted`,
    effectiveDate: defaultedOn,
    postings: [
      ...leg(accounts.loanPrincipalDefaulted(bankOrgId, loanId), 'DEBIT', amount),
      ...leg(accounts.loanPrincipal(bankOrgId, loanId), 'CREDIT', amount),
    ],
  });
}

/**
 * A correction: the same legs with debit and credit swapped, pointing at the entry it reverses.
 * Posted entries are never changed; this is how a mistake is undone.
 */
export function reversalEntry(
  original: { id: string; postings: readonly PostingDraft[] },
  cause: Cause,
  fields: { description: string; effectiveDate: string },
): JournalEntryDraft {
  return assertPostable({
    eventId: cause.eventId,
    eventType: cause.type,
    correlationId: cause.correlationId,
    reversesEntryId: original.id,
    description: fields.description,
    effectiveDate: fields.effectiveDate,
    postings: original.postings.map((posting) => ({
      accountCode: posting.accountCode,
      direction: posting.direction === 'DEBIT' ? 'CREDIT' : 'DEBIT',
      amount: posting.amount,
    })),
  });
}
