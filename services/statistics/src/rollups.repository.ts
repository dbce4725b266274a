// The rollups, counters, duration histogram, pledge submission dates and fund budgets. Every
// write is one INSERT … ON CONFLICT DO UPDATE that adds to what is there, so handlers running at
// the same time never lose an update. Reads fetch a year's few dozen rows, never raw records.
import { Inject, Injectable } from '@nestjs/common';
import { moneyOfStored } from '@ipledger/db';
import type { LocalDate } from '@ipledger/calendar';
import type { PrismaClient, TransactionClient } from './database';
import { Money } from '@ipledger/money';
import { PRISMA, toDateString } from '@ipledger/service-kit';
import type { RollupDelta } from './domain/rollup';

export const METRICS = [
  'pledge-applications',
  'pledge-registrations',
  'loans-disbursed',
  'loans-defaulted',
  'compensation-approved',
  'compensation-paid',
  'compensation-recovered',
] as const;
export type Metric = (typeof METRICS)[number];

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

export interface BudgetRow {
  fundId: string;
  year: number;
  appropriated: Money;
  used: Money;
}

@Injectable()
export class RollupsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Adds each delta to its rollup row. A recording upserts; a reversal (negative delta) updates the
   * row the recording made: an INSERT of the negative row would break the table's non-negative
   * check before ON CONFLICT is considered, and a reversal of something never recorded is a bug.
   */
  async addRollups(tx: TransactionClient, deltas: readonly RollupDelta[]): Promise<void> {
    for (const delta of deltas) {
      const key = [delta.year, delta.month, delta.category, delta.dimension, delta.value] as const;
      if (delta.count >= 0 && !delta.amount.isNegative()) {
        await tx.$executeRawUnsafe(
          `INSERT INTO statistics.rollups (year, month, category, dimension, value, count, amount)
           VALUES ($1, $2, $3, $4, $5, $6, $7::numeric)
           ON CONFLICT (year, month, category, dimension, value)
           DO UPDATE SET count = statistics.rollups.count + EXCLUDED.count, amount = statistics.rollups.amount + EXCLUDED.amount`,
          ...key,
          delta.count,
          delta.amount.toString(),
        );
        continue;
      }
      const updated = await tx.$executeRawUnsafe(
        `UPDATE statistics.rollups SET count = count + $6, amount = amount + $7::numeric
         WHERE year = $1 AND month = $2 AND category = $3 AND dimension = $4 AND value = $5`,
        ...key,
        delta.count,
        delta.amount.toString(),
      );
      if (updated === 0)
        throw new Error(`cannot take back ${delta.amount.toString()} from rollup ${key.join('/')}: nothing was recorded there`);
    }
  }

  async addToCounter(tx: TransactionClient, year: number, metric: Metric, amount: Money = Money.zero()): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO statistics.counters (year, metric, count, amount) VALUES ($1, $2, 1, $3::numeric)
       ON CONFLICT (year, metric) DO UPDATE SET count = statistics.counters.count + 1, amount = statistics.counters.amount + EXCLUDED.amount`,
      year,
      metric,
      amount.toString(),
    );
  }

  async addDuration(tx: TransactionClient, year: number, days: number): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO statistics.registration_durations (year, days, count) VALUES ($1, $2, 1)
       ON CONFLICT (year, days) DO UPDATE SET count = statistics.registration_durations.count + 1`,
      year,
      days,
    );
  }

  async rememberSubmission(tx: TransactionClient, pledgeId: string, submittedOn: LocalDate): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO statistics.pledge_submissions (pledge_id, submitted_on) VALUES ($1, $2::date) ON CONFLICT (pledge_id) DO NOTHING`,
      pledgeId,
      submittedOn,
    );
  }

  async submissionOf(tx: TransactionClient, pledgeId: string): Promise<LocalDate | null> {
    const row = await tx.statisticsPledgeSubmission.findUnique({ where: { pledgeId } });
    return row === null ? null : toDateString(row.submittedOn);
  }

  async openBudget(tx: TransactionClient, fundId: string, year: number, appropriated: Money): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO statistics.fund_budgets (fund_id, year, appropriated) VALUES ($1, $2, $3::numeric)
       ON CONFLICT (fund_id, year) DO UPDATE SET appropriated = EXCLUDED.appropriated`,
      fundId,
      year,
      appropriated.toString(),
    );
  }

  async useBudget(tx: TransactionClient, fundId: string, year: number, used: Money): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO statistics.fund_budgets (fund_id, year, used) VALUES ($1, $2, $3::numeric)
       ON CONFLICT (fund_id, year) DO UPDATE SET used = statistics.fund_budgets.used + EXCLUDED.used`,
      fundId,
      year,
      used.toString(),
    );
  }

  async rollups(years: readonly number[], dimension?: string): Promise<RollupRow[]> {
    const rows = await this.prisma.statisticsRollup.findMany({
      where: { year: { in: [...years] }, ...(dimension === undefined ? {} : { dimension }) },
    });
    return rows.map((row) => ({ ...row, amount: moneyOfStored(row.amount) }));
  }

  async counters(years: readonly number[]): Promise<CounterRow[]> {
    const rows = await this.prisma.statisticsCounter.findMany({ where: { year: { in: [...years] } } });
    return rows.map((row) => ({ year: row.year, metric: row.metric as Metric, count: row.count, amount: moneyOfStored(row.amount) }));
  }

  async durations(year: number): Promise<Map<number, number>> {
    const rows = await this.prisma.statisticsDurationBucket.findMany({ where: { year } });
    return new Map(rows.map((row) => [row.days, row.count]));
  }

  async budgets(year: number): Promise<BudgetRow[]> {
    const rows = await this.prisma.statisticsFundBudget.findMany({ where: { year }, orderBy: { fundId: 'asc' } });
    return rows.map((row) => ({
      fundId: row.fundId,
      year: row.year,
      appropriated: moneyOfStored(row.appropriated),
      used: moneyOfStored(row.used),
    }));
  }
}
