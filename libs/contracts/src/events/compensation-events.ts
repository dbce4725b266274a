// Risk-compensation events (风险补偿): budgets, approved and rejected claims, payouts and the
// sharing back of disposal proceeds. Those of the fund are keyed by the fund (the policy series
// whose pool pays), so one fund's budget opening, approvals, payments and recoveries stay in order
// on one partition: the ledger never sees a payout before the appropriation that funds it. What a
// claim's approval and its recovery do to the loan (its defaulted principal, the bank's receivable,
// cash and write-off) travels apart, on the loans topic keyed by the loan, after the loan's default
// on the same partition: the ledger never waits for a fact from another topic.
import { z } from 'zod';
import {
  ClaimId,
  DateString,
  DivisionCode,
  FundContributionId,
  ShortfallSettlementId,
  LoanId,
  MoneyString,
  OrgId,
  PledgeId,
  PolicyId,
  PositiveMoneyString,
  PositiveTotalMoneyString,
  RateString,
  TotalMoneyString,
  Uscc,
} from '../primitives';

// Amounts computed from several facts (principal plus interest, a year's sums) are TotalMoneyString;
// an amount stated once (a budget, proceeds) is a single MoneyString (at most 100亿元).
import { PolicyPartyRole } from './policy-events';

/** A fund is identified by the policy series it belongs to: the id of that policy's version 1. */
export const FundId = PolicyId;

const BudgetYear = z.number().int().min(2000).max(2100);

/** One party's part of an approved claim, and which organisation it is. */
export const PartyPartPayload = z.object({
  party: PolicyPartyRole,
  /** The fund id for the fund, the bank's org id for the bank, the guarantor's, insurer's or appraiser's org id. */
  orgId: z.string().min(1).max(64),
  share: RateString,
  amount: TotalMoneyString,
});

export const FundBudgetOpenedV1 = z.object({
  fundId: FundId,
  budgetYear: BudgetYear,
  /** The fund's yearly cap from the policy version that opened the year (caps.fundYearlyBudget). */
  appropriated: MoneyString,
  policyId: PolicyId,
  policyVersion: z.number().int().min(1),
  openedOn: DateString,
});

export const GOVERNMENT_LEVELS = ['province', 'city', 'district'] as const;
export const GovernmentLevel = z.enum(GOVERNMENT_LEVELS);
export type GovernmentLevel = z.infer<typeof GovernmentLevel>;

/**
 * 'appropriation': a government paid in (part of) its share of the year's appropriated budget; the
 * budget does not change. 'top-up' (追加): money beyond the appropriation, which raises the year's budget.
 */
export const FUND_CONTRIBUTION_KINDS = ['appropriation', 'top-up'] as const;
export const FundContributionKind = z.enum(FUND_CONTRIBUTION_KINDS, { message: `must be one of ${FUND_CONTRIBUTION_KINDS.join(', ')}` });
export type FundContributionKind = z.infer<typeof FundContributionKind>;

/** A government (province, city or district) paid money into a fund for a budget year. */
export const FundContributionReceivedV1 = z.object({
  contributionId: FundContributionId,
  fundId: FundId,
  budgetYear: BudgetYear,
  /** The paying government's 6-digit division code (GB/T 2260), e.g. 370000 山东省. */
  payerCode: DivisionCode,
  payerLevel: GovernmentLevel,
  payerName: z.string().min(1).max(100),
  kind: FundContributionKind,
  amount: PositiveMoneyString,
  /** The server's day the bureau recorded the money as received. */
  receivedOn: DateString,
  /** The transfer's reference (拨款文号 or bank reference), unique per payer and fund. */
  reference: z.string().min(1).max(64),
});

/**
 * A later budget year settled (part of) a claim's fund shortfall: the fund's side. The fund owes the
 * bank the amount from then on (paid like a payout: CompensationPaid with this budget year).
 */
export const CompensationShortfallSettledV1 = z.object({
  settlementId: ShortfallSettlementId,
  claimId: ClaimId,
  fundId: FundId,
  loanId: LoanId,
  bankOrgId: OrgId,
  /** The year charged with it. */
  budgetYear: BudgetYear,
  settledOn: DateString,
  amount: PositiveMoneyString,
});

/**
 * The loan's side of a settled shortfall (loans topic, after the loan's default and the approval's
 * loan side): the bank's clearing account against the defaulted principal still uncovered (or, once
 * the claim closed, the credit loss written off for it) and compensated interest beyond it.
 */
export const LoanShortfallSettledV1 = z.object({
  settlementId: ShortfallSettlementId,
  claimId: ClaimId,
  loanId: LoanId,
  bankOrgId: OrgId,
  fundId: FundId,
  settledOn: DateString,
  amount: PositiveMoneyString,
  /** What settles defaulted principal: principal-defaulted while open, credit loss once written off. */
  principalSettled: TotalMoneyString,
  /** Whether the principal was written off already (the claim closed): then the credit loss is recovered. */
  writtenOff: z.boolean(),
  interestCompensated: TotalMoneyString,
});

/**
 * The bureau closed a fund's budget year: from then on nothing is charged to it (approvals go to the
 * earliest later open year, recoveries of claims charged to it to the current open year). Payouts of
 * what was approved before the close are still paid from it. The figures are the year's at closing.
 */
export const FundBudgetYearClosedV1 = z.object({
  fundId: FundId,
  budgetYear: BudgetYear,
  /** The server's date of the close (Asia/Shanghai). */
  closedOn: DateString,
  closedByOrgId: OrgId,
  closedByUserId: z.string().min(1).max(64).nullable(),
  appropriated: MoneyString,
  used: TotalMoneyString,
  paid: TotalMoneyString,
  shortfall: TotalMoneyString,
  recovered: TotalMoneyString,
  claimsApproved: z.number().int().min(0),
});

export const CompensationApprovedV1 = z.object({
  claimId: ClaimId,
  fundId: FundId,
  policyId: PolicyId,
  policyVersion: z.number().int().min(1),
  loanId: LoanId,
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  borrowerUscc: Uscc,
  /**
   * The budget year the fund's part is charged to: the year of the (server's) approval date, or,
   * when the bureau has closed that year, the earliest later year that is not closed.
   */
  budgetYear: BudgetYear,
  approvedOn: DateString,
  /** Principal outstanding at default: what the loan's defaulted-principal account holds. */
  outstandingPrincipal: PositiveMoneyString,
  /** The covered loss after caps; the parts sum to it exactly. */
  approvedAmount: TotalMoneyString,
  parts: z.array(PartyPartPayload).min(1),
  /** What the fund owes now, within the year's budget (≤ the fund's part). */
  fundPayable: TotalMoneyString,
  /** The fund's part the budget could not cover: owed to the bank from a later budget, borne by the bank until then. */
  fundShortfall: TotalMoneyString,
  /** The bank's loss no one covers (interest, above caps, the non-IP share). */
  uncoveredLoss: TotalMoneyString,
});

export const CompensationRejectedV1 = z.object({
  claimId: ClaimId,
  fundId: FundId,
  loanId: LoanId,
  bankOrgId: OrgId,
  rejectedOn: DateString,
  reason: z.string().min(1).max(2000),
});

export const CompensationPaidV1 = z.object({
  claimId: ClaimId,
  fundId: FundId,
  loanId: LoanId,
  bankOrgId: OrgId,
  budgetYear: BudgetYear,
  /** The fund's payout to the bank: the approved fundPayable. */
  amount: PositiveTotalMoneyString,
  paidOn: DateString,
  paymentReference: z.string().min(1).max(64),
});

/** The risk sharers (担保、保险、评估机构) whose parts of a loss they pay to the bank themselves. */
export const RiskSharerRole = z.enum(['guarantor', 'insurer', 'appraiser']);

/**
 * A guarantor, insurer or appraiser paid the bank its whole part of an approved claim (recorded by
 * the sharer; the day is the server's). Keyed by the fund like the claim's other events, so the
 * ledger sees it after the approval that made it payable.
 */
export const CompensationSharePaidV1 = z.object({
  claimId: ClaimId,
  fundId: FundId,
  loanId: LoanId,
  bankOrgId: OrgId,
  party: RiskSharerRole,
  orgId: OrgId,
  amount: PositiveTotalMoneyString,
  paidOn: DateString,
  paymentReference: z.string().min(1).max(64),
});

export const RecoveryReturnPayload = z.object({
  party: PolicyPartyRole,
  orgId: z.string().min(1).max(64),
  /** What the party actually bore of the loss. */
  bore: TotalMoneyString,
  /** Its part of the net proceeds: at most what it bore. */
  returned: TotalMoneyString,
});

export const RecoveryDistributedV1 = z.object({
  claimId: ClaimId,
  fundId: FundId,
  loanId: LoanId,
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  /**
   * The budget line the fund's returned money goes back to: the year the compensation was charged
   * to, or the current open year when the bureau has closed that one.
   */
  budgetYear: BudgetYear,
  disposedOn: DateString,
  distributedOn: DateString,
  /** Sale price less disposal costs; the bank received it. */
  netProceeds: MoneyString,
  returns: z.array(RecoveryReturnPayload),
  /** Proceeds beyond everything borne: first the bank's uncovered loss, then the borrower. */
  residualToBank: MoneyString,
  residualToBorrower: MoneyString,
  /** Defaulted principal nobody will pay any more, written off as the bank's credit loss when the loan closes. */
  principalWrittenOff: MoneyString,
});

/**
 * The loan's side of an approved claim (v2 of CompensationApproved carries the fund's side): what
 * the fund and the risk sharers owe the bank, settling the defaulted principal up to what is
 * outstanding, the rest compensating interest.
 */
export const LoanCompensationApprovedV1 = z.object({
  claimId: ClaimId,
  loanId: LoanId,
  bankOrgId: OrgId,
  fundId: FundId,
  approvedOn: DateString,
  /** Principal outstanding at default: what the loan's defaulted-principal account holds. */
  outstandingPrincipal: PositiveMoneyString,
  /** What the fund (its payable within the budget) and the risk sharers owe the bank: its receivable. */
  owedToBank: TotalMoneyString,
});

/**
 * The loan's side of a recovery (v2 of RecoveryDistributed carries the fund's and risk sharers'
 * returns): what the bank keeps of the net proceeds, and the defaulted principal written off.
 */
export const LoanRecoverySettledV1 = z.object({
  claimId: ClaimId,
  loanId: LoanId,
  bankOrgId: OrgId,
  fundId: FundId,
  distributedOn: DateString,
  /** The bank's own return plus the residual to it: its recoveries income, in its cash. */
  keptByBank: TotalMoneyString,
  /** Defaulted principal nobody will pay any more, written off as the bank's credit loss. */
  principalWrittenOff: MoneyString,
});
