// Realistic events for the contracts' own tests: one valid payload per event type, and an
// envelope around it that parseEvent accepts. Override what a test is about, nothing else.
import { EVENTS, type EventType, type PayloadOf } from '../catalogue';
import type { RawEventEnvelope } from '../envelope';

export const SAMPLE_IDS = {
  pledge: 'pl_0195a1b2c3d47e5f8a6b7c8d9e0f1a01',
  otherPledge: 'pl_0195a1b2c3d47e5f8a6b7c8d9e0f1aff',
  valuation: 'val_0195a1b2c3d47e5f8a6b7c8d9e0f1a02',
  loan: 'ln_0195a1b2c3d47e5f8a6b7c8d9e0f1a03',
  repayment: 'rp_0195a1b2c3d47e5f8a6b7c8d9e0f1a04',
  journalEntry: 'je_0195a1b2c3d47e5f8a6b7c8d9e0f1a05',
  policy: 'pol_0195a1b2c3d47e5f8a6b7c8d9e0f1a07',
  event: '0195a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a06',
} as const;

const BANK = 'bank-cq-rural';

const SAMPLE_PAYLOADS: { [T in EventType]: PayloadOf<T> } = {
  PledgeApplicationSubmitted: {
    pledgeId: SAMPLE_IDS.pledge,
    bankOrgId: BANK,
    pledgor: { uscc: '91350100M000100Y43', name: '重庆某某智能科技有限公司' },
    ipItems: [
      { ipType: 'invention-patent', number: '201910884346.5', title: '一种锂电池极片的制备方法' },
      { ipType: 'trademark', number: '12345678', title: null },
    ],
    requestedLoanAmount: '3000000.00',
    termMonths: 12,
    districtCode: '500112',
    submittedAt: '2025-03-01T08:30:00.000Z',
  },
  PledgeRegistered: {
    pledgeId: SAMPLE_IDS.pledge,
    bankOrgId: BANK,
    registrationNumber: 'Y2025500000123',
    registrationDate: '2025-03-06',
  },
  PledgeReleased: {
    pledgeId: SAMPLE_IDS.pledge,
    bankOrgId: BANK,
    loanId: SAMPLE_IDS.loan,
    releasedOn: '2026-03-10',
    reason: 'loan-closed',
  },
  PledgeValued: {
    valuationId: SAMPLE_IDS.valuation,
    pledgeId: SAMPLE_IDS.pledge,
    appraiserOrgId: 'appraiser-cq-huaxin',
    method: 'income',
    appraisedValue: '12000000.00',
    valuationDate: '2025-03-04',
    validUntil: '2026-03-03',
    reportNumber: 'HX评报字[2025]第0042号',
  },
  LoanDisbursed: {
    loanId: SAMPLE_IDS.loan,
    pledgeId: SAMPLE_IDS.pledge,
    bankOrgId: BANK,
    borrowerUscc: '91350100M000100Y43',
    borrowerName: '重庆某某智能科技有限公司',
    principal: '3000000.00',
    annualInterestRate: '0.0435',
    termMonths: 12,
    disbursedOn: '2025-03-10',
    maturityDate: '2026-03-10',
    districtCode: '500112',
    ipTypes: ['invention-patent', 'trademark'],
    loanToValueLimit: '0.25',
  },
  LoanRepaid: {
    loanId: SAMPLE_IDS.loan,
    repaymentId: SAMPLE_IDS.repayment,
    bankOrgId: BANK,
    principalAmount: '1000000.00',
    interestAmount: '10875.00',
    repaidOn: '2025-06-10',
    outstandingPrincipal: '2000000.00',
  },
  LoanClosed: {
    loanId: SAMPLE_IDS.loan,
    pledgeId: SAMPLE_IDS.pledge,
    bankOrgId: BANK,
    closedOn: '2026-03-10',
  },
  LoanOverdue: {
    loanId: SAMPLE_IDS.loan,
    bankOrgId: BANK,
    overdueSince: '2025-09-11',
    daysPastDue: 30,
    outstandingPrincipal: '2000000.00',
    overdueInterest: '7250.00',
    reportedOn: '2025-10-10',
  },
  LoanDefaulted: {
    loanId: SAMPLE_IDS.loan,
    pledgeId: SAMPLE_IDS.pledge,
    bankOrgId: BANK,
    borrowerUscc: '91350100M000100Y43',
    defaultedOn: '2025-12-10',
    outstandingPrincipal: '2000000.00',
    accruedInterest: '21750.00',
    districtCode: '500112',
  },
  JournalEntryPosted: {
    entryId: SAMPLE_IDS.journalEntry,
    sequence: '42',
    sourceEventId: SAMPLE_IDS.event,
    sourceEventType: 'LoanDisbursed',
    effectiveDate: '2025-03-10',
    postings: [
      { accountCode: 'asset:loans-receivable:bank-cq-rural', direction: 'DEBIT', amount: '3000000.00' },
      { accountCode: 'asset:cash:bank-cq-rural', direction: 'CREDIT', amount: '3000000.00' },
    ],
    hash: 'a'.repeat(64),
  },
  CompensationPolicyPublished: {
    policyId: SAMPLE_IDS.policy,
    version: 1,
    name: 'Guangzhou 2023 IP pledge financing risk compensation',
    scope: { city: 'Guangzhou' },
    effectiveFrom: '2023-01-01',
    effectiveTo: null,
    parties: [
      { party: 'fund', share: '0.5' },
      { party: 'bank', share: '0.5' },
    ],
    document: {
      name: 'Guangzhou 2023 IP pledge financing risk compensation',
      source: 'Guangzhou 2023 IP pledge financing risk-compensation scheme',
      scope: { city: 'Guangzhou' },
      effectiveFrom: '2023-01-01',
      parties: [
        { party: 'fund', share: '0.5' },
        { party: 'bank', share: '0.5' },
      ],
      coverageBase: { kind: 'outstanding-principal' },
      mixedCollateral: 'ip-share-only',
      caps: { perLoan: '10000000.00', perBorrowerPerYear: '20000000.00', fundYearlyBudget: '50000000.00' },
      eligibility: {},
      trigger: 'on-default',
      filingDeadlineWorkingDays: 10,
      recoveryRule: 'pro-rata-to-borne',
    },
    publishedAt: '2025-03-01T08:30:00.000Z',
  },
};

/** A valid payload of `type`, with `overrides` on top (a deep copy: tests may mutate it). */
export function buildPayload<T extends EventType>(type: T, overrides: Partial<PayloadOf<T>> = {}): PayloadOf<T> {
  return structuredClone({ ...SAMPLE_PAYLOADS[type], ...overrides });
}

/** A valid envelope of `type` in its current version, keyed by the payload's key field. */
export function buildEnvelope<T extends EventType>(
  type: T,
  payload: PayloadOf<T> = buildPayload(type),
): Omit<RawEventEnvelope, 'payload'> & { payload: PayloadOf<T> } {
  const definition = EVENTS[type];
  const key = (payload as Record<string, unknown>)[definition.keyField];
  if (typeof key !== 'string') throw new Error(`${type} sample has no ${definition.keyField}`);
  return {
    eventId: SAMPLE_IDS.event,
    type,
    version: definition.version,
    occurredAt: '2025-03-10T02:15:00.000Z',
    key,
    correlationId: 'req-6f1c2a9e',
    causationId: null,
    producer: definition.producer,
    actor: { orgId: BANK, role: 'bank', userId: 'li.wei' },
    payload,
  };
}
