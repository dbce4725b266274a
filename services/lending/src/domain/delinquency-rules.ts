// What a bank's overdue (逾期) or default (违约) report does to a loan. Pure: the caller reads the
// loan and writes the outcome. Dates are judged against the loan's own dates and today in China;
// every broken date rule comes back at once, before the state is looked at.
import { daysBetween, outsideFactDateIssues, type BackdatingBounds, type EarlierFact } from '@ipledger/calendar';
import type { FieldIssue, LoanStatus } from '@ipledger/contracts';
import type { Money } from '@ipledger/money';
import { interestBoundIssue, type InterestHistory } from './interest-bounds';
import { refusalMessage, transition } from './loan-lifecycle';
import { scheduleDisagreements, type ScheduleArrears } from './schedule-arrears';

export interface DelinquencyLoan {
  readonly loanId: string;
  readonly status: LoanStatus;
  readonly outstandingPrincipal: Money;
  readonly disbursedOn: string;
  /** From the latest overdue report; null if the loan was never reported overdue. */
  readonly overdueSince: string | null;
  /** The latest repayment's date; null before the first. */
  readonly lastRepaidOn: string | null;
  /** Interest the bank has recorded as paid so far. */
  readonly interestPaid: Money;
  /** What bounds the interest it can have earned (interest-bounds.ts). */
  readonly interestHistory: InterestHistory;
}

/** The stable code of the days-past-due rule. */
export const DAYS_PAST_DUE_BEYOND_DATES = 'days-past-due-beyond-dates';

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
  | { readonly kind: 'illegal-transition'; readonly message: string; readonly currentState: string }
  | { readonly kind: 'rule-violated'; readonly message: string; readonly currentState: string; readonly details: FieldIssue[] };

export type DelinquencyDecision =
  { readonly ok: true; readonly outcome: DelinquencyOutcome } | { readonly ok: false; readonly refusal: DelinquencyRefusal };

/**
 * A loan falls overdue after its disbursement (repayments may still follow: it is not before them).
 * Its days past due count from the first overdue day to the report (today) inclusive, so they can
 * never be more than that; its overdue interest is unpaid interest, so no more than the loan can
 * have earned by today less what was paid. Then the report must agree with the loan's own schedule
 * (schedule-arrears.ts): something is overdue by it, not from an earlier day, with no more interest.
 */
export function decideOverdue(
  loan: DelinquencyLoan,
  report: OverdueReport,
  bounds: BackdatingBounds,
  arrears: ScheduleArrears,
): DelinquencyDecision {
  const issues: FieldIssue[] = outsideFactDateIssues('overdueSince', report.overdueSince, bounds, [disbursed(loan)]);
  if (issues.length === 0) {
    const possible = daysBetween(report.overdueSince, bounds.today) + 1;
    if (report.daysPastDue > possible) {
      issues.push({
        field: 'daysPastDue',
        code: DAYS_PAST_DUE_BEYOND_DATES,
        rule: `逾期天数 ${report.daysPastDue} 天超过逾期起始日 ${report.overdueSince} 至今日 ${bounds.today} 的 ${possible} 天`,
      });
    }
  }
  if (issues.length > 0) return { ok: false, refusal: { kind: 'invalid', issues } };
  const decision = decide(loan, 'report-overdue');
  if (!decision.ok) return decision;
  const interest = interestBoundIssue(
    'overdueInterest',
    '逾期利息',
    report.overdueInterest,
    loan.interestPaid,
    loan.interestHistory,
    bounds.today,
  );
  if (interest !== undefined)
    return { ok: false, refusal: { kind: 'rule-violated', message: interest.rule, currentState: loan.status, details: [interest] } };
  const disagreements = scheduleDisagreements(report, arrears);
  if (disagreements.length > 0) {
    const message = `逾期报告与还款计划不符：${disagreements.map((issue) => issue.rule).join('；')}`;
    return { ok: false, refusal: { kind: 'rule-violated', message, currentState: loan.status, details: disagreements } };
  }
  return decision;
}

/**
 * The schedule itself puts an ACTIVE loan OVERDUE once an instalment is left unpaid after its due
 * day (no bank report needed; the overdue sweep's figures are the schedule's). Null when there is
 * nothing to do: the loan is not ACTIVE (an OVERDUE loan's figures are read from its schedule,
 * a DEFAULTED or CLOSED one is past this), or nothing is overdue by the schedule.
 */
export function decideSlip(
  loan: Pick<DelinquencyLoan, 'loanId' | 'status'>,
  arrears: ScheduleArrears,
): Extract<DelinquencyDecision, { ok: true }> | null {
  if (loan.status !== 'ACTIVE' || arrears.overdueSince === null) return null;
  const decision = decide(loan, 'report-overdue');
  return decision.ok ? decision : null;
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
  // The accrued interest a claim may count: unpaid, so no more than the loan can have earned by the default less what was paid.
  const interest = interestBoundIssue(
    'accruedInterest',
    '违约时应计利息',
    report.accruedInterest,
    loan.interestPaid,
    loan.interestHistory,
    report.defaultedOn,
  );
  if (interest !== undefined)
    return { ok: false, refusal: { kind: 'rule-violated', message: interest.rule, currentState: loan.status, details: [interest] } };
  const decision = decide(loan, 'report-default');
  // A loan that takes a default report still owes principal: at 0.00 it would have closed.
  if (decision.ok && !loan.outstandingPrincipal.isPositive()) {
    throw new Error(`loan ${loan.loanId} is ${loan.status} with outstanding principal ${loan.outstandingPrincipal.toString()}`);
  }
  return decision;
}

function decide(loan: Pick<DelinquencyLoan, 'loanId' | 'status'>, command: 'report-overdue' | 'report-default'): DelinquencyDecision {
  const step = transition(loan.status, command);
  if (!step.ok) {
    return {
      ok: false,
      refusal: { kind: 'illegal-transition', message: refusalMessage(loan.loanId, step), currentState: step.currentState },
    };
  }
  return { ok: true, outcome: { statusBefore: loan.status, statusAfter: step.to, changesStatus: step.changesStatus } };
}

function disbursed(loan: DelinquencyLoan): EarlierFact {
  return { date: loan.disbursedOn, what: 'the loan was disbursed' };
}
