// What a repayment does to a loan: exact to the fen, never below zero, and the loan closes when
// its principal reaches exactly 0.00. Pure: the caller reads the loan and writes the outcome.
import { outsideFactDateIssues, type BackdatingBounds, type EarlierFact } from '@ipledger/calendar';
import type { FieldIssue, LoanStatus } from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { interestBoundIssue, type InterestHistory } from './interest-bounds';
import { refusalMessage, transition } from './loan-lifecycle';

export interface LoanBalance {
  readonly loanId: string;
  readonly status: LoanStatus;
  readonly outstandingPrincipal: Money;
  readonly interestPaid: Money;
  readonly disbursedOn: string;
  /** The latest repayment's date; null before the first. */
  readonly lastRepaidOn: string | null;
  /** What bounds the interest it can have earned (interest-bounds.ts). */
  readonly interestHistory: InterestHistory;
}

export interface Repayment {
  readonly principalAmount: Money;
  readonly interestAmount: Money;
  readonly repaidOn: string;
}

export interface RepaymentOutcome {
  readonly outstandingAfter: Money;
  readonly interestPaidAfter: Money;
  readonly statusAfter: LoanStatus;
  /** The repayment brought principal to 0.00: the loan closes on the day of the repayment. */
  readonly closes: boolean;
}

export type RepaymentRefusal =
  | { readonly kind: 'invalid'; readonly issues: FieldIssue[] }
  | { readonly kind: 'illegal-transition'; readonly message: string; readonly currentState: string }
  | { readonly kind: 'rule-violated'; readonly message: string; readonly currentState: string; readonly details?: FieldIssue[] };

export type RepaymentDecision =
  { readonly ok: true; readonly outcome: RepaymentOutcome } | { readonly ok: false; readonly refusal: RepaymentRefusal };

export function decideRepayment(loan: LoanBalance, repayment: Repayment, bounds: BackdatingBounds): RepaymentDecision {
  const issues = checkRepaymentDate(loan, repayment.repaidOn, bounds);
  if (issues.length > 0) return { ok: false, refusal: { kind: 'invalid', issues } };

  const repay = transition(loan.status, 'repay');
  if (!repay.ok) {
    return {
      ok: false,
      refusal: { kind: 'illegal-transition', message: refusalMessage(loan.loanId, repay), currentState: repay.currentState },
    };
  }
  if (repayment.principalAmount.gt(loan.outstandingPrincipal)) {
    return {
      ok: false,
      refusal: {
        kind: 'rule-violated',
        message: `repayment of principal ${repayment.principalAmount} exceeds the outstanding ${loan.outstandingPrincipal} of loan ${loan.loanId}`,
        currentState: loan.status,
      },
    };
  }

  // Interest paid so far plus this payment: no more than the outstanding principal can have earned
  // at the contract rate with penalty interest, from the disbursement to the repayment date.
  const interestIssue = interestBoundIssue(
    'interestAmount',
    '本次还息',
    repayment.interestAmount,
    loan.interestPaid,
    loan.interestHistory,
    repayment.repaidOn,
  );
  if (interestIssue !== undefined) {
    return {
      ok: false,
      refusal: { kind: 'rule-violated', message: interestIssue.rule, currentState: loan.status, details: [interestIssue] },
    };
  }

  const outstandingAfter = loan.outstandingPrincipal.minus(repayment.principalAmount);
  const interestPaidAfter = loan.interestPaid.plus(repayment.interestAmount);
  if (!outstandingAfter.isZero()) {
    return { ok: true, outcome: { outstandingAfter, interestPaidAfter, statusAfter: repay.to, closes: false } };
  }
  const close = transition(repay.to, 'close');
  if (!close.ok) throw new Error(`a loan that takes repayments must be closable: ${close.reason}`);
  return { ok: true, outcome: { outstandingAfter, interestPaidAfter, statusAfter: close.to, closes: true } };
}

/** A repayment follows the disbursement and the repayment before it; the bank dates it, within the bounds. */
/** The repayment date's rules: not in the future, not before the disbursement or the last repayment, within the backdating limit. */
export function checkRepaymentDate(loan: LoanBalance, repaidOn: string, bounds: BackdatingBounds): FieldIssue[] {
  const follows: EarlierFact[] = [{ date: loan.disbursedOn, what: 'the loan was disbursed' }];
  if (loan.lastRepaidOn !== null) follows.push({ date: loan.lastRepaidOn, what: 'the last repayment' });
  return outsideFactDateIssues('repaidOn', repaidOn, bounds, follows);
}
