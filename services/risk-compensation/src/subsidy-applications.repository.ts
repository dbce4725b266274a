// Subsidy applications, the schemes' budget years and the running totals the caps are checked
// against. The rows an approval must not race on are locked with SELECT … FOR UPDATE, always in one
// order — application → loan → budget year — so two approvals may wait for each other but never
// deadlock, and every approval of a scheme's year serialises on the budget row (so the per-firm and
// per-loan sums read under it are exact too). Budgets and caps are the scheme's series' (every
// version of a scheme shares them).
import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient, TransactionClient } from './database';
import { moneyOfStored } from '@ipledger/db';
import { Money } from '@ipledger/money';
import { PRISMA } from '@ipledger/service-kit';

export type SubsidyApplicationRow = Awaited<ReturnType<PrismaClient['subsidyApplication']['findUniqueOrThrow']>>;

const DECIDED = ['APPROVED', 'PAID'];

export interface SubsidyBudget {
  seriesId: string;
  budgetYear: number;
  budget: Money;
  used: Money;
  paid: Money;
}

export interface BudgetYearKey {
  readonly seriesId: string;
  readonly budgetYear: number;
}

@Injectable()
export class SubsidyApplicationsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  insert(tx: TransactionClient, data: Prisma.SubsidyApplicationUncheckedCreateInput): Promise<SubsidyApplicationRow> {
    return tx.subsidyApplication.create({ data });
  }

  /** Locks the application row until the transaction ends; null when there is none. */
  async lock(tx: TransactionClient, id: string): Promise<SubsidyApplicationRow | null> {
    await tx.$queryRaw`SELECT id FROM risk_compensation.subsidy_applications WHERE id = ${id} FOR UPDATE`;
    return tx.subsidyApplication.findUnique({ where: { id } });
  }

  /** Locks the loan's facts row: approvals of one loan in different budget years serialise on it (the per-loan cap). */
  async lockLoan(tx: TransactionClient, loanId: string): Promise<void> {
    await tx.$queryRaw`SELECT loan_id FROM risk_compensation.loans WHERE loan_id = ${loanId} FOR UPDATE`;
  }

  /**
   * Locks the series' budget year, opening it with `from`'s yearly budget the first time. A later
   * version than the one that set the budget sets it anew (never below what is already approved:
   * a new version cannot take back approvals).
   */
  async lockBudgetYear(
    tx: TransactionClient,
    key: BudgetYearKey,
    from: { readonly version: number; readonly yearlyBudget: Money },
  ): Promise<SubsidyBudget> {
    await tx.subsidyBudgetYear.createMany({
      data: [{ ...key, budget: from.yearlyBudget.toString(), budgetVersion: from.version }],
      skipDuplicates: true,
    });
    await tx.$queryRaw`SELECT series_id FROM risk_compensation.subsidy_budget_years
      WHERE series_id = ${key.seriesId} AND budget_year = ${key.budgetYear} FOR UPDATE`;
    const row = await tx.subsidyBudgetYear.findUniqueOrThrow({ where: { seriesId_budgetYear: key } });
    if (row.budgetVersion >= from.version) return toBudget(row);
    const used = moneyOfStored(row.used);
    const updated = await tx.subsidyBudgetYear.update({
      where: { seriesId_budgetYear: key },
      data: { budget: Money.max(from.yearlyBudget, used).toString(), budgetVersion: from.version, updatedAt: new Date() },
    });
    return toBudget(updated);
  }

  async chargeBudget(tx: TransactionClient, key: BudgetYearKey, amount: Money): Promise<void> {
    await tx.subsidyBudgetYear.update({
      where: { seriesId_budgetYear: key },
      data: { used: { increment: amount.toString() }, updatedAt: new Date() },
    });
  }

  async recordBudgetPayment(tx: TransactionClient, key: BudgetYearKey, amount: Money): Promise<void> {
    await tx.subsidyBudgetYear.update({
      where: { seriesId_budgetYear: key },
      data: { paid: { increment: amount.toString() }, updatedAt: new Date() },
    });
  }

  /** What this loan has been approved of this kind under the scheme (any version), over its life. */
  async approvedForLoan(tx: TransactionClient, key: { seriesId: string; loanId: string; kind: string }): Promise<Money> {
    return this.sumApproved(tx, { seriesId: key.seriesId, loanId: key.loanId, kind: key.kind, status: { in: DECIDED } });
  }

  /** What the firm has been approved of this kind under the scheme (any version), charged to the budget year. */
  async approvedForFirmInYear(
    tx: TransactionClient,
    key: { seriesId: string; borrowerUscc: string; kind: string; budgetYear: number },
  ): Promise<Money> {
    const { seriesId, borrowerUscc, kind, budgetYear } = key;
    return this.sumApproved(tx, { seriesId, borrowerUscc, kind, budgetYear, status: { in: DECIDED } });
  }

  update(tx: TransactionClient, id: string, data: Prisma.SubsidyApplicationUncheckedUpdateInput): Promise<SubsidyApplicationRow> {
    return tx.subsidyApplication.update({ where: { id }, data: { ...data, updatedAt: new Date() } });
  }

  read(id: string): Promise<SubsidyApplicationRow | null> {
    return this.prisma.subsidyApplication.findUnique({ where: { id } });
  }

  list(filter: {
    status?: string;
    seriesId?: string;
    loanId?: string;
    bankOrgId?: string;
    limit: number;
  }): Promise<SubsidyApplicationRow[]> {
    const { limit, ...where } = filter;
    return this.prisma.subsidyApplication.findMany({
      where: Object.fromEntries(Object.entries(where).filter(([, value]) => value !== undefined)),
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }

  private async sumApproved(tx: TransactionClient, where: Prisma.SubsidyApplicationWhereInput): Promise<Money> {
    const { _sum } = await tx.subsidyApplication.aggregate({ where, _sum: { approvedAmount: true } });
    return _sum.approvedAmount === null ? Money.zero() : moneyOfStored(_sum.approvedAmount);
  }
}

function toBudget(row: Awaited<ReturnType<PrismaClient['subsidyBudgetYear']['findUniqueOrThrow']>>): SubsidyBudget {
  return {
    seriesId: row.seriesId,
    budgetYear: row.budgetYear,
    budget: moneyOfStored(row.budget),
    used: moneyOfStored(row.used),
    paid: moneyOfStored(row.paid),
  };
}
