// Posting rules for subsidies (扶持政策: 贴息, 评估费/担保费/保险费补贴; docs/subsidies.md): a
// scheme's approval of an application and its payout to the borrower. One event in, one balanced
// entry (or nothing, when the event moves no money) out; pure functions over the chart
// (chart-of-accounts.ts), every entry checked by assertPostable.
//
// The life of an approved subsidy S in the scheme's books:
//   approval   Dr scheme:<s>:subsidy-expense:<budgetYear>   Cr scheme:<s>:subsidy-payable   S
//   payout     Dr scheme:<s>:subsidy-payable                Cr scheme:<s>:cash              S
// The payable is 0.00 again once the subsidy is paid. The scheme's cash is a clearing account: the
// ledger never sees the scheme's budget come in, so it goes below zero by what was paid out. The
// borrower has no account; the subsidy leaves the programme through the scheme's cash.
//
// Both events travel on the subsidy topic keyed by the scheme, so an approval is always posted
// before the payout that pays it: the payout's entry builds on nothing from another topic.
import type { EventEnvelope } from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { accounts } from './chart-of-accounts';
import { entry, entryUnlessNothingMoves, leg } from './entry-drafting';
import type { JournalEntryDraft } from './journal-entry';

/**
 * 补贴核定 (approval): the scheme owes the borrower what it approved, charged to the budget year of
 * the approval (Dr scheme subsidy-expense of the year / Cr scheme subsidy-payable). An approval of
 * 0.00 (a cap or the budget left nothing) moves no money: null, nothing is posted.
 */
export function subsidyApprovedEntry(event: EventEnvelope<'SubsidyApproved'>): JournalEntryDraft | null {
  const { applicationId, schemeId, schemeVersion, kind, loanId, bankOrgId, budgetYear, approvedOn, amountPaid, approvedAmount } =
    event.payload;
  const approved = Money.of(approvedAmount);
  return entryUnlessNothingMoves(event, {
    description: `Subsidy application ${applicationId} (${kind}) on loan ${loanId} of ${bankOrgId} approved by scheme ${schemeId} v${schemeVersion}: ${approved.toString()} of ${Money.of(amountPaid).toString()} paid, charged to budget year ${budgetYear}`,
    effectiveDate: approvedOn,
    postings: [
      ...leg(accounts.schemeForYear(schemeId, 'subsidy-expense', budgetYear), 'DEBIT', approved),
      ...leg(accounts.scheme(schemeId, 'subsidy-payable'), 'CREDIT', approved),
    ],
  });
}

/**
 * 补贴拨付 (payout): the scheme pays the borrower the approved subsidy. Its payable goes down and
 * the money leaves the programme through the scheme's cash (Dr scheme subsidy-payable / Cr scheme
 * cash). The payable may not go negative: a payout of more than was approved is refused.
 */
export function subsidyPaidEntry(event: EventEnvelope<'SubsidyPaid'>): JournalEntryDraft {
  const { applicationId, schemeId, kind, loanId, bankOrgId, borrowerUscc, budgetYear, amount, paidOn, paymentReference } = event.payload;
  const paid = Money.of(amount);
  return entry(event, {
    description: `Scheme ${schemeId} paid ${paid.toString()} to borrower ${borrowerUscc} for subsidy application ${applicationId} (${kind}) on loan ${loanId} of ${bankOrgId} (budget year ${budgetYear}, payment ${paymentReference})`,
    effectiveDate: paidOn,
    postings: [
      ...leg(accounts.scheme(schemeId, 'subsidy-payable'), 'DEBIT', paid),
      ...leg(accounts.scheme(schemeId, 'cash'), 'CREDIT', paid),
    ],
  });
}
