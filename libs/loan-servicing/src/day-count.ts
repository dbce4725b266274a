// How many days of interest a period carries and what one day is worth (计息规则). Days are actual
// calendar days counted 算头不算尾 (from the first day up to, not including, the last), divided by
// the year basis of the loan's convention:
//   ACT/360: 日利率 = 年利率 / 360, what Chinese banks use for loans (the default);
//   ACT/365: 日利率 = 年利率 / 365, for contracts that say so.
// Interest for a stretch of days is computed exactly and rounded once, half-up to the fen, by the
// money library; nothing here rounds.
import { daysBetween, type LocalDate } from '@ipledger/calendar';
import { Dec, Money, type Rate } from '@ipledger/money';

export const DAY_COUNTS = ['ACT/360', 'ACT/365'] as const;
export type DayCount = (typeof DAY_COUNTS)[number];

/** What Chinese banks use for a loan's daily rate. */
export const DEFAULT_DAY_COUNT: DayCount = 'ACT/360';

/** The days of the year basis: 360 or 365. */
export function yearBasis(dayCount: DayCount): number {
  return dayCount === 'ACT/360' ? 360 : 365;
}

/** The daily rate as an exact decimal: annual rate ÷ the year basis. */
export function dailyRate(annualRate: Rate, dayCount: DayCount): Dec {
  return new Dec(annualRate.toString()).dividedBy(yearBasis(dayCount));
}

/** Interest on `principal` for `days` days at `annualRate`: principal × rate × days ÷ basis, rounded once to the fen. */
export function interestForDays(principal: Money, annualRate: Rate, days: number, dayCount: DayCount): Money {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, got ${days}`);
  return principal.times(dailyRate(annualRate, dayCount).times(days));
}

/** Interest on `principal` from `from` up to, not including, `to`. */
export function interestBetween(principal: Money, annualRate: Rate, from: LocalDate, to: LocalDate, dayCount: DayCount): Money {
  return interestForDays(principal, annualRate, daysBetween(from, to), dayCount);
}
