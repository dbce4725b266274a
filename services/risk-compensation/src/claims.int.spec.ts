// The claim path of risk-compensation in-process against a real PostgreSQL and Kafka: loans and
// disposals learnt from events, claims filed, approved, paid, and proceeds shared back; policy
// versions; and approvals racing on one budget.
import type {
  ClaimListResponse,
  ClaimResponse,
  CompensationShareListResponse,
  CreatePolicyDraftRequest,
  ErrorBody,
  FundResponse,
  PolicyResponse,
} from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { eventually, serviceUnderTest, actingAs } from '@ipledger/testing';
import type { z } from 'zod';
import { RiskCompensationModule } from './risk-compensation.module';
import { APPRAISER, BANK, borrowerUscc, GUARANTOR, loanDefaulted, loanDisbursed, pledgeDisposed, type TestLoan } from './test-support/fact-events';

const BUREAU = actingAs({ orgId: 'bureau-gz', role: 'bureau', userId: 'reviewer.wang' });
const APPROVER = actingAs({ orgId: 'bureau-gz', role: 'bureau', userId: 'approver.liu' });
const BANK_A = actingAs({ orgId: BANK, role: 'bank' });
const BANK_B = actingAs({ orgId: 'bank-gz-b', role: 'bank' });
const AS_GUARANTOR = actingAs({ orgId: GUARANTOR, role: 'guarantor' });
const OTHER_GUARANTOR = actingAs({ orgId: 'guarantor-gz-other', role: 'guarantor' });

/** Guangzhou 5311 in shape (fund 50, guarantor 30, appraiser 10, bank 10), scoped to one district per test. */
const policy5311 = (district: string, overrides: Partial<CreatePolicyDraftRequest> = {}): CreatePolicyDraftRequest => ({
  name: `5311-style scheme for district ${district}`,
  source: 'Guangzhou 5311 (穗知〔2020〕): fund 50 %, guarantor or insurer 30 %, appraiser 10 %, bank 10 %',
  scope: { city: 'Guangzhou', district },
  effectiveFrom: '2025-01-01',
  parties: [
    { party: 'fund', share: '0.5' },
    { party: 'guarantor', share: '0.3' },
    { party: 'appraiser', share: '0.1' },
    { party: 'bank', share: '0.1' },
  ],
  coverageBase: { kind: 'outstanding-principal' },
  mixedCollateral: 'whole-loan',
  caps: { perLoan: '1000000.00', fundYearlyBudget: '50000000.00' },
  eligibility: {},
  trigger: 'on-default',
  filingDeadlineWorkingDays: 10,
  recoveryRule: 'pro-rata-to-borne',
  ...overrides,
});

describe('claims on a real broker and database', () => {
  const sut = serviceUnderTest(
    { service: 'risk-compensation', schema: 'risk_compensation', consumer: 'risk-compensation', module: RiskCompensationModule },
    { createApp: (definition, env) => createServiceApp(definition, loadConfig(ServiceConfigSchema, env)), readTopics: ['policy', 'compensation'] },
  );

  type Answer<T> = Promise<{ status: number; body: T & ErrorBody }>;
  const post = <T>(path: string, headers: Record<string, string>, body: unknown = {}): Answer<T> => sut.call<T & ErrorBody>('POST', path, headers, body);
  const get = <T>(path: string, headers: Record<string, string>): Answer<T> => sut.call<T & ErrorBody>('GET', path, headers);

  async function publishedPolicy(document: CreatePolicyDraftRequest): Promise<PolicyResponse> {
    const created = await post<PolicyResponse>('/api/policies', BUREAU, document);
    expect(created.status).toBe(201);
    const published = await post<PolicyResponse>(`/api/policies/${created.body.id}/publish`, APPROVER);
    expect(published.status).toBe(200);
    return published.body;
  }

  /** Loans disbursed and defaulted, as lending reports them, handled by the service. */
  async function defaultedLoans(...loans: { loan: TestLoan; defaulted?: Parameters<typeof loanDefaulted>[1] }[]): Promise<void> {
    await sut.produce(...loans.flatMap(({ loan, defaulted }) => [loan.disbursed, loanDefaulted(loan, defaulted)]));
    await sut.consumedAll('loan');
  }

  const fileClaim = (body: Record<string, unknown>, headers = BANK_A) => post<ClaimResponse>('/api/claims', headers, body);

  it('files, approves and pays a claim, then shares the disposal proceeds back and closes it', async () => {
    const policy = await publishedPolicy(policy5311('440106'));
    const loan = loanDisbursed();
    await defaultedLoans({ loan });

    const filed = await fileClaim({ loanId: loan.loanId, filedOn: '2026-10-12' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'PENDING', fundId: policy.id, policyId: policy.id, policyVersion: 1, filingDeadline: '2026-10-12' });
    expect(filed.body.eligibility.every((outcome) => outcome.passed)).toBe(true);

    const approved = await post<ClaimResponse>(`/api/claims/${filed.body.id}/approve`, BUREAU, { approvedOn: '2026-10-20', note: 'materials complete' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('APPROVED');
    const computation = approved.body.computation;
    expect(computation?.base.amount).toBe('2000000.00');
    expect(computation?.caps).toEqual([{ order: 1, cap: 'per-loan', limit: '1000000.00', before: '2000000.00', after: '1000000.00', bound: true }]);
    expect(computation?.approvedAmount).toBe('1000000.00');
    expect(computation?.parts.map((part) => [part.party, part.orgId, part.amount])).toEqual([
      ['fund', policy.id, '500000.00'],
      ['guarantor', GUARANTOR, '300000.00'],
      ['appraiser', APPRAISER, '100000.00'],
      ['bank', BANK, '100000.00'],
    ]);
    expect(computation?.fund).toMatchObject({ budgetYear: 2026, budgetBefore: '50000000.00', paid: '500000.00', budgetAfter: '49500000.00', shortfall: '0.00' });
    expect((await sut.publishedEvent('FundBudgetOpened', policy.id)).payload).toMatchObject({ budgetYear: 2026, appropriated: '50000000.00' });
    expect((await sut.publishedEvent('CompensationApproved', policy.id)).payload).toMatchObject({ claimId: filed.body.id, fundPayable: '500000.00', approvedAmount: '1000000.00' });

    expect((await post<ClaimResponse>(`/api/claims/${filed.body.id}/approve`, BUREAU, { approvedOn: '2026-10-20' })).status).toBe(409);

    const paid = await post<ClaimResponse>(`/api/claims/${filed.body.id}/payment`, BUREAU, { paidOn: '2026-10-28', paymentReference: 'GZF-2026-0042' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'PAID', payment: { amount: '500000.00', paidOn: '2026-10-28', paymentReference: 'GZF-2026-0042' } });
    expect((await sut.publishedEvent('CompensationPaid', policy.id)).payload.amount).toBe('500000.00');

    const disposal = pledgeDisposed(loan, { grossProceeds: '900000.00', costs: '100000.00', netProceeds: '800000.00', disposedOn: '2026-11-05' });
    await sut.produce(disposal);
    const recovery = (await sut.publishedEvent('RecoveryDistributed', policy.id)).payload;
    expect(recovery.returns.map((entry) => [entry.party, entry.bore, entry.returned])).toEqual([
      ['fund', '500000.00', '400000.00'],
      ['guarantor', '300000.00', '240000.00'],
      ['appraiser', '100000.00', '80000.00'],
      ['bank', '100000.00', '80000.00'],
    ]);
    // 2,000,000.00 defaulted; the fund and the sharers owe 900,000.00 of it; the rest is the bank's loss.
    expect(recovery.principalWrittenOff).toBe('1100000.00');
    expect(recovery).toMatchObject({ distributedOn: '2026-11-05', residualToBank: '0.00', residualToBorrower: '0.00' });

    const closed = await get<ClaimResponse>(`/api/claims/${filed.body.id}`, BANK_A);
    expect(closed.body.status).toBe('CLOSED');
    expect(closed.body.recovery?.netProceeds).toBe('800000.00');

    const fund = await get<FundResponse>(`/api/funds/${policy.id}`, BUREAU);
    expect(fund.body.balance).toBe('49900000.00');
    expect(fund.body.years).toEqual([
      { budgetYear: 2026, appropriated: '50000000.00', used: '500000.00', remaining: '49500000.00', paid: '500000.00', shortfall: '0.00', recovered: '400000.00', claimsApproved: 1 },
    ]);
    const shares = await get<z.infer<typeof CompensationShareListResponse>>('/api/compensation-shares', AS_GUARANTOR);
    expect(shares.body.items.filter((share) => share.claimId === filed.body.id)).toEqual([
      expect.objectContaining({ party: 'guarantor', orgId: GUARANTOR, owed: '300000.00', returned: '240000.00', claimStatus: 'CLOSED' }),
    ]);
    expect((await get<z.infer<typeof CompensationShareListResponse>>('/api/compensation-shares', OTHER_GUARANTOR)).body.items).toEqual([]);

    // The same disposal delivered again changes nothing.
    const [position] = await sut.produce(disposal);
    await sut.consumedPast(position);
    expect(sut.published.filter((event) => event.type === 'RecoveryDistributed' && event.key === policy.id)).toHaveLength(1);
    expect((await get<FundResponse>(`/api/funds/${policy.id}`, BUREAU)).body.balance).toBe('49900000.00');
  });

  it('refuses duplicate, late and foreign claims with the rule, and stores nothing for them', async () => {
    await publishedPolicy(policy5311('440104'));
    const onTime = loanDisbursed({ districtCode: '440104' });
    const late = loanDisbursed({ districtCode: '440104' });
    await defaultedLoans({ loan: onTime }, { loan: late });

    expect((await fileClaim({ loanId: onTime.loanId, filedOn: '2026-10-09' })).status).toBe(201);
    const duplicate = await fileClaim({ loanId: onTime.loanId, filedOn: '2026-10-09' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.details).toEqual([{ field: 'loanId', rule: expect.stringMatching(/^duplicate-claim: /) }]);

    // Defaulted Monday 2026-09-21: 10 working days skip 中秋 and 国庆 and count Saturday 10 October (调休): the last day is 12 October.
    const refused = await fileClaim({ loanId: late.loanId, filedOn: '2026-10-13' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('rule-violated');
    expect(refused.body.error.details).toEqual([
      { field: 'filedOn', rule: 'late-filing: a claim must be filed within 10 working days of 2026-09-21 (by 2026-10-12); filed on 2026-10-13' },
    ]);

    expect((await fileClaim({ loanId: late.loanId, filedOn: '2026-10-12' }, BANK_B)).status).toBe(404);
    const badBody = await fileClaim({ loanId: 'loan-1', filedOn: '12/10/2026' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.details?.map((issue) => issue.field).sort()).toEqual(['filedOn', 'loanId']);
    expect(await sut.prisma.compensationClaim.count({ where: { loanId: late.loanId } })).toBe(0);

    const queue = await get<z.infer<typeof ClaimListResponse>>(`/api/claims?status=PENDING&loanId=${onTime.loanId}`, BUREAU);
    expect(queue.body.items.map((claim) => claim.loanId)).toEqual([onTime.loanId]);
    expect((await get<z.infer<typeof ClaimListResponse>>(`/api/claims?loanId=${onTime.loanId}`, BANK_B)).body.items).toEqual([]);
  });

  it('under a disposal-only trigger refuses a claim before disposal and pays the net loss after it', async () => {
    await publishedPolicy(policy5311('440111', { trigger: 'after-disposal', caps: { fundYearlyBudget: '50000000.00' } }));
    const loan = loanDisbursed({ districtCode: '440111' });
    await defaultedLoans({ loan });

    const early = await fileClaim({ loanId: loan.loanId, filedOn: '2026-10-09' });
    expect(early.status).toBe(409);
    expect(early.body.error.details?.map((issue) => issue.rule.split(':')[0])).toEqual(['disposal-required']);

    await sut.produce(pledgeDisposed(loan, { grossProceeds: '600000.00', costs: '50000.00', netProceeds: '550000.00', disposedOn: '2026-10-30' }));
    await sut.consumedAll('pledge');
    const filed = await fileClaim({ loanId: loan.loanId, filedOn: '2026-11-02' });
    expect(filed.status).toBe(201);
    const approved = await post<ClaimResponse>(`/api/claims/${filed.body.id}/approve`, BUREAU, { approvedOn: '2026-11-04' });

    expect(approved.body.computation?.base).toMatchObject({ principal: '2000000.00', netDisposalProceeds: '550000.00', amount: '1450000.00' });
    expect(approved.body.computation?.parts.map((part) => part.amount)).toEqual(['725000.00', '435000.00', '145000.00', '145000.00']);
  });

  it('rejects a pending claim with a reason, then lets the bank file again', async () => {
    const policy = await publishedPolicy(policy5311('440112'));
    const loan = loanDisbursed({ districtCode: '440112' });
    await defaultedLoans({ loan });
    const filed = await fileClaim({ loanId: loan.loanId, filedOn: '2026-10-09' });

    const tooShort = await post<ClaimResponse>(`/api/claims/${filed.body.id}/reject`, BUREAU, { reason: 'no' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.details?.map((issue) => issue.field)).toEqual(['reason']);
    expect((await post<ClaimResponse>(`/api/claims/${filed.body.id}/reject`, BANK_A, { reason: 'the bank cannot decide' })).status).toBe(403);

    const rejected = await post<ClaimResponse>(`/api/claims/${filed.body.id}/reject`, BUREAU, { reason: '贷款合同未载明质押登记号', rejectedOn: '2026-10-10' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', decision: { outcome: 'REJECTED', decidedOn: '2026-10-10', note: '贷款合同未载明质押登记号' } });
    expect((await sut.publishedEvent('CompensationRejected', policy.id)).payload).toMatchObject({ claimId: filed.body.id, reason: '贷款合同未载明质押登记号' });
    const again = await post<ClaimResponse>(`/api/claims/${filed.body.id}/approve`, BUREAU, { approvedOn: '2026-10-12' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'illegal-transition', currentState: 'REJECTED' });
    expect((await fileClaim({ loanId: loan.loanId, filedOn: '2026-10-12' })).status).toBe(201);
  });

  it('settles at approval when the budget is spent and the pledge already sold: nothing to pay, the shortfall recorded', async () => {
    const policy = await publishedPolicy(policy5311('440115', { caps: { perLoan: '1000000.00', fundYearlyBudget: '0.00' } }));
    const loan = loanDisbursed({ districtCode: '440115' });
    await defaultedLoans({ loan });
    await sut.produce(pledgeDisposed(loan, { disposedOn: '2026-10-15' }));
    await sut.consumedAll('pledge');
    const filed = await fileClaim({ loanId: loan.loanId, filedOn: '2026-10-09' });

    const approved = await post<ClaimResponse>(`/api/claims/${filed.body.id}/approve`, BUREAU, { approvedOn: '2026-10-20' });

    expect(approved.body.status).toBe('CLOSED');
    expect(approved.body.computation?.fund).toMatchObject({ fundPart: '500000.00', paid: '0.00', shortfall: '500000.00' });
    // The bank carries the fund's 500,000.00 as well as its own 100,000.00, so it bears 600,000.00 of the 1,000,000.00.
    expect(approved.body.recovery?.returns.map((entry) => [entry.party, entry.bore, entry.returned])).toEqual([
      ['fund', '0.00', '0.00'],
      ['guarantor', '300000.00', '240000.00'],
      ['appraiser', '100000.00', '80000.00'],
      ['bank', '600000.00', '480000.00'],
    ]);
    const payment = await post<ClaimResponse>(`/api/claims/${filed.body.id}/payment`, BUREAU, { paidOn: '2026-10-21', paymentReference: 'none' });
    expect(payment.status).toBe(409);
    const fund = await get<FundResponse>(`/api/funds/${policy.id}`, BUREAU);
    expect(fund.body.years).toEqual([expect.objectContaining({ appropriated: '0.00', used: '0.00', shortfall: '500000.00' })]);
  });

  it('above the dual-control threshold takes two bureau users: one prepares, another approves', async () => {
    const policy = await publishedPolicy(policy5311('440117', { dualControlAbove: '500000.00' }));
    const loan = loanDisbursed({ districtCode: '440117' });
    await defaultedLoans({ loan });
    const filed = await fileClaim({ loanId: loan.loanId, filedOn: '2026-10-09' });

    const alone = await post<ClaimResponse>(`/api/claims/${filed.body.id}/approve`, BUREAU, { approvedOn: '2026-10-20' });
    expect(alone.status).toBe(403);
    expect(alone.body.error.message).toMatch(/^four-eyes rule: the approved amount 1000000.00 is above the policy's dual-control threshold 500000.00/);
    expect((await get<ClaimResponse>(`/api/claims/${filed.body.id}`, BUREAU)).body.status).toBe('PENDING');
    expect(await sut.prisma.fundBudget.count({ where: { fundId: policy.id } })).toBe(0);

    const prepared = await post<ClaimResponse>(`/api/claims/${filed.body.id}/prepare`, BUREAU, { preparedOn: '2026-10-19', note: '材料已审核' });
    expect(prepared.body).toMatchObject({ status: 'PREPARED', preparation: { preparedOn: '2026-10-19', preparedByUserId: 'reviewer.wang', note: '材料已审核' } });
    const samePerson = await post<ClaimResponse>(`/api/claims/${filed.body.id}/approve`, BUREAU, { approvedOn: '2026-10-20' });
    expect(samePerson.status).toBe(403);
    expect(samePerson.body.error.message).toMatch(/^four-eyes rule: reviewer.wang prepared this claim and may not also approve it/);

    const approved = await post<ClaimResponse>(`/api/claims/${filed.body.id}/approve`, APPROVER, { approvedOn: '2026-10-20' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', preparation: { preparedByUserId: 'reviewer.wang' }, decision: { decidedByUserId: 'approver.liu' } });
  });

  it('drafts a policy’s next version in the same series, one open draft at a time, taking effect after the last', async () => {
    const v1 = await publishedPolicy(policy5311('440105'));

    const tooEarly = await post<PolicyResponse>(`/api/policies/${v1.id}/versions`, BUREAU, policy5311('440105', { effectiveFrom: '2025-01-01' }));
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.error.details?.map((issue) => issue.field)).toEqual(['effectiveFrom']);

    const v2 = await post<PolicyResponse>(`/api/policies/${v1.id}/versions`, BUREAU, policy5311('440105', { effectiveFrom: '2026-07-01' }));
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ seriesId: v1.id, version: 2, status: 'DRAFT' });
    expect((await post<PolicyResponse>(`/api/policies/${v1.id}/versions`, BUREAU, policy5311('440105', { effectiveFrom: '2026-08-01' }))).status).toBe(409);
    expect((await post<PolicyResponse>(`/api/policies/${v2.body.id}/publish`, APPROVER)).status).toBe(200);
    expect((await sut.publishedEvent('CompensationPolicyPublished', v2.body.id)).payload).toMatchObject({ seriesId: v1.id, version: 2 });

    // Loans bind to the version in force on their disbursement date; both draw on one fund.
    const before = loanDisbursed({ districtCode: '440105', disbursedOn: '2026-06-30' });
    const after = loanDisbursed({ districtCode: '440105', disbursedOn: '2026-07-01' });
    await defaultedLoans({ loan: before }, { loan: after });
    const claims = await Promise.all([fileClaim({ loanId: before.loanId, filedOn: '2026-10-09' }), fileClaim({ loanId: after.loanId, filedOn: '2026-10-09' })]);
    expect(claims.map((claim) => [claim.body.policyVersion, claim.body.fundId])).toEqual([
      [1, v1.id],
      [2, v1.id],
    ]);
  });

  it('never overdraws the budget or the per-borrower cap, whatever the interleaving of 60 concurrent approvals', async () => {
    const budget = Money.of('5000000.00');
    const borrowerCap = Money.of('3000000.00');
    const policy = await publishedPolicy({
      ...policy5311('440113'),
      name: 'Zhongshan-style 54/26/16/4 for the race',
      parties: [
        { party: 'fund', share: '0.54' },
        { party: 'bank', share: '0.26' },
        { party: 'insurer', share: '0.16' },
        { party: 'appraiser', share: '0.04' },
      ],
      caps: { perBorrowerPerYear: borrowerCap.toString(), fundYearlyBudget: budget.toString() },
    });
    // Ten loans of one borrower (disbursed on ten days) and fifty of fifty others, each 1,000,000.01 outstanding.
    const loans = Array.from({ length: 60 }, (_, index) =>
      loanDisbursed({
        districtCode: '440113',
        borrowerUscc: borrowerUscc(index < 10 ? 1000 : 1000 + index),
        disbursedOn: `2026-02-${String(index < 10 ? 10 + index : 10).padStart(2, '0')}`,
        principal: '1000000.01',
      }),
    );
    await defaultedLoans(...loans.map((loan) => ({ loan, defaulted: { outstandingPrincipal: '1000000.01', accruedInterest: '0.00' } })));
    const claimIds: string[] = [];
    for (const loan of loans) {
      const filed = await fileClaim({ loanId: loan.loanId, filedOn: '2026-09-30' });
      expect(filed.status).toBe(201);
      claimIds.push(filed.body.id);
    }

    const answers = await Promise.all(claimIds.map((id) => post<ClaimResponse>(`/api/claims/${id}/approve`, BUREAU, { approvedOn: '2026-10-20' })));

    expect(answers.map((answer) => answer.status)).toEqual(claimIds.map(() => 200));
    const computations = answers.map((answer) => answer.body.computation!);
    const fundPaid = Money.sum(computations.map((computation) => Money.of(computation.fund.paid)));
    const fundParts = Money.sum(computations.map((computation) => Money.of(computation.fund.fundPart)));
    const shortfalls = Money.sum(computations.map((computation) => Money.of(computation.fund.shortfall)));
    expect(fundParts.gt(budget)).toBe(true); // the race is real: the budget covers only some
    expect(fundPaid.toString()).toBe(budget.toString());
    expect(fundPaid.plus(shortfalls).toString()).toBe(fundParts.toString());
    for (const computation of computations) {
      expect(Money.sum(computation.parts.map((part) => Money.of(part.amount))).toString()).toBe(computation.approvedAmount);
    }
    const oneBorrower = Money.sum(computations.slice(0, 10).map((computation) => Money.of(computation.approvedAmount)));
    expect(oneBorrower.toString()).toBe(borrowerCap.toString());

    const stored = await sut.prisma.fundBudget.findUniqueOrThrow({ where: { fundId_budgetYear: { fundId: policy.id, budgetYear: 2026 } } });
    expect([stored.used.toFixed(2), stored.shortfall.toFixed(2), stored.claimsApproved]).toEqual([budget.toString(), shortfalls.toString(), 60]);
    await eventually(() => expect(sut.published.filter((event) => event.type === 'CompensationApproved' && event.key === policy.id)).toHaveLength(60));
  });
});
