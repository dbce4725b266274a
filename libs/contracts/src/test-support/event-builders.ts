// Realistic events for the contracts' own tests: one valid payload per event type, and an
// envelope around it that parseEvent accepts. Override what a test is about, nothing else.
import { EVENTS, producersOf, type EventType, type PayloadOf } from '../catalogue';
import type { RawEventEnvelope } from '../envelope';

export const SAMPLE_IDS = {
  pledge: 'pl_0195a1b2c3d47e5f8a6b7c8d9e0f1a01',
  otherPledge: 'pl_0195a1b2c3d47e5f8a6b7c8d9e0f1aff',
  valuation: 'val_0195a1b2c3d47e5f8a6b7c8d9e0f1a02',
  loan: 'ln_0195a1b2c3d47e5f8a6b7c8d9e0f1a03',
  repayment: 'rp_0195a1b2c3d47e5f8a6b7c8d9e0f1a04',
  journalEntry: 'je_0195a1b2c3d47e5f8a6b7c8d9e0f1a05',
  policy: 'pol_0195a1b2c3d47e5f8a6b7c8d9e0f1a07',
  claim: 'clm_0195a1b2c3d47e5f8a6b7c8d9e0f1a08',
  audit: 'aud_0195a1b2c3d47e5f8a6b7c8d9e0f1a09',
  event: '0195a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a06',
} as const;

const BANK = 'bank-cq-rural';
const APPRAISER = 'appraiser-cq-huaxin';
const GUARANTOR = 'guarantor-cq-xinda';

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
  PledgeDisposed: {
    pledgeId: SAMPLE_IDS.pledge,
    loanId: SAMPLE_IDS.loan,
    bankOrgId: BANK,
    method: 'auction',
    grossProceeds: '900000.00',
    costs: '100000.00',
    netProceeds: '800000.00',
    disposedOn: '2026-06-30',
  },
  PledgeValued: {
    valuationId: SAMPLE_IDS.valuation,
    pledgeId: SAMPLE_IDS.pledge,
    appraiserOrgId: APPRAISER,
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
    pledgeRegistrationNumber: 'Y2025500000123',
    appraiserOrgId: APPRAISER,
    guarantorOrgId: GUARANTOR,
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
    reason: 'repaid',
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
  FundBudgetOpened: {
    fundId: SAMPLE_IDS.policy,
    budgetYear: 2026,
    appropriated: '50000000.00',
    policyId: SAMPLE_IDS.policy,
    policyVersion: 1,
    openedOn: '2026-01-05',
  },
  // A Guangzhou 5311-style split of a 1,000,000.00 covered loss (fund 50 %, guarantor 30 %, appraiser 10 %, bank 10 %).
  CompensationApproved: {
    claimId: SAMPLE_IDS.claim,
    fundId: SAMPLE_IDS.policy,
    policyId: SAMPLE_IDS.policy,
    policyVersion: 1,
    loanId: SAMPLE_IDS.loan,
    pledgeId: SAMPLE_IDS.pledge,
    bankOrgId: BANK,
    borrowerUscc: '91350100M000100Y43',
    budgetYear: 2026,
    approvedOn: '2026-01-05',
    outstandingPrincipal: '2000000.00',
    approvedAmount: '1000000.00',
    parts: [
      { party: 'fund', orgId: SAMPLE_IDS.policy, share: '0.5', amount: '500000.00' },
      { party: 'guarantor', orgId: GUARANTOR, share: '0.3', amount: '300000.00' },
      { party: 'appraiser', orgId: APPRAISER, share: '0.1', amount: '100000.00' },
      { party: 'bank', orgId: BANK, share: '0.1', amount: '100000.00' },
    ],
    fundPayable: '500000.00',
    fundShortfall: '0.00',
    uncoveredLoss: '1021750.00',
  },
  CompensationRejected: {
    claimId: SAMPLE_IDS.claim,
    fundId: SAMPLE_IDS.policy,
    loanId: SAMPLE_IDS.loan,
    bankOrgId: BANK,
    rejectedOn: '2026-01-05',
    reason: 'the loan contract does not name the pledge registration',
  },
  CompensationPaid: {
    claimId: SAMPLE_IDS.claim,
    fundId: SAMPLE_IDS.policy,
    loanId: SAMPLE_IDS.loan,
    bankOrgId: BANK,
    budgetYear: 2026,
    amount: '500000.00',
    paidOn: '2026-01-20',
    paymentReference: 'CQF-2026-0001',
  },
  RecoveryDistributed: {
    claimId: SAMPLE_IDS.claim,
    fundId: SAMPLE_IDS.policy,
    loanId: SAMPLE_IDS.loan,
    pledgeId: SAMPLE_IDS.pledge,
    bankOrgId: BANK,
    budgetYear: 2026,
    disposedOn: '2026-06-30',
    distributedOn: '2026-06-30',
    netProceeds: '800000.00',
    returns: [
      { party: 'fund', orgId: SAMPLE_IDS.policy, bore: '500000.00', returned: '400000.00' },
      { party: 'guarantor', orgId: GUARANTOR, bore: '300000.00', returned: '240000.00' },
      { party: 'appraiser', orgId: APPRAISER, bore: '100000.00', returned: '80000.00' },
      { party: 'bank', orgId: BANK, bore: '100000.00', returned: '80000.00' },
    ],
    residualToBank: '0.00',
    residualToBorrower: '0.00',
    principalWrittenOff: '1100000.00',
  },
  CommandAudited: {
    auditId: SAMPLE_IDS.audit,
    at: '2026-01-06T02:00:00.000Z',
    service: 'risk-compensation',
    method: 'POST',
    path: '/api/claims/{claimId}/approve',
    targetId: SAMPLE_IDS.claim,
    actor: { orgId: 'bureau-cq', role: 'bureau', userId: 'wang.fang' },
    requestId: 'req-6f1c2a9e',
    correlationId: 'req-6f1c2a9e',
    outcome: 'denied',
    status: 403,
    reason: 'forbidden: above the dual-control threshold only a prepared claim may be approved',
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
    producer: producersOf(definition)[0] ?? 'pledge-registration',
    actor: { orgId: BANK, role: 'bank', userId: 'li.wei' },
    payload,
  };
}
