// Claims, their parts and the funds' budget years as the repository hands them out: amounts as
// Money, calendar days as LocalDates, the IP's collateral share as a Rate, statuses and parties as
// their unions. Prisma rows are mapped here, at the repository's boundary; Prisma.Decimal and a
// DATE read as a JS Date do not leave it. The HTTP answers are built in claim-response.ts.
import type { LocalDate } from '@ipledger/calendar';
import { moneyOfStored } from '@ipledger/db';
import { ClaimStatus, type RecoveryReturnPayload } from '@ipledger/contracts';
import { Rate, type Money } from '@ipledger/money';
import { toDateString } from '@ipledger/service-kit';
import type { z } from 'zod';
import type { Prisma } from './database';
import type { PartyRole } from './domain';

export type ClaimRow = Prisma.CompensationClaimGetPayload<Record<string, never>>;
export type ClaimPartRow = Prisma.CompensationClaimPartGetPayload<Record<string, never>>;
export type FundBudgetRow = Prisma.FundBudgetGetPayload<Record<string, never>>;
export type ShortfallSettlementRow = Prisma.ClaimShortfallSettlementGetPayload<Record<string, never>>;

/** The recovery as stored on a closed claim (JSON): already money strings and calendar days. */
export interface StoredRecovery {
  disposedOn: LocalDate;
  distributedOn: LocalDate;
  netProceeds: string;
  returns: z.infer<typeof RecoveryReturnPayload>[];
  residualToBank: string;
  residualToBorrower: string;
  principalWrittenOff: string;
  rule: string;
}

/** A claim without its parts (what a loan's earlier claims are read as). */
export interface ClaimHead {
  id: string;
  loanId: string;
  pledgeId: string;
  bankOrgId: string;
  borrowerUscc: string;
  fundId: string;
  policyId: string;
  policyVersion: number;
  ipCollateralShare: Rate | null;
  status: ClaimStatus;
  filedOn: LocalDate;
  filingDeadline: LocalDate;
  filingDeadlineProvisional: boolean;
  /** The rule outcomes as stored at filing (JSON). */
  eligibility: unknown;
  preparedOn: LocalDate | null;
  preparedByOrgId: string | null;
  preparedByUserId: string | null;
  preparedNote: string | null;
  decidedOn: LocalDate | null;
  decidedByOrgId: string | null;
  decidedByUserId: string | null;
  decisionNote: string | null;
  budgetYear: number | null;
  /** The approval's computation as stored (JSON, written from ComputationResponse). */
  computation: unknown;
  approvedAmount: Money | null;
  fundPayable: Money | null;
  fundShortfall: Money | null;
  /** What later budgets settled of the shortfall (shortfall-settlement.ts). */
  shortfallSettled: Money;
  paidAmount: Money | null;
  paidOn: LocalDate | null;
  paymentReference: string | null;
  paidByOrgId: string | null;
  paidByUserId: string | null;
  recovery: StoredRecovery | null;
  filedByOrgId: string;
  filedByUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClaimPart {
  party: PartyRole;
  orgId: string;
  /** Decimal string, e.g. "0.4". */
  share: string;
  amount: Money;
  returned: Money;
  /** A risk sharer's payment of its part to the bank; null until recorded. */
  payment: { paidOn: LocalDate; reference: string; paidByUserId: string | null } | null;
}

/** A settlement of (part of) the claim's shortfall from a later budget year, and its payment. */
export interface ShortfallSettlementRecord {
  id: string;
  budgetYear: number;
  amount: Money;
  settledOn: LocalDate;
  payment: { paidOn: LocalDate; reference: string; paidByUserId: string | null } | null;
}

export interface Claim extends ClaimHead {
  parts: ClaimPart[];
  shortfallSettlements: ShortfallSettlementRecord[];
}

/** A risk sharer's part with the claim it belongs to. */
export interface SharerPart extends ClaimPart {
  claimId: string;
  claim: ClaimHead;
}

export interface FundBudget {
  fundId: string;
  budgetYear: number;
  policyId: string;
  policyVersion: number;
  appropriated: Money;
  /** Top-ups (追加) recorded for the year; the year's budget is appropriated + toppedUp. */
  toppedUp: Money;
  used: Money;
  paid: Money;
  shortfall: Money;
  recovered: Money;
  /** Earlier claims' shortfalls settled from this year (part of used). */
  shortfallsSettled: Money;
  claimsApproved: number;
  openedOn: LocalDate;
  closedOn: LocalDate | null;
  /** An instant (when the bureau closed it), not a calendar day. */
  closedAt: Date | null;
  closedByOrgId: string | null;
  closedByUserId: string | null;
}

const storedMoneyOrNull = (value: Prisma.Decimal | null): Money | null => (value === null ? null : moneyOfStored(value));
const dayOrNull = (value: Date | null): LocalDate | null => (value === null ? null : toDateString(value));

export function toClaimHead(row: ClaimRow): ClaimHead {
  return {
    id: row.id,
    loanId: row.loanId,
    pledgeId: row.pledgeId,
    bankOrgId: row.bankOrgId,
    borrowerUscc: row.borrowerUscc,
    fundId: row.fundId,
    policyId: row.policyId,
    policyVersion: row.policyVersion,
    ipCollateralShare: row.ipCollateralShare === null ? null : Rate.of(row.ipCollateralShare.toFixed()),
    status: ClaimStatus.parse(row.status),
    filedOn: toDateString(row.filedOn),
    filingDeadline: toDateString(row.filingDeadline),
    filingDeadlineProvisional: row.filingDeadlineProvisional,
    eligibility: row.eligibility,
    preparedOn: dayOrNull(row.preparedOn),
    preparedByOrgId: row.preparedByOrgId,
    preparedByUserId: row.preparedByUserId,
    preparedNote: row.preparedNote,
    decidedOn: dayOrNull(row.decidedOn),
    decidedByOrgId: row.decidedByOrgId,
    decidedByUserId: row.decidedByUserId,
    decisionNote: row.decisionNote,
    budgetYear: row.budgetYear,
    computation: row.computation,
    approvedAmount: storedMoneyOrNull(row.approvedAmount),
    fundPayable: storedMoneyOrNull(row.fundPayable),
    fundShortfall: storedMoneyOrNull(row.fundShortfall),
    shortfallSettled: moneyOfStored(row.shortfallSettled),
    paidAmount: storedMoneyOrNull(row.paidAmount),
    paidOn: dayOrNull(row.paidOn),
    paymentReference: row.paymentReference,
    paidByOrgId: row.paidByOrgId,
    paidByUserId: row.paidByUserId,
    recovery: row.recovery as StoredRecovery | null,
    filedByOrgId: row.filedByOrgId,
    filedByUserId: row.filedByUserId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toClaimPart(row: ClaimPartRow): ClaimPart {
  return {
    party: row.party as PartyRole,
    orgId: row.orgId,
    share: row.share.toFixed(),
    amount: moneyOfStored(row.amount),
    returned: moneyOfStored(row.returned),
    payment:
      row.paidOn === null || row.paymentReference === null
        ? null
        : { paidOn: toDateString(row.paidOn), reference: row.paymentReference, paidByUserId: row.paidByUserId },
  };
}

export function toShortfallSettlement(row: ShortfallSettlementRow): ShortfallSettlementRecord {
  return {
    id: row.id,
    budgetYear: row.budgetYear,
    amount: moneyOfStored(row.amount),
    settledOn: toDateString(row.settledOn),
    payment:
      row.paidOn === null || row.paymentReference === null
        ? null
        : { paidOn: toDateString(row.paidOn), reference: row.paymentReference, paidByUserId: row.paidByUserId },
  };
}

export function toClaim(row: ClaimRow & { parts: ClaimPartRow[]; shortfallSettlements?: ShortfallSettlementRow[] }): Claim {
  return {
    ...toClaimHead(row),
    parts: row.parts.map(toClaimPart),
    shortfallSettlements: (row.shortfallSettlements ?? []).map(toShortfallSettlement),
  };
}

export function toSharerPart(row: ClaimPartRow & { claim: ClaimRow }): SharerPart {
  return { ...toClaimPart(row), claimId: row.claimId, claim: toClaimHead(row.claim) };
}

/** What the fund may charge to the year in all: its appropriation plus its top-ups. */
export function budgetOfYear(budget: Pick<FundBudget, 'appropriated' | 'toppedUp'>): Money {
  return budget.appropriated.plus(budget.toppedUp);
}

/** What is left of the year's budget for approvals. */
export function budgetRemaining(budget: Pick<FundBudget, 'appropriated' | 'toppedUp' | 'used'>): Money {
  return budgetOfYear(budget).minus(budget.used);
}

export function toFundBudget(row: FundBudgetRow): FundBudget {
  return {
    fundId: row.fundId,
    budgetYear: row.budgetYear,
    policyId: row.policyId,
    policyVersion: row.policyVersion,
    appropriated: moneyOfStored(row.appropriated),
    toppedUp: moneyOfStored(row.toppedUp),
    used: moneyOfStored(row.used),
    paid: moneyOfStored(row.paid),
    shortfall: moneyOfStored(row.shortfall),
    recovered: moneyOfStored(row.recovered),
    shortfallsSettled: moneyOfStored(row.shortfallsSettled),
    claimsApproved: row.claimsApproved,
    openedOn: toDateString(row.openedOn),
    closedOn: dayOrNull(row.closedOn),
    closedAt: row.closedAt,
    closedByOrgId: row.closedByOrgId,
    closedByUserId: row.closedByUserId,
  };
}
