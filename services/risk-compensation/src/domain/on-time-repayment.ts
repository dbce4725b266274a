// How late a loan was during a period, from what the bank reported (LoanOverdue) and its default:
// the on-time-repayment rule of subsidy schemes (not-eligible:late-repayment) reads it.
//
// A report says the loan was overdue from `overdueSince` and `daysPastDue` days past due on
// `reportedOn`; it touches the period when that overdue span [overdueSince, reportedOn] meets the
// period [from, to]. A default on or before the period's end counts as late whatever was reported.
import type { LocalDate } from '@ipledger/calendar';

export interface OverdueReport {
  readonly overdueSince: LocalDate;
  readonly reportedOn: LocalDate;
  readonly daysPastDue: number;
}

/** Days past due a default counts as, when no report says more (the 90 days after which a loan is non-performing). */
export const DEFAULT_DAYS_PAST_DUE = 90;

/** The most days past due the loan reached in [from, to] (0: always on time). */
export function maxDaysPastDueIn(
  reports: readonly OverdueReport[],
  period: { readonly from: LocalDate; readonly to: LocalDate },
  defaultedOn: LocalDate | null,
): number {
  const touching = reports.filter((report) => report.overdueSince <= period.to && report.reportedOn >= period.from);
  const reported = Math.max(0, ...touching.map((report) => report.daysPastDue));
  return defaultedOn !== null && defaultedOn <= period.to ? Math.max(reported, DEFAULT_DAYS_PAST_DUE) : reported;
}
