// Subsidy schemes (扶持政策: 贴息, 评估费/担保费/保险费补贴) over HTTP: the bureau drafts a version and
// another bureau user publishes it (四眼原则); banks read the published ones. The rules a version must
// also keep (a rule per kind at most, shares above 0, …) are the service's (docs/subsidies.md).
import { z } from 'zod';
import { PolicyScope } from '../events/policy-events';
import { DateString, IP_TYPES, IpType, MoneyString, OrgId, RateString, SubsidySchemeId, Timestamp } from '../primitives';

export const SUBSIDY_KINDS = ['interest', 'evaluation-fee', 'guarantee-fee', 'insurance-premium'] as const;
export const SubsidyKind = z.enum(SUBSIDY_KINDS, { message: `must be one of ${SUBSIDY_KINDS.join(', ')}` });
export const FIRM_SIZES = ['large', 'medium', 'small', 'micro'] as const;
export const FirmSize = z.enum(FIRM_SIZES, { message: `must be one of ${FIRM_SIZES.join(', ')}` });

export const SubsidyBasis = z.discriminatedUnion('basis', [
  /** A share of what was actually paid. */
  z.strictObject({ basis: z.literal('share-of-paid'), share: RateString }),
  /** Interest at a share of the one-year LPR on the principal outstanding each day, at most the interest paid. */
  z.strictObject({ basis: z.literal('share-of-reference'), share: RateString, reference: z.literal('LPR-1Y') }),
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
  industries: z
    .array(z.string().regex(/^[A-T]$/, { message: 'must be a GB/T 4754 section letter A–T' }))
    .max(20)
    .optional(),
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

export const SubsidySchemeResponse = z.object({
  id: SubsidySchemeId,
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

export const ListSubsidySchemesQuery = z.strictObject({ status: SubsidySchemeStatus.optional() });
export const SubsidySchemeListResponse = z.object({ items: z.array(SubsidySchemeResponse) });
