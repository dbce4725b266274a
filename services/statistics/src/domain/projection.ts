// Where the year will end, from the pace so far. Method (documented in docs/ARCHITECTURE.md):
// "same-month share of previous years" — in the previous years with data (up to three), the share
// of the full year's total that had been reached by the end of the same month; the projection is
// the year-to-date total divided by that share. Without history, a straight line: year-to-date ×
// 12 / months elapsed.
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

const cumulative = (months: readonly Money[], through: number) => Money.sum(months.slice(0, through));

export function projectYearEnd(current: YearMonths, throughMonth: number, history: readonly YearMonths[]): Projection {
  if (!Number.isInteger(throughMonth) || throughMonth < 1 || throughMonth > 12) throw new RangeError(`throughMonth is 1-12, got ${throughMonth}`);
  const yearToDate = cumulative(current.months, throughMonth);
  const usable = history
    .filter((year) => year.year < current.year && Money.sum(year.months).isPositive())
    .sort((a, b) => b.year - a.year)
    .slice(0, 3);
  const reached = Money.sum(usable.map((year) => cumulative(year.months, throughMonth)));
  const full = Money.sum(usable.map((year) => Money.sum(year.months)));
  if (usable.length > 0 && reached.isPositive()) {
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
