// The chart of accounts, designed once for every money flow of the programme (docs/ARCHITECTURE.md,
// "Ledger"): disbursement, repayment, default, budget appropriation, compensation shared among the
// fund, the bank, guarantors, insurers and appraisers, disposal and clawback, subsidies to
// borrowers, and corrections. Posted today: disbursement, daily interest accrual, repayment and
// default (posting-rules.ts);
// risk compensation, i.e. the fund's budget, governments' contributions and top-ups, approved
// claims, the fund's and the risk sharers' payments, and the sharing back of disposal proceeds with
// the write-off (compensation-posting-rules.ts); subsidies (贴息, 评估费/担保费/保险费补贴), i.e. a
// scheme's approvals and its payouts to borrowers (subsidy-posting-rules.ts). Not posted yet: the
// bank's recoveries-held; its account is listed so that a later flow adds a posting rule, not a new
// chart.
//
// An account's code says everything about it: `<partyType>:<partyId>:<name>[:<year>]`, except loan
// accounts, which also name the lending bank: `loan:<bankOrgId>:<loanId>:<name>`. Type, normal side
// and whether it may go negative follow from the code through ACCOUNT_TEMPLATES, so an account row
// can always be (re)opened from its code alone and the chart lives in this one table.
//
// Borrowers (出质人, the SME enterprises) have no accounts of their own: a borrower is represented
// by its loans' principal accounts, which hold what the borrower owes the bank. Money the borrower
// receives or pays outside the programme (the loan proceeds, a subsidy) leaves the ledger through
// the other party's cash account: the bank's for the loan, the scheme's for a subsidy.
//
// Each posting rule keeps every party's own books balanced as well as the entry as a whole (a bank's
// repayment touches only bank and loan accounts; a compensation payment debits the payer's payable
// and credits its cash while the bank debits cash and credits its receivable).
import type { Role } from '@ipledger/contracts';

export type AccountType = 'asset' | 'liability' | 'equity' | 'income' | 'expense';
export type Direction = 'DEBIT' | 'CREDIT';

/**
 * Who holds accounts. A fund (风险补偿资金, id = its policy's id) and a subsidy scheme (扶持政策, id =
 * the scheme's `sub_…` id) are programmes the bureau runs rather than organisations: their accounts
 * are owned by the programme's own id and read by the bureau only (mayReadAccount).
 */
export const PARTY_TYPES = ['loan', 'bank', 'fund', 'scheme', 'government', 'guarantor', 'insurer', 'appraiser'] as const;
export type PartyType = (typeof PARTY_TYPES)[number];

interface AccountTemplate {
  type: AccountType;
  allowNegative: boolean;
  /** Whether the name is followed by a budget year, e.g. `fund:fund-cq:appropriations:2026`. */
  perYear: boolean;
  meaning: string;
}

const ACCOUNT = (type: AccountType, meaning: string, options: { allowNegative?: boolean; perYear?: boolean } = {}): AccountTemplate => ({
  type,
  meaning,
  allowNegative: options.allowNegative ?? false,
  perYear: options.perYear ?? false,
});

// A cash account of a party whose money lives outside the programme (a bank's, a guarantor's, a
// government treasury's) is a clearing account: the ledger never sees its opening balance, so
// lending, paying a share or contributing to the fund legitimately takes it below zero. Its
// balance means "net money this party has put into (negative) or taken out of (positive) the
// programme". Every other account must stay on its normal side and is checked at posting time.
const CLEARING_CASH = (party: string, why?: string): AccountTemplate =>
  ACCOUNT('asset', `${party}'s money outside the programme (clearing; may be negative)${why === undefined ? '' : `: ${why}`}`, {
    allowNegative: true,
  });

/** Risk sharers: a guarantor, insurer or appraiser carries its agreed share of a loss. */
const RISK_SHARER_ACCOUNTS = (party: string) => ({
  cash: CLEARING_CASH(party),
  'compensation-expense': ACCOUNT('expense', `the ${party}'s shares of losses, recognised when a claim is approved`),
  'compensation-payable': ACCOUNT('liability', `approved shares the ${party} has not yet paid to the bank`),
  recoveries: ACCOUNT('income', `the ${party}'s part of net disposal proceeds (clawback)`),
});

export const ACCOUNT_TEMPLATES = {
  loan: {
    principal: ACCOUNT('asset', 'performing principal the borrower owes the bank'),
    'principal-defaulted': ACCOUNT(
      'asset',
      'principal reclassified as non-performing after default, until compensated, recovered or written off',
    ),
    'interest-receivable': ACCOUNT('asset', 'contractual interest accrued day by day (应收利息) the borrower has not paid yet'),
  },
  bank: {
    cash: CLEARING_CASH('the bank'),
    'interest-income': ACCOUNT(
      'income',
      'interest the bank earned from its borrowers: accrued day by day, and penalty interest or interest paid before it accrued when received',
    ),
    'credit-loss': ACCOUNT('expense', 'the part of a defaulted principal the bank bears itself'),
    'compensation-receivable': ACCOUNT('asset', 'approved shares of a loss owed to the bank by the fund and the risk sharers'),
    // The two sides of an approval travel on two topics (the fund's, the loan's) and may be posted in
    // either order: this account holds what one side has posted and the other not yet.
    'compensation-clearing': ACCOUNT(
      'liability',
      'approved compensation between its two postings: credited with the receivable, debited when set against the defaulted principal; zero once both are posted (clearing; may be negative)',
      { allowNegative: true },
    ),
    'recoveries-held': ACCOUNT('liability', 'net proceeds of disposed pledged IP the bank holds until they are shared back'),
    recoveries: ACCOUNT('income', 'the bank’s own part of net disposal proceeds'),
  },
  fund: {
    cash: ACCOUNT('asset', 'the compensation fund’s pool (风险补偿资金池); a payout can never overdraw it'),
    appropriations: ACCOUNT('equity', 'the budget appropriated to the fund for a year', { perYear: true }),
    'compensation-payable': ACCOUNT('liability', 'approved fund shares not yet paid to the bank'),
    'compensation-expense': ACCOUNT('expense', 'the fund’s shares of losses, charged to the budget year', { perYear: true }),
    recoveries: ACCOUNT('income', 'clawback credited back to the budget line of the year the compensation was charged to', {
      perYear: true,
    }),
  },
  // A subsidy scheme (贴息, 评估费/担保费/保险费补贴; docs/subsidies.md) pays borrowers from its
  // yearly budget. Unlike the fund's, that budget is a limit applied when an application is
  // approved, not money appropriated into the programme: no event brings the scheme's money into
  // the ledger, so its cash is a clearing account that each payout takes further below zero.
  scheme: {
    'subsidy-expense': ACCOUNT('expense', 'subsidies approved for borrowers, charged to the scheme’s budget year', { perYear: true }),
    'subsidy-payable': ACCOUNT('liability', 'approved subsidies not yet paid to the borrower'),
    cash: CLEARING_CASH(
      'the paying government treasury',
      'the ledger never sees the scheme’s budget before it is paid out, so each subsidy paid to a borrower takes it further below zero',
    ),
  },
  government: {
    cash: CLEARING_CASH('the government treasury'),
    'fund-contributions': ACCOUNT(
      'expense',
      'what this government (province, city or district) paid into compensation funds, its share of the appropriation and its top-ups',
    ),
  },
  guarantor: RISK_SHARER_ACCOUNTS('guarantor'),
  insurer: RISK_SHARER_ACCOUNTS('insurer'),
  appraiser: RISK_SHARER_ACCOUNTS('appraiser'),
} as const satisfies Record<PartyType, Record<string, AccountTemplate>>;

export type AccountName<P extends PartyType> = keyof (typeof ACCOUNT_TEMPLATES)[P] & string;

export interface AccountSpec {
  code: string;
  type: AccountType;
  normalSide: Direction;
  partyType: PartyType;
  partyId: string;
  /**
   * The organisation whose books hold the account (the code's first id): loans belong to their
   * bank; a fund's and a scheme's accounts to the programme's own id, read by the bureau.
   */
  ownerOrgId: string;
  name: string;
  budgetYear: string | null;
  allowNegative: boolean;
}

export function normalSideOf(type: AccountType): Direction {
  return type === 'asset' || type === 'expense' ? 'DEBIT' : 'CREDIT';
}

/**
 * One segment of a code: lower-case letters, digits, `-` and `_`. No `:` (the separator), no `/`
 * or `.`, so a code is safe as one URL path segment (`/api/ledger/accounts/{accountCode}`).
 */
const SEGMENT = /^[a-z0-9][a-z0-9_-]{0,99}$/;
const YEAR = /^\d{4}$/;

export class InvalidAccountCodeError extends Error {
  constructor(code: string, reason: string) {
    super(`invalid account code "${code}": ${reason}`);
    this.name = 'InvalidAccountCodeError';
  }
}

function checkSegment(value: string, what: string): string {
  if (!SEGMENT.test(value)) {
    throw new InvalidAccountCodeError(value, `${what} must be 1-100 of a-z, 0-9, "-" and "_", starting with a letter or digit`);
  }
  return value;
}

function checkYear(year: number | string): string {
  const text = String(year);
  if (!YEAR.test(text)) throw new InvalidAccountCodeError(text, 'a budget year must have 4 digits');
  return text;
}

// ── builders ────────────────────────────────────────────────────────────────────────────────────

export const accounts = {
  /** What the borrower of `loanId` owes `bankOrgId` (performing). */
  loanPrincipal: (bankOrgId: string, loanId: string) => loanAccount(bankOrgId, loanId, 'principal'),
  loanPrincipalDefaulted: (bankOrgId: string, loanId: string) => loanAccount(bankOrgId, loanId, 'principal-defaulted'),
  loanInterestReceivable: (bankOrgId: string, loanId: string) => loanAccount(bankOrgId, loanId, 'interest-receivable'),
  bank: (bankOrgId: string, name: AccountName<'bank'>) => `bank:${checkSegment(bankOrgId, 'a bank id')}:${name}`,
  bankCash: (bankOrgId: string) => accounts.bank(bankOrgId, 'cash'),
  bankInterestIncome: (bankOrgId: string) => accounts.bank(bankOrgId, 'interest-income'),
  fund: (fundId: string, name: FundAccountWithoutYear) => `fund:${checkSegment(fundId, 'a fund id')}:${name}`,
  fundForYear: (fundId: string, name: FundAccountPerYear, budgetYear: number | string) =>
    `fund:${checkSegment(fundId, 'a fund id')}:${name}:${checkYear(budgetYear)}`,
  scheme: (schemeId: string, name: SchemeAccountWithoutYear) => `scheme:${checkSegment(schemeId, 'a scheme id')}:${name}`,
  schemeForYear: (schemeId: string, name: SchemeAccountPerYear, budgetYear: number | string) =>
    `scheme:${checkSegment(schemeId, 'a scheme id')}:${name}:${checkYear(budgetYear)}`,
  government: (governmentOrgId: string, name: AccountName<'government'>) =>
    `government:${checkSegment(governmentOrgId, 'a government id')}:${name}`,
  riskSharer: (partyType: 'guarantor' | 'insurer' | 'appraiser', orgId: string, name: AccountName<'guarantor'>) =>
    `${partyType}:${checkSegment(orgId, `a ${partyType} id`)}:${name}`,
};

type FundAccountPerYear = 'appropriations' | 'compensation-expense' | 'recoveries';
type FundAccountWithoutYear = Exclude<AccountName<'fund'>, FundAccountPerYear>;
type SchemeAccountPerYear = 'subsidy-expense';
type SchemeAccountWithoutYear = Exclude<AccountName<'scheme'>, SchemeAccountPerYear>;

function loanAccount(bankOrgId: string, loanId: string, name: AccountName<'loan'>): string {
  return `loan:${checkSegment(bankOrgId, 'a bank id')}:${checkSegment(loanId, 'a loan id')}:${name}`;
}

// ── parsing: the code is the account's full description ─────────────────────────────────────────

function isPartyType(value: string): value is PartyType {
  return (PARTY_TYPES as readonly string[]).includes(value);
}

function templateOf(partyType: PartyType, name: string): AccountTemplate | undefined {
  const templates: Record<string, AccountTemplate> = ACCOUNT_TEMPLATES[partyType];
  return Object.prototype.hasOwnProperty.call(templates, name) ? templates[name] : undefined;
}

/** The account a code names, or an InvalidAccountCodeError saying why it names none. */
export function describeAccount(code: string): AccountSpec {
  const [partyType, ...rest] = code.split(':');
  if (partyType === undefined || !isPartyType(partyType)) {
    throw new InvalidAccountCodeError(code, `it must start with one of ${PARTY_TYPES.join(', ')}`);
  }
  // loan:<bankOrgId>:<loanId>:<name>, every other party <partyType>:<id>:<name>, then maybe :<year>
  const idSegments = partyType === 'loan' ? 2 : 1;
  if (rest.length < idSegments + 1) {
    throw new InvalidAccountCodeError(
      code,
      partyType === 'loan' ? 'expected loan:<bankOrgId>:<loanId>:<name>' : `expected ${partyType}:<id>:<name>`,
    );
  }
  for (const segment of rest) checkSegment(segment, 'every part');
  const ownerOrgId = rest[0];
  const partyId = rest[idSegments - 1];
  const name = rest[idSegments];
  const suffix = rest.slice(idSegments + 1);
  const template = templateOf(partyType, name);
  if (!template) {
    throw new InvalidAccountCodeError(code, `${partyType} accounts are ${Object.keys(ACCOUNT_TEMPLATES[partyType]).join(', ')}`);
  }
  if (template.perYear && suffix.length !== 1) {
    throw new InvalidAccountCodeError(code, `${partyType} account ${name} must end with a budget year`);
  }
  if (!template.perYear && suffix.length !== 0) {
    throw new InvalidAccountCodeError(code, `${partyType} account ${name} ends after its name`);
  }
  return {
    code,
    type: template.type,
    normalSide: normalSideOf(template.type),
    partyType,
    partyId,
    ownerOrgId,
    name,
    budgetYear: template.perYear ? checkYear(suffix[0]) : null,
    allowNegative: template.allowNegative,
  };
}

export function isValidAccountCode(code: string): boolean {
  try {
    describeAccount(code);
    return true;
  } catch (error) {
    if (error instanceof InvalidAccountCodeError) return false;
    throw error;
  }
}

/** The chart as rows, for docs and for tests that check it stays coherent. */
export function chartRows(): {
  partyType: PartyType;
  name: string;
  type: AccountType;
  normalSide: Direction;
  allowNegative: boolean;
  perYear: boolean;
  meaning: string;
}[] {
  return PARTY_TYPES.flatMap((partyType) =>
    Object.entries(ACCOUNT_TEMPLATES[partyType] as Record<string, AccountTemplate>).map(([name, template]) => ({
      partyType,
      name,
      type: template.type,
      normalSide: normalSideOf(template.type),
      allowNegative: template.allowNegative,
      perYear: template.perYear,
      meaning: template.meaning,
    })),
  );
}

// ── who may read an account ─────────────────────────────────────────────────────────────────────

/** The party types a role's organisation owns accounts of. */
const OWN_PARTY_TYPES: Partial<Record<Role, readonly PartyType[]>> = {
  bank: ['bank', 'loan'],
  guarantor: ['guarantor'],
  insurer: ['insurer'],
  appraiser: ['appraiser'],
};

/**
 * Tenant rule: the bureau reads every account; a bank reads only its own bank accounts and the
 * accounts of loans it lent (the bank org is part of a loan account's code, so this needs no
 * lookup); a guarantor, insurer or appraiser reads only its own accounts of its own party type.
 * Fund, scheme and government accounts are the bureau's alone. Other roles read nothing.
 */
export function mayReadAccount(actor: { role: Role; orgId: string }, account: Pick<AccountSpec, 'partyType' | 'ownerOrgId'>): boolean {
  if (actor.role === 'bureau') return true;
  const own = OWN_PARTY_TYPES[actor.role];
  return own !== undefined && own.includes(account.partyType) && account.ownerOrgId === actor.orgId;
}

/** Code prefixes of every account `actor` may read, or null for "all". */
export function readableCodePrefixes(actor: { role: Role; orgId: string }): string[] | null {
  if (actor.role === 'bureau') return null;
  const own = OWN_PARTY_TYPES[actor.role] ?? [];
  if (!SEGMENT.test(actor.orgId)) return [];
  return own.map((partyType) => `${partyType}:${actor.orgId}:`);
}
