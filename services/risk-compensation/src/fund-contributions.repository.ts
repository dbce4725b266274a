// The money governments paid into the funds (fund_contributions, append-only) and, per budget year,
// what each paid towards the appropriation and as top-ups.
import { Inject, Injectable } from '@nestjs/common';
import { PolicyDocument } from '@ipledger/contracts';
import { moneyOfStored } from '@ipledger/db';
import { Money } from '@ipledger/money';
import { fromDateString, PRISMA, toDateString } from '@ipledger/service-kit';
import type { LocalDate } from '@ipledger/calendar';
import type { Prisma, PrismaClient, TransactionClient } from './database';
import type { ContributionKind, FundContributor, GovernmentLevel } from './domain';
import type { FundBudget } from './claim-records';

type ContributionRow = Prisma.FundContributionGetPayload<Record<string, never>>;

export interface FundContribution {
  id: string;
  fundId: string;
  budgetYear: number;
  payerCode: string;
  payerLevel: GovernmentLevel;
  payerName: string;
  kind: ContributionKind;
  amount: Money;
  reference: string;
  receivedOn: LocalDate;
  recordedBy: { orgId: string; userId: string | null };
  createdAt: Date;
}

/** One government's money in one budget year of one fund. */
export interface PayerYearTotal {
  fundId: string;
  budgetYear: number;
  payerCode: string;
  payerLevel: GovernmentLevel;
  payerName: string;
  appropriation: Money;
  topUp: Money;
}

/** What a budget year's contributors are judged and shown by: who the opening policy names, what each paid. */
export interface YearFunding {
  fundedBy: readonly FundContributor[] | undefined;
  totals: readonly PayerYearTotal[];
}

function toContribution(row: ContributionRow): FundContribution {
  return {
    id: row.id,
    fundId: row.fundId,
    budgetYear: row.budgetYear,
    payerCode: row.payerCode,
    payerLevel: row.payerLevel as GovernmentLevel,
    payerName: row.payerName,
    kind: row.kind as ContributionKind,
    amount: moneyOfStored(row.amount),
    reference: row.reference,
    receivedOn: toDateString(row.receivedOn),
    recordedBy: { orgId: row.recordedByOrgId, userId: row.recordedByUserId },
    createdAt: row.createdAt,
  };
}

@Injectable()
export class FundContributionsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async insert(tx: TransactionClient, contribution: Omit<FundContribution, 'createdAt'>): Promise<FundContribution> {
    const row = await tx.fundContribution.create({
      data: {
        id: contribution.id,
        fundId: contribution.fundId,
        budgetYear: contribution.budgetYear,
        payerCode: contribution.payerCode,
        payerLevel: contribution.payerLevel,
        payerName: contribution.payerName,
        kind: contribution.kind,
        amount: contribution.amount.toString(),
        reference: contribution.reference,
        receivedOn: fromDateString(contribution.receivedOn),
        recordedByOrgId: contribution.recordedBy.orgId,
        recordedByUserId: contribution.recordedBy.userId,
      },
    });
    return toContribution(row);
  }

  async findByReference(
    tx: TransactionClient,
    key: { fundId: string; payerCode: string; reference: string },
  ): Promise<FundContribution | null> {
    const row = await tx.fundContribution.findUnique({ where: { fundId_payerCode_reference: key } });
    return row === null ? null : toContribution(row);
  }

  async list(filter: { fundId: string; budgetYear?: number }): Promise<FundContribution[]> {
    const rows = await this.prisma.fundContribution.findMany({
      where: { fundId: filter.fundId, ...(filter.budgetYear === undefined ? {} : { budgetYear: filter.budgetYear }) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toContribution);
  }

  /** Per fund, year and payer: what was paid towards the appropriation and as top-ups. */
  async totals(
    filter: { fundId?: string; budgetYear?: number },
    client: TransactionClient | PrismaClient = this.prisma,
  ): Promise<PayerYearTotal[]> {
    const groups = await client.fundContribution.groupBy({
      by: ['fundId', 'budgetYear', 'payerCode', 'payerLevel', 'payerName', 'kind'],
      where: {
        ...(filter.fundId === undefined ? {} : { fundId: filter.fundId }),
        ...(filter.budgetYear === undefined ? {} : { budgetYear: filter.budgetYear }),
      },
      _sum: { amount: true },
      orderBy: [{ fundId: 'asc' }, { budgetYear: 'asc' }, { payerCode: 'asc' }],
    });
    const totals = new Map<string, PayerYearTotal>();
    for (const group of groups) {
      const key = `${group.fundId}|${group.budgetYear}|${group.payerCode}`;
      const total = totals.get(key) ?? {
        fundId: group.fundId,
        budgetYear: group.budgetYear,
        payerCode: group.payerCode,
        payerLevel: group.payerLevel as GovernmentLevel,
        payerName: group.payerName,
        appropriation: Money.zero(),
        topUp: Money.zero(),
      };
      const amount = group._sum.amount === null ? Money.zero() : moneyOfStored(group._sum.amount);
      totals.set(
        key,
        group.kind === 'top-up'
          ? { ...total, topUp: total.topUp.plus(amount) }
          : { ...total, appropriation: total.appropriation.plus(amount) },
      );
    }
    return [...totals.values()];
  }

  /** Who the policy version that opened the year names as payers (undefined: it names none). */
  async fundedByOf(
    budget: Pick<FundBudget, 'policyId'>,
    client: TransactionClient | PrismaClient = this.prisma,
  ): Promise<readonly FundContributor[] | undefined> {
    const policy = await client.compensationPolicy.findUnique({ where: { id: budget.policyId }, select: { document: true } });
    if (policy === null) return undefined;
    return PolicyDocument.parse(policy.document).fundedBy;
  }

  /** The year's funding as the response and the contribution rules see it. */
  async yearFunding(budget: FundBudget, client: TransactionClient | PrismaClient = this.prisma): Promise<YearFunding> {
    const [fundedBy, totals] = await Promise.all([
      this.fundedByOf(budget, client),
      this.totals({ fundId: budget.fundId, budgetYear: budget.budgetYear }, client),
    ]);
    return { fundedBy, totals };
  }
}
