// The statistics as the API answers them, read from the rollups and counters only (a year's few
// dozen rows), measured against the configured yardsticks.
import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import type {
  AnnualStatisticsResponse,
  BreakdownResponse,
  MonthlyStatisticsResponse,
  ProjectionResponse,
  StatFigures,
  SubsidyStatistics,
  SubsidyStatisticsRow,
} from '@ipledger/contracts';
import { Money, roundHalfUp } from '@ipledger/money';
import { Clock } from '@ipledger/service-kit';
import { annualReport, type CategoryTotal } from './domain/annual-report';
import { CATEGORY_LABELS, DEAL_CATEGORIES, type DealCategory } from './domain/categories';
import { percentile } from './domain/durations';
import { SUBSIDY_KIND_LABELS, valueLabel } from './domain/labels';
import { projectYearEnd, type YearMonths } from './domain/projection';
import { subsidyReport, type SubsidyFigures, type SubsidyReport, type SubsidyRow } from './domain/subsidies';
import { earlyWarnings } from './domain/warnings';
import { RollupsRepository, type CounterRow, type Metric, type RollupRow } from './rollups.repository';
import { statAmount } from './stat-amount';
import { STATISTICS_CONFIG, yardsticksOf, type StatisticsConfig } from './statistics.config';

/** How many previous years the projection learns the seasonal pace from. */
const PROJECTION_HISTORY_YEARS = 3;

@Injectable()
export class StatisticsService {
  constructor(
    private readonly rollups: RollupsRepository,
    @Inject(STATISTICS_CONFIG) private readonly config: StatisticsConfig,
    private readonly clock: Clock,
  ) {}

  async annual(year: number): Promise<AnnualStatisticsResponse> {
    // Five independent reads, side by side on the pool's connections.
    const [totals, counters, durations, budgets, subsidies] = await Promise.all([
      this.rollups.rollups([year, year - 1], 'total'),
      this.rollups.counters([year]),
      this.rollups.durations(year),
      this.rollups.budgets(year),
      this.rollups.subsidyRollups(year),
    ]);
    const report = annualReport(year, categoryTotals(totals, year), categoryTotals(totals, year - 1), yardsticksOf(this.config));
    const counter = (metric: Metric) => counterOf(counters, year, metric);
    return {
      year,
      categories: report.categories.map((entry) => ({
        category: entry.category,
        label: CATEGORY_LABELS[entry.category],
        count: entry.count,
        amount: statAmount(entry.amount),
        previousAmount: statAmount(entry.previousAmount),
        growthPercent: entry.growthPercent,
      })),
      total: statAmount(report.total),
      count: report.count,
      growthPercent: report.growthPercent,
      target: statAmount(report.target),
      targetProgressPercent: report.targetProgressPercent,
      baseYear: report.baseYear,
      doublingGoal: statAmount(report.doublingGoal),
      doublingProgressPercent: report.doublingProgressPercent,
      pledges: {
        applications: counter('pledge-applications').count,
        registrations: counter('pledge-registrations').count,
        medianDaysToRegistration: percentile(durations, 50),
        p90DaysToRegistration: percentile(durations, 90),
      },
      loans: {
        disbursed: counter('loans-disbursed').count,
        defaulted: counter('loans-defaulted').count,
        defaultRatePercent: defaultRate(counters, year),
      },
      compensation: {
        approved: statAmount(counter('compensation-approved').amount),
        paid: statAmount(counter('compensation-paid').amount),
        recovered: statAmount(counter('compensation-recovered').amount),
        budgetAppropriated: statAmount(Money.sum(budgets.map((budget) => budget.budget))),
        budgetUsed: statAmount(Money.sum(budgets.map((budget) => budget.used))),
      },
      subsidies: subsidyStatistics(subsidyReport(year, subsidies)),
    };
  }

  async breakdown(year: number, by: BreakdownResponse['by']): Promise<BreakdownResponse> {
    let rows: BreakdownResponse['rows'];
    if (by === 'category') {
      const totals = categoryTotals(await this.rollups.rollups([year], 'total'), year);
      rows = DEAL_CATEGORIES.map((category) => {
        const total = totals.find((entry) => entry.category === category);
        return {
          key: category,
          label: CATEGORY_LABELS[category],
          count: total?.count ?? 0,
          amount: statAmount(total?.amount ?? Money.zero()),
        };
      });
    } else {
      const grouped = new Map<string, { count: number; amount: Money }>();
      for (const row of await this.rollups.rollups([year], by)) {
        const sum = grouped.get(row.value) ?? { count: 0, amount: Money.zero() };
        grouped.set(row.value, { count: sum.count + row.count, amount: sum.amount.plus(row.amount) });
      }
      rows = [...grouped.entries()]
        .filter(([, sum]) => sum.count !== 0 || !sum.amount.isZero())
        .sort(([keyA, a], [keyB, b]) => (a.amount.eq(b.amount) ? keyA.localeCompare(keyB) : b.amount.gt(a.amount) ? 1 : -1))
        .map(([key, sum]) => ({ key, label: valueLabel(by, key), count: sum.count, amount: statAmount(sum.amount) }));
    }
    return { year, by, rows, total: statAmount(Money.sum(rows.map((row) => Money.of(row.amount.yuan)))) };
  }

  async monthly(year: number): Promise<MonthlyStatisticsResponse> {
    const months = monthsByCategory(await this.rollups.rollups([year], 'total'), year);
    return {
      year,
      rows: Array.from({ length: 12 }, (_, index) => {
        const of = (category: DealCategory) => months.get(category)?.[index] ?? Money.zero();
        return {
          month: index + 1,
          licensing: statAmount(of('licensing')),
          transfer: statAmount(of('transfer')),
          capitalContribution: statAmount(of('capital-contribution')),
          pledgeFinancing: statAmount(of('pledge-financing')),
          total: statAmount(Money.sum(DEAL_CATEGORIES.map(of))),
        };
      }),
    };
  }

  async projection(year: number, today: string = this.clock.today()): Promise<ProjectionResponse> {
    const history = Array.from({ length: PROJECTION_HISTORY_YEARS }, (_, index) => year - PROJECTION_HISTORY_YEARS + index);
    const totals = await this.rollups.rollups([...history, year], 'total');
    const monthTotals = (of: number): YearMonths => ({ year: of, months: totalMonths(totals, of) });
    const currentYear = Number(today.slice(0, 4));
    const throughMonth = year === currentYear ? Number(today.slice(5, 7)) : 12;
    const projection = projectYearEnd(monthTotals(year), throughMonth, history.map(monthTotals));
    const target = Money.of(this.config.STATISTICS_TARGET);
    const counters = await this.rollups.counters([year, year - 1]);
    const warnings = earlyWarnings({
      yearElapsedPercent: yearElapsedPercent(year, today),
      budgets: await this.rollups.budgets(year),
      defaultRatePercent: defaultRate(counters, year),
      previousDefaultRatePercent: defaultRate(counters, year - 1),
      projected: projection.projected,
      target,
    });
    return {
      year,
      throughMonth: projection.throughMonth,
      yearToDate: statAmount(projection.yearToDate),
      projected: statAmount(projection.projected),
      method: projection.method,
      historicalSharePercent: projection.historicalSharePercent,
      yearsUsed: [...projection.yearsUsed],
      target: statAmount(target),
      warnings,
    };
  }
}

function subsidyStatistics(report: SubsidyReport): SubsidyStatistics {
  const figures = (of: SubsidyFigures): StatFigures => ({ count: of.count, amount: statAmount(of.amount) });
  const row = (entry: SubsidyRow, label: string): SubsidyStatisticsRow => ({
    key: entry.key,
    label,
    approved: figures(entry.approved),
    paid: figures(entry.paid),
  });
  return {
    approved: figures(report.approved),
    paid: figures(report.paid),
    byKind: report.byKind.map((entry) => row(entry, SUBSIDY_KIND_LABELS[entry.key])),
    byDistrict: report.byDistrict.map((entry) => row(entry, valueLabel('district', entry.key))),
    byBank: report.byBank.map((entry) => row(entry, valueLabel('bank', entry.key))),
    byIndustry: report.byIndustry.map((entry) => row(entry, valueLabel('industry', entry.key))),
  };
}

function categoryTotals(rows: readonly RollupRow[], year: number): CategoryTotal[] {
  return DEAL_CATEGORIES.map((category) => {
    const mine = rows.filter((row) => row.year === year && row.category === category && row.dimension === 'total');
    return { category, count: mine.reduce((sum, row) => sum + row.count, 0), amount: Money.sum(mine.map((row) => row.amount)) };
  });
}

function monthsByCategory(rows: readonly RollupRow[], year: number): Map<DealCategory, Money[]> {
  const months = new Map<DealCategory, Money[]>(
    DEAL_CATEGORIES.map((category) => [category, Array.from({ length: 12 }, () => Money.zero())]),
  );
  for (const row of rows) {
    const series = months.get(row.category as DealCategory);
    if (row.year !== year || row.dimension !== 'total' || series === undefined) continue;
    series[row.month - 1] = series[row.month - 1].plus(row.amount);
  }
  return months;
}

function totalMonths(rows: readonly RollupRow[], year: number): Money[] {
  const months = monthsByCategory(rows, year);
  return Array.from({ length: 12 }, (_, index) =>
    Money.sum(DEAL_CATEGORIES.map((category) => months.get(category)?.[index] ?? Money.zero())),
  );
}

function counterOf(counters: readonly CounterRow[], year: number, metric: Metric): { count: number; amount: Money } {
  return counters.find((row) => row.year === year && row.metric === metric) ?? { count: 0, amount: Money.zero() };
}

/** Loans defaulted in the year ÷ loans disbursed in the year, in percent (half-up, 2 places); null when none disbursed. */
export function defaultRate(counters: readonly CounterRow[], year: number): string | null {
  const disbursed = counterOf(counters, year, 'loans-disbursed').count;
  if (disbursed === 0) return null;
  const defaulted = counterOf(counters, year, 'loans-defaulted').count;
  return roundHalfUp(new Decimal(defaulted).times(100).dividedBy(disbursed), 2).toFixed(2);
}

/** Share of the year gone by `today` (China date) in percent: 100 for a past year, 0 for a future one. */
export function yearElapsedPercent(year: number, today: string): string {
  const currentYear = Number(today.slice(0, 4));
  if (year < currentYear) return '100.00';
  if (year > currentYear) return '0.00';
  const start = Date.UTC(year, 0, 1);
  const days = (Date.UTC(year + 1, 0, 1) - start) / 86_400_000;
  const elapsed = (Date.parse(`${today}T00:00:00Z`) - start) / 86_400_000 + 1;
  return roundHalfUp(new Decimal(elapsed).times(100).dividedBy(days), 2).toFixed(2);
}
