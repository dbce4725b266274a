// Wire-level building blocks shared by events and HTTP bodies. Structural rules only:
// semantic checks (check digits, division tables) live in @ipledger/identifiers and run in
// the services, because this library imports nothing of ours.
import { z } from 'zod';

/** Yuan with exactly two decimals, non-negative, at most 18 integer digits (fits DECIMAL(20,2)). */
export const MoneyString = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a yuan amount as a string with exactly two decimals, e.g. "1000000.00"') })
  .regex(/^\d{1,18}\.\d{2}$/, { message: 'must be a yuan amount with exactly two decimals, e.g. "1000000.00"' });

/** A strictly positive MoneyString. */
export const PositiveMoneyString = MoneyString.refine((value) => /[1-9]/.test(value), {
  message: 'must be greater than 0.00',
});

/** A rate as a decimal fraction, e.g. "0.0435" for 4.35 % a year: 0 to 1, up to 6 decimals. */
export const RateString = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a rate as a string, e.g. "0.0435"') })
  .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, { message: 'must be a decimal fraction between 0 and 1 with at most 6 decimals, e.g. "0.0435"' });

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

/** Readable prefixed ids over UUIDv7 (time-ordered): pl_…, val_…, ln_…, rp_…, je_…, pol_…, clm_…, aud_… */
export const ID_PREFIXES = {
  pledge: 'pl',
  valuation: 'val',
  loan: 'ln',
  repayment: 'rp',
  journalEntry: 'je',
  policy: 'pol',
  claim: 'clm',
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
export const ClaimId = idSchema('claim');
export const DealId = idSchema('deal');
export const AuditId = idSchema('audit');
export const CalendarYearId = idSchema('calendarYear');
