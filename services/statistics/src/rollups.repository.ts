// The rollups, counters, duration histogram, pledge submission dates, fund budgets, and the
// subsidies' rollups and approvals. A run of
// events is written as the sums it adds (domain/statistics-changes.ts): one multi-row statement per
// table, each row an INSERT … ON CONFLICT DO UPDATE that adds to what is there, so transactions
// running at the same time never lose an update. Reads fetch a year's few dozen rows, never raw
// records. Every statement is plain SQL: the API answers from these reads, and Prisma 6 compiles each
// query-builder call anew, on the event loop.
import { Inject, Injectable } from '@nestjs/common';
import type { LocalDate } from '@ipledger/calendar';
import type { PrismaClient, TransactionClient } from './database';
import { Money } from '@ipledger/money';
import { PRISMA, toDateString } from '@ipledger/service-kit';
import type { RollupDelta } from './domain/rollup';
import type { BudgetChange, Metric, StatisticsChanges, SubsidyApprovalChange } from './domain/statistics-changes';
import type { SubsidyRollupRow } from './domain/subsidies';

export { METRICS, type Metric } from './domain/statistics-changes';

export interface RollupRow {
  year: number;
  month: number;
  category: string;
  dimension: string;
  value: string;
  count: number;
  amount: Money;
}

export interface CounterRow {
  year: number;
  metric: Metric;
  count: number;
  amount: Money;
}

/** How each budget column takes a batch's figure (column names are this fixed list, never input). */
const BUDGET_COLUMN_UPDATES = {
  appropriated: 'EXCLUDED.appropriated',
  topped_up: 'statistics.fund_budgets.topped_up + EXCLUDED.topped_up',
  used: 'statistics.fund_budgets.used + EXCLUDED.used',
} as const;

export interface BudgetRow {
  fundId: string;
  year: number;
  appropriated: Money;
  /** Top-ups (追加) paid in during the year. */
  toppedUp: Money;
  /** The year's budget: appropriated + toppedUp. */
  budget: Money;
  used: Money;
}

@Injectable()
export class RollupsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Stores what a run of events changed, in `tx`. */
  async apply(tx: TransactionClient, changes: StatisticsChanges): Promise<void> {
    await this.addRollups(tx, changes.rollupAdditions());
    await this.takeFromRollups(tx, changes.rollupReductions());
    await this.addToCounters(tx, changes);
    await this.addDurations(tx, changes);
    await this.rememberSubmissions(tx, changes);
    await this.changeBudgets(tx, changes);
    await this.addSubsidies(tx, changes);
    await this.rememberSubsidyApprovals(tx, changes);
  }

  /** The submission dates stored for these pledges. */
  async submissionsOf(tx: TransactionClient, pledgeIds: readonly string[]): Promise<Map<string, LocalDate>> {
    if (pledgeIds.length === 0) return new Map();
    const rows = await tx.statisticsPledgeSubmission.findMany({ where: { pledgeId: { in: [...pledgeIds] } } });
    return new Map(rows.map((row) => [row.pledgeId, toDateString(row.submittedOn)]));
  }

  /** The stored approvals of these subsidy applications (their payouts are counted under them). */
  async subsidyApprovalsOf(tx: TransactionClient, applicationIds: readonly string[]): Promise<Map<string, SubsidyApprovalChange>> {
    if (applicationIds.length === 0) return new Map();
    const rows = await tx.statisticsSubsidyApproval.findMany({ where: { applicationId: { in: [...new Set(applicationIds)] } } });
    return new Map(
      rows.map((row) => [
        row.applicationId,
        {
          applicationId: row.applicationId,
          districtCode: row.districtCode,
          industry: row.industry,
          approvedOn: toDateString(row.approvedOn),
        },
      ]),
    );
  }

  private async addRollups(tx: TransactionClient, deltas: readonly RollupDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO statistics.rollups (year, month, category, dimension, value, count, amount)
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::numeric[])
       ON CONFLICT (year, month, category, dimension, value)
       DO UPDATE SET count = statistics.rollups.count + EXCLUDED.count, amount = statistics.rollups.amount + EXCLUDED.amount`,
      ...rollupColumns(deltas),
    );
  }

  /**
   * Takes reversals from the rows the recordings made: an INSERT of a negative row would break the
   * table's non-negative check before ON CONFLICT is considered, and a reversal of something never
   * recorded is a bug.
   */
  private async takeFromRollups(tx: TransactionClient, deltas: readonly RollupDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    const updated = await tx.$queryRawUnsafe<{ key: string }[]>(
      `UPDATE statistics.rollups AS r SET count = r.count + d.count, amount = r.amount + d.amount
       FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::numeric[])
         AS d(year, month, category, dimension, value, count, amount)
       WHERE r.year = d.year AND r.month = d.month AND r.category = d.category AND r.dimension = d.dimension AND r.value = d.value
       RETURNING concat_ws('/', r.year, r.month, r.category, r.dimension, r.value) AS key`,
      ...rollupColumns(deltas),
    );
    if (updated.length === deltas.length) return;
    const found = new Set(updated.map((row) => row.key));
    const missing = deltas.find((delta) => !found.has(rollupKey(delta)));
    throw new Error(
      `cannot take back ${missing?.amount.negated().toString()} from rollup ${missing === undefined ? '?' : rollupKey(missing)}: nothing was recorded there`,
    );
  }

  private async addToCounters(tx: TransactionClient, changes: StatisticsChanges): Promise<void> {
    const counters = changes.counters();
    if (counters.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO statistics.counters (year, metric, count, amount)
       SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::numeric[])
       ON CONFLICT (year, metric)
       DO UPDATE SET count = statistics.counters.count + EXCLUDED.count, amount = statistics.counters.amount + EXCLUDED.amount`,
      counters.map((row) => row.year),
      counters.map((row): Metric => row.metric),
      counters.map((row) => row.count),
      counters.map((row) => row.amount.toString()),
    );
  }

  private async addDurations(tx: TransactionClient, changes: StatisticsChanges): Promise<void> {
    const durations = changes.durations();
    if (durations.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO statistics.registration_durations (year, days, count)
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[])
       ON CONFLICT (year, days) DO UPDATE SET count = statistics.registration_durations.count + EXCLUDED.count`,
      durations.map((row) => row.year),
      durations.map((row) => row.days),
      durations.map((row) => row.count),
    );
  }

  /** A pledge's first stored submission stays. */
  private async rememberSubmissions(tx: TransactionClient, changes: StatisticsChanges): Promise<void> {
    const submissions = changes.submissions();
    if (submissions.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO statistics.pledge_submissions (pledge_id, submitted_on)
       SELECT * FROM unnest($1::text[], $2::date[]) ON CONFLICT (pledge_id) DO NOTHING`,
      submissions.map((row) => row.pledgeId),
      submissions.map((row) => row.submittedOn),
    );
  }

  /** An opening sets the appropriation (the batch's last opening); top-ups and use add to theirs. */
  private async changeBudgets(tx: TransactionClient, changes: StatisticsChanges): Promise<void> {
    const budgets = changes.budgets();
    const of = (amount: (row: BudgetChange) => Money | null) =>
      budgets.flatMap((row) => {
        const value = amount(row);
        return value === null ? [] : [{ fundId: row.fundId, year: row.year, amount: value }];
      });
    await this.upsertBudgetColumn(
      tx,
      'appropriated',
      of((row) => row.appropriated),
    );
    await this.upsertBudgetColumn(
      tx,
      'topped_up',
      of((row) => row.toppedUp),
    );
    await this.upsertBudgetColumn(
      tx,
      'used',
      of((row) => row.used),
    );
  }

  /** One column of the budget rows: the appropriation is set, top-ups and use are added. */
  private async upsertBudgetColumn(
    tx: TransactionClient,
    column: keyof typeof BUDGET_COLUMN_UPDATES,
    rows: readonly { fundId: string; year: number; amount: Money }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO statistics.fund_budgets (fund_id, year, ${column})
       SELECT * FROM unnest($1::text[], $2::int[], $3::numeric[])
       ON CONFLICT (fund_id, year) DO UPDATE SET ${column} = ${BUDGET_COLUMN_UPDATES[column]}`,
      rows.map((row) => row.fundId),
      rows.map((row) => row.year),
      rows.map((row) => row.amount.toString()),
    );
  }

  private async addSubsidies(tx: TransactionClient, changes: StatisticsChanges): Promise<void> {
    const deltas = changes.subsidies();
    if (deltas.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO statistics.subsidy_rollups (year, measure, kind, dimension, value, count, amount)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::numeric[])
       ON CONFLICT (year, measure, kind, dimension, value)
       DO UPDATE SET count = statistics.subsidy_rollups.count + EXCLUDED.count, amount = statistics.subsidy_rollups.amount + EXCLUDED.amount`,
      deltas.map((delta) => delta.year),
      deltas.map((delta) => delta.measure),
      deltas.map((delta) => delta.kind),
      deltas.map((delta) => delta.dimension),
      deltas.map((delta) => delta.value),
      deltas.map((delta) => delta.count),
      deltas.map((delta) => delta.amount.toString()),
    );
  }

  /** An application's first stored approval stays. */
  private async rememberSubsidyApprovals(tx: TransactionClient, changes: StatisticsChanges): Promise<void> {
    const approvals = changes.subsidyApprovals();
    if (approvals.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO statistics.subsidy_approvals (application_id, district_code, industry, approved_on)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[]) ON CONFLICT (application_id) DO NOTHING`,
      approvals.map((row) => row.applicationId),
      approvals.map((row) => row.districtCode),
      approvals.map((row) => row.industry),
      approvals.map((row) => row.approvedOn),
    );
  }

  async rollups(years: readonly number[], dimension?: string): Promise<RollupRow[]> {
    const rows = await this.prisma.$queryRawUnsafe<(Omit<RollupRow, 'amount'> & { amount: string })[]>(
      `SELECT year, month, category, dimension, value, count, amount::text AS amount FROM statistics.rollups
        WHERE year = ANY($1::int[]) AND ($2::text IS NULL OR dimension = $2)`,
      [...years],
      dimension ?? null,
    );
    return rows.map((row) => ({ ...row, amount: Money.of(row.amount) }));
  }

  async counters(years: readonly number[]): Promise<CounterRow[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ year: number; metric: Metric; count: number; amount: string }[]>(
      `SELECT year, metric, count, amount::text AS amount FROM statistics.counters WHERE year = ANY($1::int[])`,
      [...years],
    );
    return rows.map((row) => ({ ...row, amount: Money.of(row.amount) }));
  }

  async durations(year: number): Promise<Map<number, number>> {
    const rows = await this.prisma.$queryRawUnsafe<{ days: number; count: number }[]>(
      `SELECT days, count FROM statistics.registration_durations WHERE year = $1`,
      year,
    );
    return new Map(rows.map((row) => [row.days, row.count]));
  }

  async budgets(year: number): Promise<BudgetRow[]> {
    const rows = await this.prisma.$queryRawUnsafe<
      { fundId: string; year: number; appropriated: string; toppedUp: string; used: string }[]
    >(
      `SELECT fund_id AS "fundId", year, appropriated::text AS appropriated, topped_up::text AS "toppedUp", used::text AS used
         FROM statistics.fund_budgets WHERE year = $1 ORDER BY fund_id`,
      year,
    );
    return rows.map((row) => {
      const appropriated = Money.of(row.appropriated);
      const toppedUp = Money.of(row.toppedUp);
      return { ...row, appropriated, toppedUp, budget: appropriated.plus(toppedUp), used: Money.of(row.used) };
    });
  }

  /** A year's subsidy rollup rows: four kinds × two measures × (total + a few dozen districts, banks, industries). */
  async subsidyRollups(year: number): Promise<SubsidyRollupRow[]> {
    const rows = await this.prisma.$queryRawUnsafe<(Omit<SubsidyRollupRow, 'amount'> & { amount: string })[]>(
      `SELECT year, measure, kind, dimension, value, count, amount::text AS amount FROM statistics.subsidy_rollups WHERE year = $1`,
      year,
    );
    return rows.map((row) => ({ ...row, amount: Money.of(row.amount) }));
  }
}

function rollupColumns(deltas: readonly RollupDelta[]): unknown[] {
  return [
    deltas.map((delta) => delta.year),
    deltas.map((delta) => delta.month),
    deltas.map((delta) => delta.category),
    deltas.map((delta) => delta.dimension),
    deltas.map((delta) => delta.value),
    deltas.map((delta) => delta.count),
    deltas.map((delta) => delta.amount.toString()),
  ];
}

const rollupKey = (delta: RollupDelta): string => [delta.year, delta.month, delta.category, delta.dimension, delta.value].join('/');
