// What a bank's overdue (逾期) or default (违约) report does to a loan. Pure: the caller reads the
// loan and writes the outcome. Dates are judged against the loan's own dates and today in China;
// every broken date rule comes back at once, before the state is looked at.
import { outsideFactDateIssues, type BackdatingBounds, type EarlierFact } from '@ipledger/calendar';
import type { FieldIssue, LoanStatus } from '@ipledger/contracts';
import type { Money } from '@ipledger/money';
import { refusalMessage, transition } from './loan-lifecycle';

export interface DelinquencyLoan {
  readonly loanId: string;
  readonly status: LoanStatus;
  readonly outstandingPrincipal: Money;
  readonly disbursedOn: string;
  /** From the latest overdue report; null if the loan was never reported overdue. */
  readonly overdueSince: string | null;
  /** The latest repayment's date; null before the first. */
  readonly lastRepaidOn: string | null;
}

export interface OverdueReport {
  readonly overdueSince: string;
  readonly daysPastDue: number;
  readonly overdueInterest: Money;
}

export interface DefaultReport {
  readonly defaultedOn: string;
  readonly accruedInterest: Money;
}

export interface DelinquencyOutcome {
  readonly statusBefore: LoanStatus;
  readonly statusAfter: LoanStatus;
  /** False for a later overdue report on an OVERDUE loan: the figures change, the state does not. */
  readonly changesStatus: boolean;
}

export type DelinquencyRefusal =
  | { readonly kind: 'invalid'; readonly issues: FieldIssue[] }
  | { readonly kind: 'illegal-transition'; readonly message: string; readonly currentState: string };

export type DelinquencyDecision = { readonly ok: true; readonly outcome: DelinquencyOutcome } | { readonly ok: false; readonly refusal: DelinquencyRefusal };

/** A loan falls overdue after its disbursement (repayments may still follow: it is not before them). */
export function decideOverdue(loan: DelinquencyLoan, report: OverdueReport, bounds: BackdatingBounds): DelinquencyDecision {
  const issues = outsideFactDateIssues('overdueSince', report.overdueSince, bounds, [disbursed(loan)]);
  if (issues.length > 0) return { ok: false, refusal: { kind: 'invalid', issues } };
  return decide(loan, 'report-overdue');
}

/**
 * A default follows the disbursement, the loan becoming overdue (if it did) and the last repayment:
 * the outstanding principal it carries is the one after them.
 */
export function decideDefault(loan: DelinquencyLoan, report: DefaultReport, bounds: BackdatingBounds): DelinquencyDecision {
  const follows: EarlierFact[] = [disbursed(loan)];
  if (loan.status === 'OVERDUE' && loan.overdueSince !== null) follows.push({ date: loan.overdueSince, what: 'the loan became overdue' });
  if (loan.lastRepaidOn !== null) follows.push({ date: loan.lastRepaidOn, what: 'the last repayment' });
  const issues = outsideFactDateIssues('defaultedOn', report.defaultedOn, bounds, follows);
  if (issues.length > 0) return { ok: false, refusal: { kind: 'invalid', issues } };
  const decision = decide(loan, 'report-default');
  // A loan that takes a default report still owes principal: at 0.00 it would have closed.
  if (decision.ok && !loan.outstandingPrincipal.isPositive()) {
    throw new Error(`loan ${loan.loanId} is ${loan.status} with outstanding principal ${loan.outstandingPrincipal.toString()}`);
  }
  return decision;
}

function decide(loan: DelinquencyLoan, command: 'report-overdue' | 'report-default'): DelinquencyDecision {
  const step = transition(loan.status, command);
  if (!step.ok) {
    return { ok: false, refusal: { kind: 'illegal-transition', message: refusalMessage(loan.loanId, step), currentState: step.currentState } };
  }
  return { ok: true, outcome: { statusBefore: loan.status, statusAfter: step.to, changesStatus: step.changesStatus } };
}

function disbursed(loan: DelinquencyLoan): EarlierFact {
  return { date: loan.disbursedOn, what: 'the loan was disbursed' };
}
