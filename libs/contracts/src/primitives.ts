// Wire-level building blocks shared by events and HTTP bodies. Structural rules only:
// semantic checks (check digits, division tables) live in @ipledger/identifiers and run in
// the services, because this library imports nothing of ours.
import { z } from 'zod';

/**
 * The bounds on amounts (docs/ARCHITECTURE.md, "Money: bounds"). The same figures as
 * @ipledger/money's MAX_AMOUNT and MAX_TOTAL (a test holds them equal; this library imports
 * nothing of ours).
 * - maxAmount: any single amount a client or an event states, 100亿元.
 * - maxTotal: any sum the system keeps or answers (DECIMAL(30,2), 28 integer digits).
 */
export const AMOUNT_BOUNDS = {
  maxAmount: '10000000000.00',
  maxTotal: '9999999999999999999999999999.99',
} as const;

/** The stable code of the rule, in a 400's details beside the field. */
export const AMOUNT_ABOVE_MAXIMUM = 'amount-above-maximum';

/** value ≤ maxAmount, compared as digit strings (no floats): fewer integer digits, or as many and not greater. */
function withinMaxAmount(value: string): boolean {
  const plain = value.replace(/^0+(?=\d)/, '');
  const max = AMOUNT_BOUNDS.maxAmount;
  return plain.length < max.length || (plain.length === max.length && plain <= max);
}

const moneyStringError = (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : 'must be a yuan amount as a string with exactly two decimals, e.g. "1000000.00"';

/**
 * A single yuan amount: exactly two decimals, non-negative, at most AMOUNT_BOUNDS.maxAmount
 * (10,000,000,000.00, 100亿元). Every amount a client sends and every amount an event states from
 * one fact uses it; above the bound: 400 naming the field, code amount-above-maximum.
 */
export const MoneyString = z
  .string({ error: moneyStringError })
  .regex(/^\d{1,28}\.\d{2}$/, { message: 'must be a yuan amount with exactly two decimals, e.g. "1000000.00"' })
  .refine(withinMaxAmount, {
    message: '单笔金额不得超过 10,000,000,000.00 元（100亿元）',
    params: { ruleCode: AMOUNT_ABOVE_MAXIMUM },
  })
  .describe(`yuan as a string with two decimals, at most ${AMOUNT_BOUNDS.maxAmount} (100亿元)`);

/** A strictly positive MoneyString. */
export const PositiveMoneyString = MoneyString.refine((value) => /[1-9]/.test(value), {
  message: 'must be greater than 0.00',
}).describe(`yuan as a string with two decimals, greater than 0.00 and at most ${AMOUNT_BOUNDS.maxAmount} (100亿元)`);

/**
 * A sum the system keeps (a ledger account's totals, a fund's budget use, a claim's computation,
 * statistics): non-negative, two decimals, at most AMOUNT_BOUNDS.maxTotal (28 integer digits).
 */
export const TotalMoneyString = z
  .string({ error: moneyStringError })
  .regex(/^\d{1,28}\.\d{2}$/, { message: 'must be a yuan amount with exactly two decimals and at most 28 integer digits' });

/** A strictly positive TotalMoneyString (a posting, a payout). */
export const PositiveTotalMoneyString = TotalMoneyString.refine((value) => /[1-9]/.test(value), { message: 'must be greater than 0.00' });

/** A TotalMoneyString that may be negative (a ledger balance on its normal side). */
export const SignedTotalMoneyString = z
  .string({ error: moneyStringError })
  .regex(/^-?\d{1,28}\.\d{2}$/, { message: 'must be a signed yuan amount with exactly two decimals and at most 28 integer digits' });

const RATE_PATTERN = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;

/** A rate as a decimal fraction, e.g. "0.0435" for 4.35 % a year: 0 to 1, up to 6 decimals. */
export const RateString = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a rate as a string, e.g. "0.0435"') })
  .regex(RATE_PATTERN, { message: 'must be a decimal fraction between 0 and 1 with at most 6 decimals, e.g. "0.0435"' });

/**
 * A strictly positive RateString: above 0, at most 1, up to 6 decimals (a share that must count for
 * something). A value that is no rate at all gets RateString's rule only, not this one as well.
 */
export const PositiveRateString = RateString.refine((value) => !RATE_PATTERN.test(value) || /[1-9]/.test(value), {
  message: 'must be greater than 0',
}).describe('a decimal fraction greater than 0 and at most 1 with at most 6 decimals, e.g. "0.6"');

/** A calendar date, YYYY-MM-DD, that exists. */
export const DateString = z.iso.date({ message: 'must be a date written YYYY-MM-DD' });

export const Timestamp = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp' });

/** Organisation ids are readable slugs, e.g. "bank-cq-rural" or "bureau-cq". */
export const OrgId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/, { message: 'must be 3-64 lower-case letters, digits or dashes' });

export const Uscc = z
  .string()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { message: 'must be 18 characters from 0-9 and A-Y without I, O, S, V, Z' });

export const DivisionCode = z.string().regex(/^\d{6}$/, { message: 'must be a 6-digit administrative division code' });

export const IP_TYPES = [
  'invention-patent',
  'utility-model',
  'design-patent',
  'trademark',
  'copyright',
  'software-copyright',
  /** 植物新品种 */
  'plant-variety',
  /** 地理标志, pledged as its collective or certification mark */
  'geographical-indication',
  /** 集成电路布图设计 */
  'layout-design',
] as const;
export const IpType = z.enum(IP_TYPES, { message: `must be one of ${IP_TYPES.join(', ')}` });
export type IpType = z.infer<typeof IpType>;

export const ROLES = ['bank', 'appraiser', 'bureau', 'guarantor', 'insurer', 'statistician', 'system'] as const;
export const Role = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` });
export type Role = z.infer<typeof Role>;

/** Who made a change: every command and every event carries it. */
export const Actor = z.object({
  orgId: OrgId,
  role: Role,
  userId: z.string().min(1).max(128).nullable(),
});
export type Actor = z.infer<typeof Actor>;

/** Readable prefixed ids over UUIDv7 (time-ordered): pl_…, val_…, ln_…, rp_…, je_…, pol_…, sub_…, sap_…, clm_…, fc_…, sfs_…, aud_… */
export const ID_PREFIXES = {
  pledge: 'pl',
  valuation: 'val',
  loan: 'ln',
  repayment: 'rp',
  journalEntry: 'je',
  policy: 'pol',
  subsidyScheme: 'sub',
  subsidyApplication: 'sap',
  claim: 'clm',
  fundContribution: 'fc',
  shortfallSettlement: 'sfs',
  audit: 'aud',
  deal: 'dl',
  calendarYear: 'cal',
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

export function idSchema(kind: IdKind) {
  const prefix = ID_PREFIXES[kind];
  return z.string().regex(new RegExp(`^${prefix}_[0-9a-f]{32}$`), { message: `must be a ${kind} id like ${prefix}_0193…` });
}

export const PledgeId = idSchema('pledge');
export const ValuationId = idSchema('valuation');
export const LoanId = idSchema('loan');
export const RepaymentId = idSchema('repayment');
export const JournalEntryId = idSchema('journalEntry');
export const PolicyId = idSchema('policy');
export const SubsidySchemeId = idSchema('subsidyScheme');
export const SubsidyApplicationId = idSchema('subsidyApplication');
export const ClaimId = idSchema('claim');
export const FundContributionId = idSchema('fundContribution');
export const ShortfallSettlementId = idSchema('shortfallSettlement');
export const DealId = idSchema('deal');
export const AuditId = idSchema('audit');
export const CalendarYearId = idSchema('calendarYear');

/** A firm's size (大中小微) by the national classification (中小企业划型标准规定). */
export const FIRM_SIZES = ['large', 'medium', 'small', 'micro'] as const;
export const FirmSize = z.enum(FIRM_SIZES, { message: `must be one of ${FIRM_SIZES.join(', ')}` });
export type FirmSize = z.infer<typeof FirmSize>;
/** A GB/T 4754-2017 industry section (门类), A–T. */
export const IndustryCode = z.string().regex(/^[A-T]$/, { message: 'must be a GB/T 4754 industry section letter A–T' });

/**
 * The borrower (出质人) as the bank registers it with the pledge: its size and industry when the bank
 * states them (subsidy eligibility and the statistics by industry read them).
 */
export const PledgorFields = {
  uscc: Uscc,
  name: z.string().trim().min(1).max(200),
  firmSize: FirmSize.optional(),
  industry: IndustryCode.optional(),
};

/** How a loan is repaid (libs/loan-servicing; docs/servicing.md): 等额本息, 等额本金, 先息后本, 到期一次还本付息. */
export const REPAYMENT_METHODS = ['equal-instalment', 'equal-principal', 'interest-only', 'bullet'] as const;
export const RepaymentMethod = z.enum(REPAYMENT_METHODS, { message: `must be one of ${REPAYMENT_METHODS.join(', ')}` });
/** 提前还款: 缩短期限 (the same instalment, fewer periods) or 减少月供 (the same periods, a smaller instalment). */
export const PREPAYMENT_CHOICES = ['shorten-term', 'reduce-instalment'] as const;
export const PrepaymentChoice = z.enum(PREPAYMENT_CHOICES, { message: `must be one of ${PREPAYMENT_CHOICES.join(', ')}` });
export type RepaymentMethod = z.infer<typeof RepaymentMethod>;
/** Actual days over a 360-day year (Chinese banks' 日利率 = 年利率/360) or a 365-day one. */
export const DayCount = z.enum(['ACT/360', 'ACT/365'], { message: 'must be ACT/360 or ACT/365' });
export const PeriodMonths = z.union([z.literal(1), z.literal(3), z.literal(6), z.literal(12)], {
  message: 'must be 1, 3, 6 or 12 months',
});
