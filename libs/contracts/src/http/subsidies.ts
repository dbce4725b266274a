// Subsidy schemes (扶持政策: 贴息, 评估费/担保费/保险费补贴) over HTTP: the bureau drafts a version and
// another bureau user publishes it (四眼原则); banks read the published ones. The rules a version must
// also keep (a rule per kind at most, shares above 0, …) are the service's (docs/subsidies.md).
import { z } from 'zod';
import { PolicyScope } from '../events/policy-events';
import {
  DateString,
  FIRM_SIZES,
  FirmSize,
  IndustryCode,
  IP_TYPES,
  IpType,
  LoanId,
  MoneyString,
  OrgId,
  RateString,
  SubsidyApplicationId,
  SubsidySchemeId,
  Timestamp,
  TotalMoneyString,
  Uscc,
} from '../primitives';
import { RuleOutcomeResponse } from './claims';

export const SUBSIDY_KINDS = ['interest', 'evaluation-fee', 'guarantee-fee', 'insurance-premium'] as const;
export const SubsidyKind = z.enum(SUBSIDY_KINDS, { message: `must be one of ${SUBSIDY_KINDS.join(', ')}` });

export const REFERENCE_DAYS = ['cost-day', 'month-before-contract'] as const;

export const SubsidyBasis = z.discriminatedUnion('basis', [
  /** A share of what was actually paid. */
  z.strictObject({ basis: z.literal('share-of-paid'), share: RateString }),
  /** Interest at a share of the one-year LPR on the principal outstanding each day, at most the interest paid. */
  z.strictObject({
    basis: z.literal('share-of-reference'),
    share: RateString,
    reference: z.literal('LPR-1Y'),
    /**
     * Which day's LPR: the day the interest was due (cost-day, the default), or the latest LPR of the
     * month before the loan contract was signed (month-before-contract, Qingdao's 上月最新一年期LPR;
     * the disbursement date stands for the signing date).
     */
    referenceOn: z.enum(REFERENCE_DAYS, { message: `must be one of ${REFERENCE_DAYS.join(', ')}` }).optional(),
  }),
  /** A rate on the loan's principal, at most the fee paid. */
  z.strictObject({ basis: z.literal('share-of-loan'), rate: RateString }),
]);

export const SubsidyRule = z.strictObject({
  kind: SubsidyKind,
  rate: SubsidyBasis,
  perLoan: MoneyString.optional(),
  perFirmPerYear: MoneyString.optional(),
});

export const SubsidyEligibility = z.strictObject({
  firmSizes: z.array(FirmSize).max(FIRM_SIZES.length).optional(),
  /** GB/T 4754-2017 section letters. */
  industries: z.array(IndustryCode).max(20).optional(),
  ipTypes: z.array(IpType).max(IP_TYPES.length).optional(),
  loanPurposes: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
  onTimeRepaymentOnly: z.boolean().optional(),
  /** The contract rate at most this multiple of the one-year LPR (e.g. "1.4"). */
  maxRateOverLpr: z
    .string()
    .regex(/^\d{1,2}(\.\d{1,6})?$/, { message: 'must be a plain decimal multiple such as 1.4' })
    .optional(),
});

/** A scheme's rules as data: the body of a draft, and what a published version carries. */
export const SubsidySchemeDocument = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** The published document this scheme follows. */
  source: z.string().trim().min(1).max(2000),
  notes: z.array(z.string().trim().min(1).max(500)).max(50).optional(),
  scope: PolicyScope,
  effectiveFrom: DateString,
  /** Exclusive; absent while open-ended. */
  effectiveTo: DateString.optional(),
  rules: z.array(SubsidyRule).min(1).max(SUBSIDY_KINDS.length),
  eligibility: SubsidyEligibility,
  /** What the scheme may pay in a calendar year, all kinds together. */
  yearlyBudget: MoneyString,
  /** 四眼原则 for approving an application above this amount. */
  dualControlAbove: MoneyString.optional(),
});
export type SubsidySchemeDocument = z.infer<typeof SubsidySchemeDocument>;

export const SUBSIDY_SCHEME_STATUSES = ['DRAFT', 'PUBLISHED'] as const;
export const SubsidySchemeStatus = z.enum(SUBSIDY_SCHEME_STATUSES);

export const CreateSubsidySchemeRequest = SubsidySchemeDocument;
export type CreateSubsidySchemeRequest = z.infer<typeof CreateSubsidySchemeRequest>;

/** The next version of a published scheme: a whole document, taking effect after the version it follows. */
export const CreateSubsidySchemeVersionRequest = SubsidySchemeDocument;
export type CreateSubsidySchemeVersionRequest = z.infer<typeof CreateSubsidySchemeVersionRequest>;

export const SubsidySchemeResponse = z.object({
  id: SubsidySchemeId,
  /** The scheme as a programme across its versions: the first version's id (budgets and caps are the series'). */
  seriesId: SubsidySchemeId,
  version: z.number().int().min(1),
  status: SubsidySchemeStatus,
  name: z.string(),
  effectiveFrom: DateString,
  effectiveTo: DateString.nullable(),
  document: SubsidySchemeDocument,
  createdByOrgId: OrgId,
  createdAt: Timestamp,
  publishedByOrgId: OrgId.nullable(),
  publishedAt: Timestamp.nullable(),
});
export type SubsidySchemeResponse = z.infer<typeof SubsidySchemeResponse>;

/** A real scheme shipped as a preset: the document a bureau drafts its own version from. */
export const SubsidySchemePresetResponse = z.object({
  presetId: z.string(),
  version: z.number().int().min(1),
  source: z.string(),
  document: SubsidySchemeDocument,
});
export const SubsidySchemePresetListResponse = z.object({ items: z.array(SubsidySchemePresetResponse) });
export type SubsidySchemePresetResponse = z.infer<typeof SubsidySchemePresetResponse>;

export const ListSubsidySchemesQuery = z.strictObject({ status: SubsidySchemeStatus.optional() });
export const SubsidySchemeListResponse = z.object({ items: z.array(SubsidySchemeResponse) });

/**
 * An application for a subsidy (补贴申请): PENDING (filed by the bank, in the bureau's queue) →
 * [PREPARED (reviewed by one bureau user) →] APPROVED (by another, above the scheme's dual-control
 * threshold) → PAID (the scheme paid the borrower; recorded by another user than the approver);
 * PENDING or PREPARED → REJECTED.
 */
export const SUBSIDY_APPLICATION_STATUSES = ['PENDING', 'PREPARED', 'APPROVED', 'REJECTED', 'PAID'] as const;
export const SubsidyApplicationStatus = z.enum(SUBSIDY_APPLICATION_STATUSES, {
  message: `must be one of ${SUBSIDY_APPLICATION_STATUSES.join(', ')}`,
});
export type SubsidyApplicationStatus = z.infer<typeof SubsidyApplicationStatus>;

// The dates that decide money are the borrower's: when the interest period ran or the fee was paid
// (the scheme version and the LPR in force then). The filing and decision dates are the server's.
export const ApplyForSubsidyRequest = z
  .strictObject({
    schemeId: SubsidySchemeId,
    loanId: LoanId,
    kind: SubsidyKind,
    /** What the borrower actually paid for this cost (the interest of the period, or the fee). */
    amountPaid: MoneyString,
    /**
     * Interest: the period the interest was paid for, from periodFrom up to, not including, periodTo
     * (算头不算尾): for an instalment, its start and its due day.
     */
    periodFrom: DateString.optional(),
    periodTo: DateString.optional(),
    /** A fee: the day it was paid. */
    feePaidOn: DateString.optional(),
    /** The repayments (rp_…) or fee receipts the amount is made of, as the bank's books name them. */
    paymentReferences: z.array(z.string().trim().min(1).max(64)).min(1).max(50),
    /**
     * The borrower's size by 中小企业划型标准规定 and GB/T 4754-2017 section: what was registered with
     * the pledge counts; stated here, they fill in what was not registered and may not contradict it.
     */
    firmSize: FirmSize.optional(),
    industry: IndustryCode.optional(),
    /** The loan's purpose as its contract states it. */
    loanPurpose: z.string().trim().min(1).max(64).optional(),
  })
  .superRefine((request, ctx) => {
    if (request.kind === 'interest') {
      if (request.periodFrom === undefined)
        ctx.addIssue({ code: 'custom', path: ['periodFrom'], message: 'is required for an interest subsidy' });
      if (request.periodTo === undefined)
        ctx.addIssue({ code: 'custom', path: ['periodTo'], message: 'is required for an interest subsidy' });
      if (request.feePaidOn !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['feePaidOn'], message: 'is for a fee; an interest subsidy gives periodFrom and periodTo' });
      }
      if (request.periodFrom !== undefined && request.periodTo !== undefined && request.periodTo <= request.periodFrom) {
        ctx.addIssue({ code: 'custom', path: ['periodTo'], message: 'must be after periodFrom' });
      }
    } else {
      if (request.feePaidOn === undefined) ctx.addIssue({ code: 'custom', path: ['feePaidOn'], message: 'is required for a fee subsidy' });
      for (const field of ['periodFrom', 'periodTo'] as const) {
        if (request[field] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [field], message: 'is for an interest subsidy; a fee gives feePaidOn' });
        }
      }
    }
  });
export type ApplyForSubsidyRequest = z.infer<typeof ApplyForSubsidyRequest>;

export const DecideSubsidyRequest = z.strictObject({ note: z.string().trim().min(1).max(2000).optional() });
export type DecideSubsidyRequest = z.infer<typeof DecideSubsidyRequest>;
export const RejectSubsidyRequest = z.strictObject({
  reason: z.string().trim().min(5, { message: 'must give the reason in at least 5 characters' }).max(2000),
});
export type RejectSubsidyRequest = z.infer<typeof RejectSubsidyRequest>;
export const RecordSubsidyPaymentRequest = z.strictObject({ paymentReference: z.string().trim().min(1).max(64) });
export type RecordSubsidyPaymentRequest = z.infer<typeof RecordSubsidyPaymentRequest>;

export const ListSubsidyApplicationsQuery = z.strictObject({
  status: SubsidyApplicationStatus.optional(),
  schemeId: SubsidySchemeId.optional(),
  loanId: LoanId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const SubsidyLimitStepResponse = z.object({
  limit: z.enum(['per-loan', 'per-firm-per-year', 'yearly-budget']),
  room: TotalMoneyString,
  before: TotalMoneyString,
  after: TotalMoneyString,
  bound: z.boolean(),
});
/** The computation, step by step (docs/subsidies.md): why the scheme pays what it pays. */
export const SubsidyComputationResponse = z.object({
  base: z.object({
    basis: z.enum(['share-of-paid', 'share-of-reference', 'share-of-loan']),
    rate: z.string(),
    computed: TotalMoneyString,
    amountPaid: TotalMoneyString,
    amount: TotalMoneyString,
  }),
  limits: z.array(SubsidyLimitStepResponse),
  approved: TotalMoneyString,
  /** The one-year LPR the scheme refers to, and the day it was read for (the rule's referenceOn). */
  lpr: RateString.nullable(),
  lprOn: DateString.nullable(),
  /** Σ principal outstanding × days of the interest period (share-of-reference). */
  principalDays: TotalMoneyString,
  budgetYear: z.number().int(),
});

export const SubsidyApplicationResponse = z.object({
  id: SubsidyApplicationId,
  status: SubsidyApplicationStatus,
  /** The version that binds it (the series' version in force on the cost day), its number and its series. */
  schemeId: SubsidySchemeId,
  schemeVersion: z.number().int().min(1),
  seriesId: SubsidySchemeId,
  kind: SubsidyKind,
  loanId: LoanId,
  bankOrgId: OrgId,
  borrowerUscc: Uscc,
  amountPaid: TotalMoneyString,
  periodFrom: DateString.nullable(),
  periodTo: DateString.nullable(),
  feePaidOn: DateString.nullable(),
  /** The last day of the interest period, or the day the fee was paid: it picks the scheme version and the LPR. */
  costIncurredOn: DateString,
  paymentReferences: z.array(z.string()),
  firmSize: FirmSize.nullable(),
  industry: z.string().nullable(),
  loanPurpose: z.string().nullable(),
  filedOn: DateString,
  eligibility: z.array(RuleOutcomeResponse),
  preparedOn: DateString.nullable(),
  preparedByUserId: z.string().nullable(),
  decidedOn: DateString.nullable(),
  decidedByUserId: z.string().nullable(),
  decisionNote: z.string().nullable(),
  computation: SubsidyComputationResponse.nullable(),
  approvedAmount: TotalMoneyString.nullable(),
  budgetYear: z.number().int().nullable(),
  /** The day the scheme paid the borrower, and the payment's reference. */
  paidOutOn: DateString.nullable(),
  paymentReference: z.string().nullable(),
  createdAt: Timestamp,
});
export type SubsidyApplicationResponse = z.infer<typeof SubsidyApplicationResponse>;
export const SubsidyApplicationListResponse = z.object({ items: z.array(SubsidyApplicationResponse) });
