import { z } from 'zod';
import { DateString, DivisionCode, IP_TYPES, IpType, MoneyString, PolicyId, RateString } from '../primitives';

export const POLICY_PARTY_ROLES = ['fund', 'bank', 'guarantor', 'insurer', 'appraiser'] as const;
export const PolicyPartyRole = z.enum(POLICY_PARTY_ROLES, { message: `must be one of ${POLICY_PARTY_ROLES.join(', ')}` });

export const PolicyPartyShare = z.strictObject({
  party: PolicyPartyRole,
  share: RateString,
  note: z.string().trim().min(1).max(200).optional(),
});

export const PolicyScope = z.strictObject({
  city: z.string().trim().min(1).max(100),
  /**
   * The leading digits of the division codes (行政区划代码) the policy covers: 2 for a province or a
   * municipality (Chongqing 50, Anhui 34), 4 for a prefecture-level city (Guangzhou 4401). A loan is
   * bound to the policy only if its district code starts with it. Required on new drafts unless
   * `district` is given; absent only on versions published before it existed.
   */
  cityCode: z
    .string()
    .regex(/^\d{2}(\d{2})?$/, { message: 'must be the 2 or 4 leading digits of a division code, e.g. 50 or 4401' })
    .optional(),
  district: DivisionCode.optional(),
});

/**
 * A government that pays into the fund (资金来源), where the policy says who does: Weihai's pool is
 * paid province 40 : city 20. `payerCode` is the government's full division code (GB/T 2260): a
 * province's ends in 0000 (山东省 370000), a city's in 00 (威海市 371000), a district's in neither.
 * `weight` is its part of the fund's money in proportion to the others' (40 and 20, or 4 and 6).
 */
export const PolicyFundContributor = z.strictObject({
  payerCode: DivisionCode,
  name: z.string().trim().min(1).max(100),
  weight: z
    .string()
    .regex(/^\d{1,9}(\.\d{1,6})?$/, { message: 'must be a positive decimal such as "40" or "0.4"' })
    .refine((weight) => /[1-9]/.test(weight), { message: 'must be greater than 0' }),
});

export const COVERAGE_BASES = ['outstanding-principal', 'principal-plus-interest'] as const;
export const PolicyCoverageBase = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('outstanding-principal') }),
  z.strictObject({ kind: z.literal('principal-plus-interest'), interestLimit: MoneyString }),
]);

export const PolicyCaps = z.strictObject({
  perLoan: MoneyString.optional(),
  perBorrowerPerYear: MoneyString.optional(),
  fundYearlyBudget: MoneyString,
});

export const PolicyEligibility = z.strictObject({
  ipTypes: z.array(IpType).max(IP_TYPES.length).optional(),
  maxLoanAmount: MoneyString.optional(),
  maxTermMonths: z.number().int().min(1).max(600).optional(),
  districts: z.array(DivisionCode).max(200).optional(),
  borrowerRegisteredForYears: z.number().int().min(0).max(100).optional(),
  cleanCreditForYears: z.number().int().min(0).max(100).optional(),
});

export const CLAIM_TRIGGERS = ['on-default', 'after-disposal'] as const;
export const MIXED_COLLATERAL_RULES = ['ip-share-only', 'whole-loan'] as const;
export const RECOVERY_RULES = ['pro-rata-to-borne'] as const;

/**
 * A compensation policy's rules as data (the body of a draft, and what a published version
 * carries): who bears which share of a covered loss, what is covered, caps, eligibility, the claim
 * trigger and deadline. Structural rules only; the service checks the rest (shares sum to 1, …).
 */
export const PolicyDocument = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** The published document this policy follows. */
  source: z.string().trim().min(1).max(2000),
  notes: z.array(z.string().trim().min(1).max(500)).max(50).optional(),
  scope: PolicyScope,
  effectiveFrom: DateString,
  /** Exclusive; absent while open-ended. */
  effectiveTo: DateString.optional(),
  parties: z.array(PolicyPartyShare).min(1).max(POLICY_PARTY_ROLES.length),
  coverageBase: PolicyCoverageBase,
  mixedCollateral: z.enum(MIXED_COLLATERAL_RULES, { message: `must be one of ${MIXED_COLLATERAL_RULES.join(', ')}` }),
  caps: PolicyCaps,
  eligibility: PolicyEligibility,
  trigger: z.enum(CLAIM_TRIGGERS, { message: `must be one of ${CLAIM_TRIGGERS.join(', ')}` }),
  filingDeadlineWorkingDays: z.number().int().min(1).max(365),
  recoveryRule: z.enum(RECOVERY_RULES, { message: `must be one of ${RECOVERY_RULES.join(', ')}` }),
  publicShareCapOfExposure: RateString.optional(),
  /**
   * 四眼原则: a claim whose approved amount is above this needs two bureau users, one who prepares
   * it and another who approves. A draft that leaves it out gets 0.00 (every claim with an amount
   * takes two people); a version stored without it is read as 0.00 too.
   */
  dualControlAbove: MoneyString.optional(),
  /**
   * Who pays the fund's money and in what proportion (province, city, district as separate payers).
   * Absent: the policy does not say, and any government may record contributions (docs/funds.md).
   */
  fundedBy: z.array(PolicyFundContributor).min(1).max(10).optional(),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;

export const CompensationPolicyPublishedV1 = z.object({
  policyId: PolicyId,
  /** The id of version 1 of this policy (absent in events from before versions: then equal to policyId). */
  seriesId: PolicyId.optional(),
  version: z.number().int().min(1),
  name: z.string().min(1).max(200),
  scope: PolicyScope,
  effectiveFrom: DateString,
  effectiveTo: DateString.nullable(),
  parties: z.array(PolicyPartyShare).min(1),
  /** The whole validated policy as published; a claim is judged by it. */
  document: PolicyDocument,
  publishedAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp' }),
});
