// What a run of events changes in the statistics, summed in memory before anything is written:
// every rollup row, counter, histogram bucket and budget touched once however many events touch
// it, so a batch of a thousand events is a handful of multi-row statements (rollups.repository.ts
// `apply`). Adding is commutative for every table except the budget's appropriation, which the
// last opening sets; the order of events therefore only matters there and for a pledge's first
// submission date and a subsidy application's first approval, and these follow the order the
// events are added in. Rows come out sorted by their
// key, so that two transactions writing the same rows (batches of two partitions) lock them in the
// same order and never deadlock.
import type { LocalDate } from '@ipledger/calendar';
import { Money } from '@ipledger/money';
import type { RollupDelta } from './rollup';
import type { SubsidyDelta } from './subsidies';

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

export interface CounterChange {
  readonly year: number;
  readonly metric: Metric;
  readonly count: number;
  readonly amount: Money;
}

export interface DurationChange {
  readonly year: number;
  readonly days: number;
  readonly count: number;
}

export interface BudgetChange {
  readonly fundId: string;
  readonly year: number;
  /** Set when the batch opened the budget (the last opening wins); else the stored one stays. */
  readonly appropriated: Money | null;
  /** What the batch's top-ups (追加) added to it (null: none). */
  readonly toppedUp: Money | null;
  /** What the batch's approvals used from it (null: none used it). */
  readonly used: Money | null;
}

export interface SubmissionChange {
  readonly pledgeId: string;
  readonly submittedOn: LocalDate;
}

/** Where a subsidy application's borrower is: what its payouts are counted under. */
export interface SubsidyApprovalChange {
  readonly applicationId: string;
  readonly districtCode: string;
  readonly industry: string | null;
  readonly approvedOn: LocalDate;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class StatisticsChanges {
  private readonly rollupsByKey = new Map<string, Mutable<RollupDelta>>();
  private readonly countersByKey = new Map<string, Mutable<CounterChange>>();
  private readonly durationsByKey = new Map<string, Mutable<DurationChange>>();
  private readonly budgetsByKey = new Map<string, Mutable<BudgetChange>>();
  private readonly submissionsByPledge = new Map<string, LocalDate>();
  private readonly subsidiesByKey = new Map<string, Mutable<SubsidyDelta>>();
  private readonly subsidyApprovalsById = new Map<string, SubsidyApprovalChange>();

  addRollups(deltas: readonly RollupDelta[]): void {
    for (const delta of deltas) {
      const key = [delta.year, delta.month, delta.category, delta.dimension, delta.value].join('\u0000');
      const row = this.rollupsByKey.get(key);
      if (row === undefined) this.rollupsByKey.set(key, { ...delta });
      else {
        row.count += delta.count;
        row.amount = row.amount.plus(delta.amount);
      }
    }
  }

  addToCounter(year: number, metric: Metric, amount: Money = Money.zero()): void {
    const key = `${year}\u0000${metric}`;
    const row = this.countersByKey.get(key);
    if (row === undefined) this.countersByKey.set(key, { year, metric, count: 1, amount });
    else {
      row.count += 1;
      row.amount = row.amount.plus(amount);
    }
  }

  addDuration(year: number, days: number): void {
    const key = `${year}\u0000${days}`;
    const row = this.durationsByKey.get(key);
    if (row === undefined) this.durationsByKey.set(key, { year, days, count: 1 });
    else row.count += 1;
  }

  /** A pledge's first submission counts; a later one for the same pledge changes nothing. */
  rememberSubmission(pledgeId: string, submittedOn: LocalDate): void {
    if (!this.submissionsByPledge.has(pledgeId)) this.submissionsByPledge.set(pledgeId, submittedOn);
  }

  /** The submission this run of events remembered, before it is stored. */
  submissionOf(pledgeId: string): LocalDate | undefined {
    return this.submissionsByPledge.get(pledgeId);
  }

  openBudget(fundId: string, year: number, appropriated: Money): void {
    this.budget(fundId, year).appropriated = appropriated;
  }

  topUpBudget(fundId: string, year: number, amount: Money): void {
    const budget = this.budget(fundId, year);
    budget.toppedUp = (budget.toppedUp ?? Money.zero()).plus(amount);
  }

  useBudget(fundId: string, year: number, used: Money): void {
    const budget = this.budget(fundId, year);
    budget.used = (budget.used ?? Money.zero()).plus(used);
  }

  addSubsidies(deltas: readonly SubsidyDelta[]): void {
    for (const delta of deltas) {
      const key = [delta.year, delta.measure, delta.kind, delta.dimension, delta.value].join('\u0000');
      const row = this.subsidiesByKey.get(key);
      if (row === undefined) this.subsidiesByKey.set(key, { ...delta });
      else {
        row.count += delta.count;
        row.amount = row.amount.plus(delta.amount);
      }
    }
  }

  /** An application's first approval counts; a later one for the same application changes nothing. */
  rememberSubsidyApproval(approval: SubsidyApprovalChange): void {
    if (!this.subsidyApprovalsById.has(approval.applicationId)) this.subsidyApprovalsById.set(approval.applicationId, approval);
  }

  /** The approval this run of events remembered, before it is stored. */
  subsidyApprovalOf(applicationId: string): SubsidyApprovalChange | undefined {
    return this.subsidyApprovalsById.get(applicationId);
  }

  /** Rollup rows that only grow (or stay): stored with an upsert that adds. */
  rollupAdditions(): RollupDelta[] {
    return inKeyOrder(this.rollupsByKey).filter(isAddition);
  }

  /** Rollup rows that shrink (reversals outweigh recordings): they must already exist. */
  rollupReductions(): RollupDelta[] {
    return inKeyOrder(this.rollupsByKey).filter((delta) => !isAddition(delta));
  }

  counters(): CounterChange[] {
    return inKeyOrder(this.countersByKey);
  }

  durations(): DurationChange[] {
    return inKeyOrder(this.durationsByKey);
  }

  budgets(): BudgetChange[] {
    return inKeyOrder(this.budgetsByKey);
  }

  /** Subsidy rows only grow (nothing takes a subsidy back). */
  subsidies(): SubsidyDelta[] {
    return inKeyOrder(this.subsidiesByKey);
  }

  subsidyApprovals(): SubsidyApprovalChange[] {
    return inKeyOrder(this.subsidyApprovalsById);
  }

  submissions(): SubmissionChange[] {
    return [...this.submissionsByPledge.keys()].sort(byCodeUnits).map((pledgeId) => ({
      pledgeId,
      submittedOn: this.submissionsByPledge.get(pledgeId) as LocalDate,
    }));
  }

  private budget(fundId: string, year: number): Mutable<BudgetChange> {
    const key = `${fundId}\u0000${year}`;
    let budget = this.budgetsByKey.get(key);
    if (budget === undefined) {
      budget = { fundId, year, appropriated: null, toppedUp: null, used: null };
      this.budgetsByKey.set(key, budget);
    }
    return budget;
  }
}

const isAddition = (delta: RollupDelta): boolean => delta.count >= 0 && !delta.amount.isNegative();

/** Plain code-unit order (not the locale's): the same in every process. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function inKeyOrder<T>(rows: ReadonlyMap<string, T>): T[] {
  return [...rows.keys()].sort(byCodeUnits).map((key) => rows.get(key) as T);
}
