// 按日计息 in the service: which days the end-of-day servicing accrues on a loan, and how much of
// an interest repayment settles interest already accrued. Pure; the amounts of the days come from
// the loan's schedule (libs/loan-servicing's interest-accrual.ts), so however the days are grouped
// they add up to the schedule's interest to the fen.
import type { LocalDate } from '@ipledger/calendar';
import type { LoanStatus } from '@ipledger/contracts';
import { Money } from '@ipledger/money';

export interface AccruingLoan {
  readonly status: LoanStatus;
  readonly disbursedOn: LocalDate;
  readonly maturityDate: LocalDate;
  readonly closedOn: LocalDate | null;
  readonly defaultedOn: LocalDate | null;
  readonly interestAccruedUntil: LocalDate | null;
}

/** Days from `from` up to, not including, `until`. */
export interface AccrualWindow {
  readonly from: LocalDate;
  readonly until: LocalDate;
}

/**
 * The days to accrue on `today`: from the first not yet accrued (the disbursement day at first)
 * up to, not including, the first that may not be: today (a day is accrued once it has ended),
 * the maturity date, the day the loan closed (repaid or settled), or the day it defaulted (a
 * defaulted loan accrues no more interest in the books: 非应计, its interest is claimed, not
 * earned). Null when there is no such day.
 */
export function accrualWindow(loan: AccruingLoan, today: LocalDate): AccrualWindow | null {
  const from = loan.interestAccruedUntil ?? loan.disbursedOn;
  const ends = [today, loan.maturityDate, loan.closedOn, loan.defaultedOn].filter((day): day is LocalDate => day !== null);
  const until = ends.reduce((earliest, day) => (day < earliest ? day : earliest));
  return until > from ? { from, until } : null;
}

/**
 * How much of `interest` repaid settles accrued interest not yet settled: at most what is
 * accrued and unsettled. The rest (penalty interest, interest paid before its days ended) is the
 * bank's income at once.
 */
export function accruedInterestSettledBy(interest: Money, accrued: Money, settledBefore: Money): Money {
  return Money.min(interest, Money.max(accrued.minus(settledBefore), Money.zero()));
}
