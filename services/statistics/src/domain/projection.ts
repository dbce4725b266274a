// Where the year will end, from the pace so far. Method (documented in docs/ARCHITECTURE.md):
// "same-month share of previous years" — in the previous years with data (up to three), the share
// of the full year's total that had been reached by the end of the same month; the projection is
// the year-to-date total divided by that share. Without history, or when that share is under
// MIN_HISTORICAL_SHARE_PERCENT (a few fen in January of a year of 亿元 says nothing about the pace,
// and dividing by it would scale one bank's figures by millions), a straight line: year-to-date ×
// 12 / months elapsed. Either way the projection is at most 100 × the year to date.
import { Money, percentOf, scaleBy } from '@ipledger/money';

export interface YearMonths {
  readonly year: number;
  /** Index 0 = January; amount recorded in each month. */
  readonly months: readonly Money[];
}

export interface Projection {
  readonly yearToDate: Money;
  readonly throughMonth: number;
  readonly projected: Money;
  readonly method: 'same-month-share' | 'linear';
  /** The share of a year reached by this month in the years used, in percent (same-month-share only). */
  readonly historicalSharePercent: string | null;
  readonly yearsUsed: readonly number[];
}

/** Below this share of a year reached by the same month, the history is not used. */
export const MIN_HISTORICAL_SHARE_PERCENT = 1;

const cumulative = (months: readonly Money[], through: number) => Money.sum(months.slice(0, through));

export function projectYearEnd(current: YearMonths, throughMonth: number, history: readonly YearMonths[]): Projection {
  if (!Number.isInteger(throughMonth) || throughMonth < 1 || throughMonth > 12)
    throw new RangeError(`throughMonth is 1-12, got ${throughMonth}`);
  const yearToDate = cumulative(current.months, throughMonth);
  const usable = history
    .filter((year) => year.year < current.year && Money.sum(year.months).isPositive())
    .sort((a, b) => b.year - a.year)
    .slice(0, 3);
  const reached = Money.sum(usable.map((year) => cumulative(year.months, throughMonth)));
  const full = Money.sum(usable.map((year) => Money.sum(year.months)));
  if (usable.length > 0 && reached.isPositive() && reached.times(`${100 / MIN_HISTORICAL_SHARE_PERCENT}`).gte(full)) {
    return {
      yearToDate,
      throughMonth,
      projected: scaleBy(yearToDate, full, reached),
      method: 'same-month-share',
      historicalSharePercent: percentOf(reached, full),
      yearsUsed: usable.map((year) => year.year),
    };
  }
  return {
    yearToDate,
    throughMonth,
    projected: scaleBy(yearToDate, Money.of('12.00'), Money.of(`${throughMonth}.00`)),
    method: 'linear',
    historicalSharePercent: null,
    yearsUsed: [],
  };
}
