import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient, TransactionClient } from './database';
import type { ClaimStatus, ComputationResponse } from '@ipledger/contracts';
import { Money, type Rate } from '@ipledger/money';
import { fromDateString, PRISMA } from '@ipledger/service-kit';
import type { LocalDate } from '@ipledger/calendar';
import type { PartyRole, RuleOutcome } from './domain';
import {
  toClaim,
  toClaimHead,
  toFundBudget,
  toSharerPart,
  type Claim,
  type ClaimHead,
  type FundBudget,
  type SharerPart,
  type StoredRecovery,
} from './claim-records';

export interface NewClaim {
  id: string;
  loanId: string;
  pledgeId: string;
  bankOrgId: string;
  borrowerUscc: string;
  fundId: string;
  policyId: string;
  policyVersion: number;
  /** The IP's share of the collateral the bank stated; null when it stated none. */
  ipCollateralShare: Rate | null;
  filedOn: LocalDate;
  filingDeadline: LocalDate;
  filingDeadlineProvisional: boolean;
  eligibility: readonly RuleOutcome[];
  filedBy: { orgId: string; userId: string | null };
}

export interface Approval {
  decidedOn: LocalDate;
  decidedBy: { orgId: string; userId: string | null };
  note: string | null;
  budgetYear: number;
  computation: ComputationResponse;
  approvedAmount: Money;
  fundPayable: Money;
  fundShortfall: Money;
  parts: { party: PartyRole; orgId: string; share: string; amount: Money }[];
}

const WITH_PARTS = {
  parts: { orderBy: { party: 'asc' } },
  shortfallSettlements: { orderBy: { id: 'asc' } },
} as const;

/**
 * Claims, their parts, the funds' budget years and the per-borrower running totals. The rows an
 * approval must not race on are read with SELECT … FOR UPDATE (always claim → borrower → budget, one
 * order everywhere, so two approvals can wait for each other but never deadlock).
 */
@Injectable()
export class ClaimsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async insert(tx: TransactionClient, claim: NewClaim): Promise<Claim> {
    const row = await tx.compensationClaim.create({
      data: {
        id: claim.id,
        loanId: claim.loanId,
        pledgeId: claim.pledgeId,
        bankOrgId: claim.bankOrgId,
        borrowerUscc: claim.borrowerUscc,
        fundId: claim.fundId,
        policyId: claim.policyId,
        policyVersion: claim.policyVersion,
        ipCollateralShare: claim.ipCollateralShare?.toString() ?? null,
        status: 'PENDING',
        filedOn: fromDateString(claim.filedOn),
        filingDeadline: fromDateString(claim.filingDeadline),
        filingDeadlineProvisional: claim.filingDeadlineProvisional,
        eligibility: claim.eligibility.map((outcome) => ({ ...outcome })) satisfies Prisma.InputJsonArray,
        filedByOrgId: claim.filedBy.orgId,
        filedByUserId: claim.filedBy.userId,
      },
      include: WITH_PARTS,
    });
    return toClaim(row);
  }

  /** Locks the claim row until the transaction ends; null when there is no such claim. */
  async lock(tx: TransactionClient, id: string): Promise<Claim | null> {
    await tx.$queryRaw`SELECT id FROM risk_compensation.claims WHERE id = ${id} FOR UPDATE`;
    return this.find(tx, id);
  }

  async find(tx: TransactionClient, id: string): Promise<Claim | null> {
    const row = await tx.compensationClaim.findUnique({ where: { id }, include: WITH_PARTS });
    return row === null ? null : toClaim(row);
  }

  read(id: string): Promise<Claim | null> {
    return this.find(this.prisma, id);
  }

  /** The claim of a loan that is not rejected (at most one, by a partial unique index). */
  async openClaimOfLoan(tx: TransactionClient, loanId: string): Promise<Claim | null> {
    const row = await tx.compensationClaim.findFirst({ where: { loanId, status: { not: 'REJECTED' } }, include: WITH_PARTS });
    return row === null ? null : toClaim(row);
  }

  async claimsOfLoan(tx: TransactionClient, loanId: string): Promise<ClaimHead[]> {
    const rows = await tx.compensationClaim.findMany({ where: { loanId } });
    return rows.map(toClaimHead);
  }

  async list(filter: { status?: ClaimStatus; bankOrgId?: string; fundId?: string; loanId?: string; limit: number }): Promise<Claim[]> {
    const rows = await this.prisma.compensationClaim.findMany({
      where: {
        ...(filter.status === undefined ? {} : { status: filter.status }),
        ...(filter.bankOrgId === undefined ? {} : { bankOrgId: filter.bankOrgId }),
        ...(filter.fundId === undefined ? {} : { fundId: filter.fundId }),
        ...(filter.loanId === undefined ? {} : { loanId: filter.loanId }),
      },
      orderBy: [{ filedOn: 'asc' }, { id: 'asc' }],
      take: filter.limit,
      include: WITH_PARTS,
    });
    return rows.map(toClaim);
  }

  async approve(tx: TransactionClient, id: string, approval: Approval): Promise<void> {
    await tx.compensationClaim.update({
      where: { id },
      data: {
        status: 'APPROVED',
        decidedOn: fromDateString(approval.decidedOn),
        decidedByOrgId: approval.decidedBy.orgId,
        decidedByUserId: approval.decidedBy.userId,
        decisionNote: approval.note,
        budgetYear: approval.budgetYear,
        computation: approval.computation satisfies Prisma.InputJsonObject,
        approvedAmount: approval.approvedAmount.toString(),
        fundPayable: approval.fundPayable.toString(),
        fundShortfall: approval.fundShortfall.toString(),
        updatedAt: new Date(),
        version: { increment: 1 },
      },
    });
    await tx.compensationClaimPart.createMany({
      data: approval.parts.map((part) => ({
        claimId: id,
        party: part.party,
        orgId: part.orgId,
        share: part.share,
        amount: part.amount.toString(),
      })),
    });
  }

  async prepare(
    tx: TransactionClient,
    id: string,
    preparation: { preparedOn: LocalDate; preparedBy: { orgId: string; userId: string | null }; note: string | null },
  ): Promise<void> {
    await tx.compensationClaim.update({
      where: { id },
      data: {
        status: 'PREPARED',
        preparedOn: fromDateString(preparation.preparedOn),
        preparedByOrgId: preparation.preparedBy.orgId,
        preparedByUserId: preparation.preparedBy.userId,
        preparedNote: preparation.note,
        updatedAt: new Date(),
        version: { increment: 1 },
      },
    });
  }

  async reject(
    tx: TransactionClient,
    id: string,
    decision: { decidedOn: LocalDate; decidedBy: { orgId: string; userId: string | null }; reason: string },
  ): Promise<void> {
    await tx.compensationClaim.update({
      where: { id },
      data: {
        status: 'REJECTED',
        decidedOn: fromDateString(decision.decidedOn),
        decidedByOrgId: decision.decidedBy.orgId,
        decidedByUserId: decision.decidedBy.userId,
        decisionNote: decision.reason,
        updatedAt: new Date(),
        version: { increment: 1 },
      },
    });
  }

  async recordPayment(
    tx: TransactionClient,
    id: string,
    payment: { amount: Money; paidOn: LocalDate; reference: string; by: { orgId: string; userId: string | null } },
  ): Promise<void> {
    await tx.compensationClaim.update({
      where: { id },
      data: {
        status: 'PAID',
        paidAmount: payment.amount.toString(),
        paidOn: fromDateString(payment.paidOn),
        paymentReference: payment.reference,
        paidByOrgId: payment.by.orgId,
        paidByUserId: payment.by.userId,
        updatedAt: new Date(),
        version: { increment: 1 },
      },
    });
  }

  // ── shortfalls settled from later budgets ────────────────────────────────────────────────────

  /**
   * Locks the fund's approved claims with a shortfall not all settled, in id order (every settler
   * takes them in the same order, before any budget row); returns them oldest approval first.
   */
  async lockClaimsWithShortfall(tx: TransactionClient, fundId: string): Promise<Claim[]> {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM risk_compensation.claims
      WHERE fund_id = ${fundId} AND status IN ('APPROVED', 'PAID', 'CLOSED') AND coalesce(fund_shortfall, 0) > shortfall_settled
      ORDER BY id FOR UPDATE`;
    if (locked.length === 0) return [];
    const rows = await tx.compensationClaim.findMany({
      where: { id: { in: locked.map((row) => row.id) } },
      include: WITH_PARTS,
      orderBy: [{ decidedOn: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toClaim);
  }

  /** A settlement of a claim's shortfall, charged to the (locked) budget year; returns the year as it now stands. */
  async recordShortfallSettlement(
    tx: TransactionClient,
    settlement: { id: string; claimId: string; fundId: string; budgetYear: number; amount: Money; settledOn: LocalDate },
  ): Promise<FundBudget> {
    const amount = settlement.amount.toString();
    await tx.claimShortfallSettlement.create({
      data: {
        id: settlement.id,
        claimId: settlement.claimId,
        fundId: settlement.fundId,
        budgetYear: settlement.budgetYear,
        amount,
        settledOn: fromDateString(settlement.settledOn),
      },
    });
    await tx.compensationClaim.update({
      where: { id: settlement.claimId },
      data: { shortfallSettled: { increment: amount }, updatedAt: new Date(), version: { increment: 1 } },
    });
    const row = await tx.fundBudget.update({
      where: { fundId_budgetYear: { fundId: settlement.fundId, budgetYear: settlement.budgetYear } },
      data: { used: { increment: amount }, shortfallsSettled: { increment: amount }, updatedAt: new Date() },
    });
    return toFundBudget(row);
  }

  /** The bureau paid the bank these settlements (unpaid ones of one locked claim). */
  async recordSettlementPayments(
    tx: TransactionClient,
    ids: readonly string[],
    payment: { paidOn: LocalDate; reference: string; by: { orgId: string; userId: string | null } },
  ): Promise<void> {
    await tx.claimShortfallSettlement.updateMany({
      where: { id: { in: [...ids] }, paidOn: null },
      data: {
        paidOn: fromDateString(payment.paidOn),
        paymentReference: payment.reference,
        paidByOrgId: payment.by.orgId,
        paidByUserId: payment.by.userId,
      },
    });
  }

  async close(tx: TransactionClient, id: string, recovery: StoredRecovery): Promise<void> {
    await tx.compensationClaim.update({
      where: { id },
      data: {
        status: 'CLOSED',
        recovery: { ...recovery } satisfies Prisma.InputJsonObject,
        updatedAt: new Date(),
        version: { increment: 1 },
      },
    });
    for (const entry of recovery.returns) {
      await tx.compensationClaimPart.updateMany({ where: { claimId: id, party: entry.party }, data: { returned: entry.returned } });
    }
  }

  // ── the per-borrower cap's running total ─────────────────────────────────────────────────────

  /** Locks (creating it at zero if needed) the borrower's approved total for one fund and loan year. */
  async lockBorrowerYear(tx: TransactionClient, key: { fundId: string; borrowerUscc: string; loanYear: number }): Promise<Money> {
    await tx.borrowerYearCoverage.createMany({ data: [key], skipDuplicates: true });
    const rows = await tx.$queryRaw<{ approved: string }[]>`
      SELECT approved::text AS approved FROM risk_compensation.borrower_year_coverage
      WHERE fund_id = ${key.fundId} AND borrower_uscc = ${key.borrowerUscc} AND loan_year = ${key.loanYear}
      FOR UPDATE`;
    return Money.of(rows[0].approved);
  }

  async addBorrowerYear(
    tx: TransactionClient,
    key: { fundId: string; borrowerUscc: string; loanYear: number },
    amount: Money,
  ): Promise<void> {
    await tx.borrowerYearCoverage.update({
      where: { fundId_borrowerUscc_loanYear: key },
      data: { approved: { increment: amount.toString() }, updatedAt: new Date() },
    });
  }

  // ── fund budgets ────────────────────────────────────────────────────────────────────────────

  /**
   * Opens the budget year if it is not open yet (true when this call opened it), then locks it.
   * The appropriation is the yearly fund cap of the policy version whose claim opened the year.
   */
  async openAndLockBudget(
    tx: TransactionClient,
    budget: { fundId: string; budgetYear: number; policyId: string; policyVersion: number; appropriated: Money; openedOn: LocalDate },
  ): Promise<{ opened: boolean; budget: FundBudget }> {
    const { count } = await tx.fundBudget.createMany({
      data: [
        {
          fundId: budget.fundId,
          budgetYear: budget.budgetYear,
          policyId: budget.policyId,
          policyVersion: budget.policyVersion,
          appropriated: budget.appropriated.toString(),
          openedOn: fromDateString(budget.openedOn),
        },
      ],
      skipDuplicates: true,
    });
    await tx.$queryRaw`SELECT fund_id FROM risk_compensation.fund_budgets WHERE fund_id = ${budget.fundId} AND budget_year = ${budget.budgetYear} FOR UPDATE`;
    const row = await tx.fundBudget.findUniqueOrThrow({
      where: { fundId_budgetYear: { fundId: budget.fundId, budgetYear: budget.budgetYear } },
    });
    return { opened: count === 1, budget: toFundBudget(row) };
  }

  /** Locks an open budget year's row; null when the year was never opened. */
  async lockBudget(tx: TransactionClient, key: { fundId: string; budgetYear: number }): Promise<FundBudget | null> {
    await tx.$queryRaw`SELECT fund_id FROM risk_compensation.fund_budgets WHERE fund_id = ${key.fundId} AND budget_year = ${key.budgetYear} FOR UPDATE`;
    const row = await tx.fundBudget.findUnique({ where: { fundId_budgetYear: key } });
    return row === null ? null : toFundBudget(row);
  }

  async closeBudget(
    tx: TransactionClient,
    key: { fundId: string; budgetYear: number },
    close: { on: LocalDate; at: Date; by: { orgId: string; userId: string | null } },
  ): Promise<FundBudget> {
    const row = await tx.fundBudget.update({
      where: { fundId_budgetYear: key },
      data: {
        closedOn: fromDateString(close.on),
        closedAt: close.at,
        closedByOrgId: close.by.orgId,
        closedByUserId: close.by.userId,
        updatedAt: close.at,
      },
    });
    return toFundBudget(row);
  }

  async chargeBudget(
    tx: TransactionClient,
    key: { fundId: string; budgetYear: number },
    charge: { used: Money; shortfall: Money },
  ): Promise<void> {
    await tx.fundBudget.update({
      where: { fundId_budgetYear: key },
      data: {
        used: { increment: charge.used.toString() },
        shortfall: { increment: charge.shortfall.toString() },
        claimsApproved: { increment: 1 },
        updatedAt: new Date(),
      },
    });
  }

  async recordBudgetPayment(tx: TransactionClient, key: { fundId: string; budgetYear: number }, amount: Money): Promise<void> {
    await tx.fundBudget.update({
      where: { fundId_budgetYear: key },
      data: { paid: { increment: amount.toString() }, updatedAt: new Date() },
    });
  }

  /** A top-up (追加) raises the year's budget; the row is locked by the caller. Returns the year as it now stands. */
  async topUpBudget(tx: TransactionClient, key: { fundId: string; budgetYear: number }, amount: Money): Promise<FundBudget> {
    const row = await tx.fundBudget.update({
      where: { fundId_budgetYear: key },
      data: { toppedUp: { increment: amount.toString() }, updatedAt: new Date() },
    });
    return toFundBudget(row);
  }

  async recordBudgetRecovery(tx: TransactionClient, key: { fundId: string; budgetYear: number }, amount: Money): Promise<void> {
    await tx.fundBudget.update({
      where: { fundId_budgetYear: key },
      data: { recovered: { increment: amount.toString() }, updatedAt: new Date() },
    });
  }

  async budgets(fundId?: string): Promise<FundBudget[]> {
    const rows = await this.prisma.fundBudget.findMany({
      where: fundId === undefined ? {} : { fundId },
      orderBy: [{ fundId: 'asc' }, { budgetYear: 'asc' }],
    });
    return rows.map(toFundBudget);
  }

  /** Risk sharers' parts (guarantor, insurer, appraiser), with their claims. */
  /** Locks a risk sharer's part of a claim until the transaction ends; null when this org has no such part. */
  async lockSharerPart(tx: TransactionClient, key: { claimId: string; party: PartyRole; orgId: string }): Promise<SharerPart | null> {
    await tx.$queryRaw`SELECT claim_id FROM risk_compensation.claim_parts
      WHERE claim_id = ${key.claimId} AND party = ${key.party} AND org_id = ${key.orgId} FOR UPDATE`;
    const row = await tx.compensationClaimPart.findFirst({
      where: { claimId: key.claimId, party: key.party, orgId: key.orgId },
      include: { claim: true },
    });
    return row === null ? null : toSharerPart(row);
  }

  /** The sharer paid its whole part to the bank. */
  async recordSharePayment(
    tx: TransactionClient,
    key: { claimId: string; party: PartyRole },
    payment: { amount: Money; paidOn: LocalDate; reference: string; userId: string | null },
  ): Promise<void> {
    await tx.compensationClaimPart.update({
      where: { claimId_party: { claimId: key.claimId, party: key.party } },
      data: {
        paidAmount: payment.amount.toString(),
        paidOn: fromDateString(payment.paidOn),
        paymentReference: payment.reference,
        paidByUserId: payment.userId,
      },
    });
  }

  async sharerParts(filter: { party?: PartyRole; orgId?: string }): Promise<SharerPart[]> {
    const rows = await this.prisma.compensationClaimPart.findMany({
      where: {
        party: filter.party ?? { in: ['guarantor', 'insurer', 'appraiser'] },
        ...(filter.orgId === undefined ? {} : { orgId: filter.orgId }),
      },
      include: { claim: true },
      orderBy: [{ claimId: 'asc' }, { party: 'asc' }],
    });
    return rows.map(toSharerPart);
  }
}
