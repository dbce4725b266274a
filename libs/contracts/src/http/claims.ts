// Compensation claims (补偿申请), the bureau's decisions, payouts, fund budgets and the risk sharers'
// view. A claim's computation is returned step by step so a reader sees why it pays what it pays.
import { z } from 'zod';
import { PartyPartPayload, RecoveryReturnPayload } from '../events/compensation-events';
import { PolicyPartyRole } from '../events/policy-events';
import { FundContributionResponse, FundContributorYearResponse } from './funds';
import {
  ClaimId,
  DateString,
  LoanId,
  TotalMoneyString,
  OrgId,
  PledgeId,
  PolicyId,
  PositiveRateString,
  RateString,
  ShortfallSettlementId,
  Timestamp,
  Uscc,
} from '../primitives';

/**
 * PENDING (filed, in the bureau's queue) → [PREPARED (reviewed by one bureau user) →] APPROVED
 * (by another, when the policy's dual-control threshold applies) → PAID (the fund paid the bank) →
 * CLOSED (disposal proceeds shared back, the loan closed); PENDING or PREPARED → REJECTED. An
 * approval whose fund part the budget could not cover at all is settled as soon as it is approved.
 */
export const CLAIM_STATUSES = ['PENDING', 'PREPARED', 'APPROVED', 'REJECTED', 'PAID', 'CLOSED'] as const;
export const ClaimStatus = z.enum(CLAIM_STATUSES, { message: `must be one of ${CLAIM_STATUSES.join(', ')}` });
export type ClaimStatus = z.infer<typeof ClaimStatus>;

// Every date that decides money is the server's (today in Asia/Shanghai when the command is
// received): the filing date the deadline is judged against, the dates of preparation, decision
// and payout, and the approval date whose year is charged. None of them is a request field, so a
// request that sends one is refused (400, "is not a known field").

export const FileClaimRequest = z.strictObject({
  loanId: LoanId,
  /** The borrower's business registration date, for policies that require a minimum age (the bank attests it). */
  borrowerRegisteredOn: DateString.optional(),
  /** The borrower's latest bad credit record, if any, for policies that require a clean history (the bank attests it). */
  borrowerLastBadCreditOn: DateString.optional(),
  /**
   * The IP's share of the loan's collateral as the loan contract states it, when the IP is pledged
   * beside other security (the bank attests it): above 0, at most 1. Absent: the IP is the only
   * security (share 1). Only a policy with mixedCollateral 'ip-share-only' applies it; others store it.
   */
  ipCollateralShare: PositiveRateString.optional(),
});
export type FileClaimRequest = z.infer<typeof FileClaimRequest>;

export const PrepareClaimRequest = z.strictObject({
  note: z.string().trim().min(1).max(2000).optional(),
});
export type PrepareClaimRequest = z.infer<typeof PrepareClaimRequest>;

export const ApproveClaimRequest = z.strictObject({
  note: z.string().trim().min(1).max(2000).optional(),
});
export type ApproveClaimRequest = z.infer<typeof ApproveClaimRequest>;

export const RejectClaimRequest = z.strictObject({
  reason: z.string().trim().min(5, { message: 'must give the reason in at least 5 characters' }).max(2000),
});
export type RejectClaimRequest = z.infer<typeof RejectClaimRequest>;

export const RecordClaimPaymentRequest = z.strictObject({
  paymentReference: z.string().trim().min(1).max(64),
});
export type RecordClaimPaymentRequest = z.infer<typeof RecordClaimPaymentRequest>;

/** A risk sharer records that it paid the bank its part of a claim. */
export const RecordSharePaymentRequest = z.strictObject({
  paymentReference: z.string().trim().min(1).max(64),
});
export type RecordSharePaymentRequest = z.infer<typeof RecordSharePaymentRequest>;

export const ListClaimsQuery = z.strictObject({
  status: ClaimStatus.optional(),
  bankOrgId: OrgId.optional(),
  fundId: PolicyId.optional(),
  loanId: LoanId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const RuleOutcomeResponse = z.object({
  rule: z.string(),
  passed: z.boolean(),
  message: z.string(),
});

/** The step-by-step computation of an approved claim (see docs/ARCHITECTURE.md, "Compensation"). */
export const ComputationResponse = z.object({
  /** The bank's real loss: principal + unpaid interest, less net disposal proceeds if deducted. */
  exposure: TotalMoneyString,
  base: z.object({
    rule: z.string(),
    principal: TotalMoneyString,
    interestCounted: TotalMoneyString,
    netDisposalProceeds: TotalMoneyString,
    ipCollateralShare: RateString,
    amount: TotalMoneyString,
  }),
  /** Room this borrower's other loans of the year already hold under the per-borrower cap. */
  borrowerCoverageTakenBefore: TotalMoneyString,
  caps: z.array(
    z.object({
      order: z.number().int(),
      cap: z.string(),
      limit: TotalMoneyString,
      before: TotalMoneyString,
      after: TotalMoneyString,
      bound: z.boolean(),
    }),
  ),
  approvedAmount: TotalMoneyString,
  split: z.array(PartyPartPayload),
  publicShareCap: z
    .object({
      rate: RateString,
      exposure: TotalMoneyString,
      limit: TotalMoneyString,
      fundPartBefore: TotalMoneyString,
      fundPartAfter: TotalMoneyString,
      keptByBank: TotalMoneyString,
    })
    .nullable(),
  parts: z.array(PartyPartPayload),
  fund: z.object({
    budgetYear: z.number().int(),
    fundPart: TotalMoneyString,
    budgetBefore: TotalMoneyString,
    paid: TotalMoneyString,
    budgetAfter: TotalMoneyString,
    shortfall: TotalMoneyString,
    rule: z.string(),
  }),
  uncoveredLoss: TotalMoneyString,
});
export type ComputationResponse = z.infer<typeof ComputationResponse>;

export const ClaimResponse = z.object({
  id: ClaimId,
  status: ClaimStatus,
  loanId: LoanId,
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  borrowerUscc: Uscc,
  /** The fund that pays: the policy series the loan is bound to. */
  fundId: PolicyId,
  policyId: PolicyId,
  policyVersion: z.number().int(),
  /** The IP's share of the collateral the bank stated when filing; null when it stated none (the IP is the only security). */
  ipCollateralShare: RateString.nullable(),
  filedOn: DateString,
  filingDeadline: DateString,
  /**
   * True when the deadline was counted through a year the bureau has not entered in the working-day
   * calendar yet (counted Monday to Friday): the deadline may move when that year is published.
   */
  filingDeadlineProvisional: z.boolean(),
  /** Every eligibility rule the claim was checked against, passed or not. */
  eligibility: z.array(RuleOutcomeResponse),
  /** The first pair of eyes, when the claim was prepared for another user's approval. */
  preparation: z
    .object({ preparedOn: DateString, preparedByOrgId: OrgId, preparedByUserId: z.string().nullable(), note: z.string().nullable() })
    .nullable(),
  decision: z
    .object({
      outcome: z.enum(['APPROVED', 'REJECTED']),
      decidedOn: DateString,
      decidedByOrgId: OrgId,
      decidedByUserId: z.string().nullable(),
      note: z.string().nullable(),
    })
    .nullable(),
  computation: ComputationResponse.nullable(),
  payment: z
    .object({
      amount: TotalMoneyString,
      paidOn: DateString,
      paymentReference: z.string(),
      recordedByOrgId: OrgId.nullable(),
      recordedByUserId: z.string().nullable(),
    })
    .nullable(),
  /**
   * What later budgets settled of the fund's shortfall (docs/funds.md, "Shortfalls"), one line per
   * settlement: the year charged, the day, and the payment to the bank once recorded.
   */
  shortfallSettlements: z.array(
    z.object({
      settlementId: ShortfallSettlementId,
      budgetYear: z.number().int(),
      amount: TotalMoneyString,
      settledOn: DateString,
      payment: z.object({ paidOn: DateString, paymentReference: z.string(), recordedByUserId: z.string().nullable() }).nullable(),
    }),
  ),
  recovery: z
    .object({
      disposedOn: DateString,
      distributedOn: DateString,
      netProceeds: TotalMoneyString,
      returns: z.array(RecoveryReturnPayload),
      residualToBank: TotalMoneyString,
      residualToBorrower: TotalMoneyString,
      rule: z.string(),
    })
    .nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ClaimResponse = z.infer<typeof ClaimResponse>;

export const ClaimListResponse = z.object({ items: z.array(ClaimResponse) });

export const FundBudgetYearResponse = z.object({
  budgetYear: z.number().int(),
  appropriated: TotalMoneyString,
  /** Top-ups (追加) paid in for the year: the year's budget is appropriated + toppedUp. */
  toppedUp: TotalMoneyString,
  /** The fund's parts approved and charged to this year (payable or paid). */
  used: TotalMoneyString,
  /** appropriated + toppedUp − used. */
  remaining: TotalMoneyString,
  paid: TotalMoneyString,
  /** Fund parts this year's budget could not cover: owed to banks from a later budget. */
  shortfall: TotalMoneyString,
  /** Earlier shortfalls settled from this year's budget (part of `used`). */
  shortfallsSettled: TotalMoneyString,
  /** Disposal proceeds returned to this year's budget line. */
  recovered: TotalMoneyString,
  claimsApproved: z.number().int(),
  /**
   * Each government named by the policy version that opened the year (in its order), then any other
   * that paid in: its part of the appropriation, what it paid towards it and its top-ups.
   */
  contributors: z.array(FundContributorYearResponse),
  /** Closed by the bureau: never charged again (see docs/ARCHITECTURE.md, "Budget years that close"). */
  closed: z.object({ closedOn: DateString, closedAt: Timestamp, closedByOrgId: OrgId, closedByUserId: z.string().nullable() }).nullable(),
});

export const FundResponse = z.object({
  fundId: PolicyId,
  name: z.string(),
  /** Appropriated + topped up − paid + recovered over all years: the money in the pool. */
  balance: TotalMoneyString,
  years: z.array(FundBudgetYearResponse),
});
export type FundResponse = z.infer<typeof FundResponse>;

/** One budget year as the close command answers it. */
export const FundBudgetYearClosedResponse = z.object({ fundId: PolicyId, year: FundBudgetYearResponse });
/** A recorded contribution and the budget year as it stands after it. */
export const FundContributionRecordedResponse = z.object({ contribution: FundContributionResponse, year: FundBudgetYearResponse });
export const FundListResponse = z.object({ items: z.array(FundResponse) });

/** A guarantor's, insurer's or appraiser's part of one claim: what it owes and what came back. */
export const CompensationShareResponse = z.object({
  claimId: ClaimId,
  loanId: LoanId,
  bankOrgId: OrgId,
  party: PolicyPartyRole,
  orgId: z.string(),
  share: RateString,
  owed: TotalMoneyString,
  returned: TotalMoneyString,
  claimStatus: ClaimStatus,
  approvedOn: DateString,
  /** The sharer's payment of its part to the bank; null until recorded. */
  paidOn: DateString.nullable(),
  paymentReference: z.string().nullable(),
});
export const CompensationShareListResponse = z.object({ items: z.array(CompensationShareResponse) });
