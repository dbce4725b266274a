// The annual figure against the city's two yardsticks: the 100亿元 a year target and twice the
// base year's figure (seed 001: "翻一番" against 2015). Ratios are exact decimals rounded half-up
// once, for display, to two places of a percent.
import { Money, percentOf } from '@ipledger/money';
import { DEAL_CATEGORIES, type DealCategory } from './categories';

export interface CategoryTotal {
  readonly category: DealCategory;
  readonly count: number;
  readonly amount: Money;
}

export interface Yardsticks {
  /** Default 10,000,000,000.00 (100亿元). */
  readonly target: Money;
  readonly baseYear: number;
  readonly baseYearAmount: Money;
}

export interface AnnualReport {
  readonly year: number;
  readonly categories: readonly (CategoryTotal & { readonly previousAmount: Money; readonly growthPercent: string | null })[];
  readonly total: Money;
  readonly count: number;
  readonly previousTotal: Money;
  /** Year-over-year growth of the total in percent, e.g. "12.50"; null without a previous year. */
  readonly growthPercent: string | null;
  readonly target: Money;
  readonly targetProgressPercent: string;
  readonly doublingGoal: Money;
  readonly doublingProgressPercent: string;
  readonly baseYear: number;
}

export function growthPercent(current: Money, previous: Money): string | null {
  if (previous.isZero()) return null;
  return percentOf(current.minus(previous), previous);
}

export function annualReport(
  year: number,
  current: readonly CategoryTotal[],
  previous: readonly CategoryTotal[],
  yardsticks: Yardsticks,
): AnnualReport {
  const of = (totals: readonly CategoryTotal[], category: DealCategory) => totals.find((total) => total.category === category);
  const categories = DEAL_CATEGORIES.map((category) => {
    const now = of(current, category) ?? { category, count: 0, amount: Money.zero() };
    const before = of(previous, category)?.amount ?? Money.zero();
    return { ...now, previousAmount: before, growthPercent: growthPercent(now.amount, before) };
  });
  const total = Money.sum(categories.map((entry) => entry.amount));
  const previousTotal = Money.sum(categories.map((entry) => entry.previousAmount));
  const doublingGoal = yardsticks.baseYearAmount.times('2');
  return {
    year,
    categories,
    total,
    count: categories.reduce((sum, entry) => sum + entry.count, 0),
    previousTotal,
    growthPercent: growthPercent(total, previousTotal),
    target: yardsticks.target,
    targetProgressPercent: percentOf(total, yardsticks.target),
    doublingGoal,
    doublingProgressPercent: percentOf(total, doublingGoal),
    baseYear: yardsticks.baseYear,
  };
}
