// The claim path of risk-compensation in-process against a real PostgreSQL and Kafka: loans and
// disposals learnt from events, claims filed, approved, paid, and proceeds shared back; policy
// versions; and approvals racing on one budget.
import type {
  ClaimListResponse,
  ClaimResponse,
  CompensationShareListResponse,
  CompensationShareResponse,
  CreatePolicyDraftRequest,
  FundBudgetYearClosedResponse,
  FundResponse,
  PolicyResponse,
} from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { eventually, actingAs } from '@ipledger/testing';
import type { z } from 'zod';
import {
  APPRAISER,
  BANK,
  borrowerUscc,
  GUARANTOR,
  loanDefaulted,
  loanDisbursed,
  pledgeDisposed,
  type TestLoan,
} from './test-support/fact-events';
import { raceThenRetry } from './test-support/retrying';
import { riskCompensationUnderTest, type Answer } from './test-support/risk-compensation-under-test';

const BUREAU = actingAs({ orgId: 'bureau-gz', role: 'bureau', userId: 'reviewer.wang' });
const APPROVER = actingAs({ orgId: 'bureau-gz', role: 'bureau', userId: 'approver.liu' });
/** A third bureau user, who records payouts in these tests (never the approver: four eyes). */
const CLERK = actingAs({ orgId: 'bureau-gz', role: 'bureau', userId: 'clerk.zhao' });
const BANK_A = actingAs({ orgId: BANK, role: 'bank' });
const BANK_B = actingAs({ orgId: 'bank-gz-b', role: 'bank' });
const AS_GUARANTOR = actingAs({ orgId: GUARANTOR, role: 'guarantor' });
const OTHER_GUARANTOR = actingAs({ orgId: 'guarantor-gz-other', role: 'guarantor' });

/**
 * Guangzhou 5311 in shape (fund 50, guarantor 30, appraiser 10, bank 10), scoped to one district per
 * test; one bureau user may approve up to 10,000,000.00 (the four-eyes default of 0.00 has its own tests).
 */
const policy5311 = (district: string, overrides: Partial<CreatePolicyDraftRequest> = {}): CreatePolicyDraftRequest => ({
  name: `5311-style scheme for district ${district}`,
  source: 'Guangzhou 5311 (穗知〔2020〕): fund 50 %, guarantor or insurer 30 %, appraiser 10 %, bank 10 %',
  scope: { city: 'Guangzhou', cityCode: '4401', district },
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
  dualControlAbove: '10000000.00',
  ...overrides,
});

describe('claims on a real broker and database', () => {
  const { sut, post, get, today } = riskCompensationUnderTest(['policy', 'compensation', 'loan']);

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

  const fileClaimOn = (date: string, body: Record<string, unknown>, headers = BANK_A) => {
    today(date);
    return fileClaim(body, headers);
  };
  const postOn = <T>(date: string, path: string, headers: Record<string, string>, body: unknown = {}): Answer<T> => {
    today(date);
    return post<T>(path, headers, body);
  };

  afterEach(() => jest.restoreAllMocks());

  it('files, approves and pays a claim, then shares the disposal proceeds back and closes it', async () => {
    const policy = await publishedPolicy(policy5311('440106'));
    const loan = loanDisbursed();
    await defaultedLoans({ loan });

    const filed = await fileClaimOn('2026-10-12', { loanId: loan.loanId });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      status: 'PENDING',
      fundId: policy.id,
      policyId: policy.id,
      policyVersion: 1,
      filedOn: '2026-10-12',
      filingDeadline: '2026-10-12',
      filingDeadlineProvisional: false,
    });
    expect(filed.body.eligibility.every((outcome) => outcome.passed)).toBe(true);

    const approved = await postOn<ClaimResponse>('2026-10-20', `/api/claims/${filed.body.id}/approve`, BUREAU, {
      note: 'materials complete',
    });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('APPROVED');
    const computation = approved.body.computation;
    expect(computation?.base.amount).toBe('2000000.00');
    expect(computation?.caps).toEqual([
      { order: 1, cap: 'per-loan', limit: '1000000.00', before: '2000000.00', after: '1000000.00', bound: true },
    ]);
    expect(computation?.approvedAmount).toBe('1000000.00');
    expect(computation?.parts.map((part) => [part.party, part.orgId, part.amount])).toEqual([
      ['fund', policy.id, '500000.00'],
      ['guarantor', GUARANTOR, '300000.00'],
      ['appraiser', APPRAISER, '100000.00'],
      ['bank', BANK, '100000.00'],
    ]);
    expect(computation?.fund).toMatchObject({
      budgetYear: 2026,
      budgetBefore: '50000000.00',
      paid: '500000.00',
      budgetAfter: '49500000.00',
      shortfall: '0.00',
    });
    expect((await sut.publishedEvent('FundBudgetOpened', policy.id)).payload).toMatchObject({
      budgetYear: 2026,
      appropriated: '50000000.00',
    });
    expect((await sut.publishedEvent('CompensationApproved', policy.id)).payload).toMatchObject({
      claimId: filed.body.id,
      fundPayable: '500000.00',
      approvedAmount: '1000000.00',
    });
    // The loan's side, keyed by the loan (on its partition, after its default): the fund's 500,000.00
    // and the sharers' 400,000.00 owed to the bank.
    expect((await sut.publishedEvent('LoanCompensationApproved', loan.loanId)).payload).toEqual({
      claimId: filed.body.id,
      loanId: loan.loanId,
      bankOrgId: BANK,
      fundId: policy.id,
      approvedOn: expect.any(String),
      outstandingPrincipal: '2000000.00',
      owedToBank: '900000.00',
    });

    expect((await postOn<ClaimResponse>('2026-10-20', `/api/claims/${filed.body.id}/approve`, BUREAU, {})).status).toBe(409);

    const byApprover = await postOn<ClaimResponse>('2026-10-28', `/api/claims/${filed.body.id}/payment`, BUREAU, {
      paymentReference: 'GZF-2026-0042',
    });
    expect(byApprover.status).toBe(403);
    expect(byApprover.body.error.message).toBe(
      `four-eyes rule: reviewer.wang approved claim ${filed.body.id} and may not also record its payout; another bureau user must`,
    );
    const paid = await postOn<ClaimResponse>('2026-10-28', `/api/claims/${filed.body.id}/payment`, CLERK, {
      paymentReference: 'GZF-2026-0042',
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      status: 'PAID',
      payment: { amount: '500000.00', paidOn: '2026-10-28', paymentReference: 'GZF-2026-0042', recordedByUserId: 'clerk.zhao' },
    });
    expect((await sut.publishedEvent('CompensationPaid', policy.id)).payload.amount).toBe('500000.00');

    const disposal = pledgeDisposed(loan, {
      grossProceeds: '900000.00',
      costs: '100000.00',
      netProceeds: '800000.00',
      disposedOn: '2026-11-05',
    });
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
    expect((await sut.publishedEvent('LoanRecoverySettled', loan.loanId)).payload).toEqual({
      claimId: filed.body.id,
      loanId: loan.loanId,
      bankOrgId: BANK,
      fundId: policy.id,
      distributedOn: '2026-11-05',
      keptByBank: '80000.00',
      principalWrittenOff: '1100000.00',
    });

    const closed = await get<ClaimResponse>(`/api/claims/${filed.body.id}`, BANK_A);
    expect(closed.body.status).toBe('CLOSED');
    expect(closed.body.recovery?.netProceeds).toBe('800000.00');

    const fund = await get<FundResponse>(`/api/funds/${policy.id}`, BUREAU);
    expect(fund.body.balance).toBe('49900000.00');
    expect(fund.body.years).toEqual([
      {
        budgetYear: 2026,
        appropriated: '50000000.00',
        toppedUp: '0.00',
        used: '500000.00',
        remaining: '49500000.00',
        paid: '500000.00',
        shortfall: '0.00',
        shortfallsSettled: '0.00',
        recovered: '400000.00',
        claimsApproved: 1,
        // The policy names no payers and none paid in.
        contributors: [],
        closed: null,
      },
    ]);
    const shares = await get<z.infer<typeof CompensationShareListResponse>>('/api/compensation-shares', AS_GUARANTOR);
    expect(shares.body.items.filter((share) => share.claimId === filed.body.id)).toEqual([
      expect.objectContaining({ party: 'guarantor', orgId: GUARANTOR, owed: '300000.00', returned: '240000.00', claimStatus: 'CLOSED' }),
    ]);
    expect((await get<z.infer<typeof CompensationShareListResponse>>('/api/compensation-shares', OTHER_GUARANTOR)).body.items).toEqual([]);

    // The guarantor pays the bank its part: once, its own part only, dated by the server.
    today('2026-11-10');
    const payShare = (headers: Record<string, string>) =>
      post<z.infer<typeof CompensationShareResponse>>(`/api/compensation-shares/${filed.body.id}/payment`, headers, {
        paymentReference: 'DB-2026-0042',
      });
    expect((await payShare(OTHER_GUARANTOR)).status).toBe(404);
    expect((await payShare(BANK_A)).status).toBe(403);
    const paidShare = await payShare(AS_GUARANTOR);
    expect(paidShare.status).toBe(200);
    expect(paidShare.body).toMatchObject({ party: 'guarantor', owed: '300000.00', paidOn: '2026-11-10', paymentReference: 'DB-2026-0042' });
    const again = await payShare(AS_GUARANTOR);
    expect([again.status, again.body.error.message]).toEqual([
      409,
      `the guarantor ${GUARANTOR} already recorded paying its part of claim ${filed.body.id} on 2026-11-10 (DB-2026-0042)`,
    ]);
    expect((await sut.publishedEvent('CompensationSharePaid', policy.id)).payload).toEqual({
      claimId: filed.body.id,
      fundId: policy.id,
      loanId: loan.loanId,
      bankOrgId: BANK,
      party: 'guarantor',
      orgId: GUARANTOR,
      amount: '300000.00',
      paidOn: '2026-11-10',
      paymentReference: 'DB-2026-0042',
    });
    expect(sut.published.filter((event) => event.type === 'CompensationSharePaid' && event.key === policy.id)).toHaveLength(1);

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

    expect((await fileClaimOn('2026-10-09', { loanId: onTime.loanId })).status).toBe(201);
    const duplicate = await fileClaimOn('2026-10-09', { loanId: onTime.loanId });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.details).toEqual([{ field: 'loanId', rule: expect.stringMatching(/^duplicate-claim: /) }]);

    // Defaulted Monday 2026-09-21: 10 working days skip 中秋 and 国庆 and count Saturday 10 October (调休): the last day is 12 October.
    const refused = await fileClaimOn('2026-10-13', { loanId: late.loanId });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('rule-violated');
    expect(refused.body.error.details).toEqual([
      {
        field: 'loanId',
        rule: 'late-filing: a claim must be filed within 10 working days of 2026-09-21 (by 2026-10-12); filed on 2026-10-13',
      },
    ]);

    expect((await fileClaimOn('2026-10-12', { loanId: late.loanId }, BANK_B)).status).toBe(404);
    // The filing date is the server's: a bank that sends one is told the field is not part of the request.
    const badBody = await fileClaim({ loanId: 'loan-1', filedOn: '2026-10-01' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.details).toEqual([
      { field: 'loanId', rule: expect.stringMatching(/^must be a loan id/) },
      { field: 'filedOn', rule: 'is not a known field' },
    ]);
    expect(await sut.prisma.compensationClaim.count({ where: { loanId: late.loanId } })).toBe(0);

    const queue = await get<z.infer<typeof ClaimListResponse>>(`/api/claims?status=PENDING&loanId=${onTime.loanId}`, BUREAU);
    expect(queue.body.items.map((claim) => claim.loanId)).toEqual([onTime.loanId]);
    expect((await get<z.infer<typeof ClaimListResponse>>(`/api/claims?loanId=${onTime.loanId}`, BANK_B)).body.items).toEqual([]);
  });

  it('under a disposal-only trigger refuses a claim before disposal and pays the net loss after it', async () => {
    await publishedPolicy(policy5311('440111', { trigger: 'after-disposal', caps: { fundYearlyBudget: '50000000.00' } }));
    const loan = loanDisbursed({ districtCode: '440111' });
    await defaultedLoans({ loan });

    const early = await fileClaimOn('2026-10-09', { loanId: loan.loanId });
    expect(early.status).toBe(409);
    expect(early.body.error.details?.map((issue) => issue.rule.split(':')[0])).toEqual(['disposal-required']);

    await sut.produce(
      pledgeDisposed(loan, { grossProceeds: '600000.00', costs: '50000.00', netProceeds: '550000.00', disposedOn: '2026-10-30' }),
    );
    await sut.consumedAll('pledge');
    const filed = await fileClaimOn('2026-11-02', { loanId: loan.loanId });
    expect(filed.status).toBe(201);
    const approved = await postOn<ClaimResponse>('2026-11-04', `/api/claims/${filed.body.id}/approve`, BUREAU, {});

    expect(approved.body.computation?.base).toMatchObject({
      principal: '2000000.00',
      netDisposalProceeds: '550000.00',
      amount: '1450000.00',
    });
    expect(approved.body.computation?.parts.map((part) => part.amount)).toEqual(['725000.00', '435000.00', '145000.00', '145000.00']);
  });

  it('under ip-share-only covers the IP’s stated share of the net loss, and the whole loan when the bank states none', async () => {
    await publishedPolicy(
      policy5311('440103', { mixedCollateral: 'ip-share-only', trigger: 'after-disposal', caps: { fundYearlyBudget: '50000000.00' } }),
    );
    // Twin loans: the same default and the same disposal; the bank states a share for one of them only.
    const mixed = loanDisbursed({ districtCode: '440103' });
    const ipOnly = loanDisbursed({ districtCode: '440103' });
    const defaulted = { outstandingPrincipal: '1234567.89', accruedInterest: '21750.00' };
    await defaultedLoans({ loan: mixed, defaulted }, { loan: ipOnly, defaulted });
    const sold = { grossProceeds: '250000.00', costs: '15433.00', netProceeds: '234567.00', disposedOn: '2026-10-30' };
    await sut.produce(pledgeDisposed(mixed, sold), pledgeDisposed(ipOnly, sold));
    await sut.consumedAll('pledge');

    for (const [share, rule] of [
      ['1.5', 'must be a decimal fraction between 0 and 1 with at most 6 decimals, e.g. "0.0435"'],
      ['0', 'must be greater than 0'],
      ['sixty percent', 'must be a decimal fraction between 0 and 1 with at most 6 decimals, e.g. "0.0435"'],
    ]) {
      const refused = await fileClaimOn('2026-11-02', { loanId: mixed.loanId, ipCollateralShare: share });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details).toEqual([{ field: 'ipCollateralShare', rule }]);
    }
    expect(await sut.prisma.compensationClaim.count({ where: { loanId: mixed.loanId } })).toBe(0);

    const filed = await fileClaimOn('2026-11-02', { loanId: mixed.loanId, ipCollateralShare: '0.6' });
    expect(filed.status).toBe(201);
    expect(filed.body.ipCollateralShare).toBe('0.6');
    const approved = await postOn<ClaimResponse>('2026-11-04', `/api/claims/${filed.body.id}/approve`, BUREAU, {});
    expect(approved.status).toBe(200);
    // Net loss 1,234,567.89 − 234,567.00 = 1,000,000.89; 60 % of it is 600,000.534, half-up to the fen.
    expect(approved.body.computation?.base).toEqual({
      rule: 'outstanding-principal',
      principal: '1234567.89',
      interestCounted: '0.00',
      netDisposalProceeds: '234567.00',
      ipCollateralShare: '0.6',
      amount: '600000.53',
    });
    expect(approved.body.computation?.approvedAmount).toBe('600000.53');
    expect(approved.body.computation?.parts.map((part) => [part.party, part.amount])).toEqual([
      ['fund', '300000.27'],
      ['guarantor', '180000.16'],
      ['appraiser', '60000.05'],
      ['bank', '60000.05'],
    ]);
    // The other security's share of the loss, and the interest, stay with the bank: 1,021,750.89 − 600,000.53.
    expect(approved.body.computation).toMatchObject({ exposure: '1021750.89', uncoveredLoss: '421750.36' });
    expect((await sut.publishedEvent('CompensationApproved', approved.body.fundId)).payload).toMatchObject({
      claimId: filed.body.id,
      approvedAmount: '600000.53',
    });

    const whole = await fileClaimOn('2026-11-02', { loanId: ipOnly.loanId });
    expect(whole.body.ipCollateralShare).toBeNull();
    const wholeApproved = await postOn<ClaimResponse>('2026-11-04', `/api/claims/${whole.body.id}/approve`, BUREAU, {});
    expect(wholeApproved.body.computation?.base).toMatchObject({ ipCollateralShare: '1', amount: '1000000.89' });
    expect(wholeApproved.body.computation).toMatchObject({ approvedAmount: '1000000.89', uncoveredLoss: '21750.00' });

    const listed = await get<z.infer<typeof ClaimListResponse>>(`/api/claims?loanId=${mixed.loanId}`, BANK_A);
    expect(listed.body.items.map((claim) => [claim.id, claim.ipCollateralShare])).toEqual([[filed.body.id, '0.6']]);

    // The database holds the range too, whatever writes the row.
    for (const share of ['0', '1.5', '-0.2']) {
      await expect(
        sut.prisma.$executeRawUnsafe(
          `UPDATE risk_compensation.claims SET ip_collateral_share = $1::numeric WHERE id = $2`,
          share,
          filed.body.id,
        ),
      ).rejects.toThrow(/claims_ip_collateral_share_range/);
    }
  });

  it('stores a stated IP share under a whole-loan policy but counts the whole loan', async () => {
    await publishedPolicy(policy5311('440114', { caps: { fundYearlyBudget: '50000000.00' } }));
    const loan = loanDisbursed({ districtCode: '440114' });
    await defaultedLoans({ loan });

    const filed = await fileClaimOn('2026-10-09', { loanId: loan.loanId, ipCollateralShare: '0.6' });
    expect(filed.status).toBe(201);
    const approved = await postOn<ClaimResponse>('2026-10-12', `/api/claims/${filed.body.id}/approve`, BUREAU, {});
    expect(approved.body).toMatchObject({
      ipCollateralShare: '0.6',
      computation: { base: { ipCollateralShare: '1', amount: '2000000.00' }, approvedAmount: '2000000.00' },
    });
  });

  it('rejects a pending claim with a reason, then lets the bank file again', async () => {
    const policy = await publishedPolicy(policy5311('440112'));
    const loan = loanDisbursed({ districtCode: '440112' });
    await defaultedLoans({ loan });
    const filed = await fileClaimOn('2026-10-09', { loanId: loan.loanId });

    const tooShort = await post<ClaimResponse>(`/api/claims/${filed.body.id}/reject`, BUREAU, { reason: 'no' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.details?.map((issue) => issue.field)).toEqual(['reason']);
    expect((await post<ClaimResponse>(`/api/claims/${filed.body.id}/reject`, BANK_A, { reason: 'the bank cannot decide' })).status).toBe(
      403,
    );

    const rejected = await postOn<ClaimResponse>('2026-10-10', `/api/claims/${filed.body.id}/reject`, BUREAU, {
      reason: '贷款合同未载明质押登记号',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'REJECTED',
      decision: { outcome: 'REJECTED', decidedOn: '2026-10-10', note: '贷款合同未载明质押登记号' },
    });
    expect((await sut.publishedEvent('CompensationRejected', policy.id)).payload).toMatchObject({
      claimId: filed.body.id,
      reason: '贷款合同未载明质押登记号',
    });
    const again = await postOn<ClaimResponse>('2026-10-12', `/api/claims/${filed.body.id}/approve`, BUREAU, {});
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'illegal-transition', currentState: 'REJECTED' });
    expect((await fileClaimOn('2026-10-12', { loanId: loan.loanId })).status).toBe(201);
  });

  it('settles at approval when the budget is spent and the pledge already sold: nothing to pay, the shortfall recorded', async () => {
    const policy = await publishedPolicy(policy5311('440115', { caps: { perLoan: '1000000.00', fundYearlyBudget: '0.00' } }));
    const loan = loanDisbursed({ districtCode: '440115' });
    await defaultedLoans({ loan });
    await sut.produce(pledgeDisposed(loan, { disposedOn: '2026-10-15' }));
    await sut.consumedAll('pledge');
    const filed = await fileClaimOn('2026-10-09', { loanId: loan.loanId });

    const approved = await postOn<ClaimResponse>('2026-10-20', `/api/claims/${filed.body.id}/approve`, BUREAU, {});

    expect(approved.body.status).toBe('CLOSED');
    expect(approved.body.computation?.fund).toMatchObject({ fundPart: '500000.00', paid: '0.00', shortfall: '500000.00' });
    // The bank carries the fund's 500,000.00 as well as its own 100,000.00, so it bears 600,000.00 of the 1,000,000.00.
    expect(approved.body.recovery?.returns.map((entry) => [entry.party, entry.bore, entry.returned])).toEqual([
      ['fund', '0.00', '0.00'],
      ['guarantor', '300000.00', '240000.00'],
      ['appraiser', '100000.00', '80000.00'],
      ['bank', '600000.00', '480000.00'],
    ]);
    const payment = await postOn<ClaimResponse>('2026-10-21', `/api/claims/${filed.body.id}/payment`, CLERK, { paymentReference: 'none' });
    expect(payment.status).toBe(409);
    const fund = await get<FundResponse>(`/api/funds/${policy.id}`, BUREAU);
    expect(fund.body.years).toEqual([expect.objectContaining({ appropriated: '0.00', used: '0.00', shortfall: '500000.00' })]);
  });

  it('above the dual-control threshold takes two bureau users: one prepares, another approves', async () => {
    const policy = await publishedPolicy(policy5311('440117', { dualControlAbove: '500000.00' }));
    const loan = loanDisbursed({ districtCode: '440117' });
    await defaultedLoans({ loan });
    const filed = await fileClaimOn('2026-10-09', { loanId: loan.loanId });

    const alone = await postOn<ClaimResponse>('2026-10-20', `/api/claims/${filed.body.id}/approve`, BUREAU, {});
    expect(alone.status).toBe(403);
    expect(alone.body.error.message).toMatch(
      /^four-eyes rule: the approved amount 1000000.00 is above the policy's dual-control threshold 500000.00/,
    );
    expect((await get<ClaimResponse>(`/api/claims/${filed.body.id}`, BUREAU)).body.status).toBe('PENDING');
    expect(await sut.prisma.fundBudget.count({ where: { fundId: policy.id } })).toBe(0);

    const prepared = await postOn<ClaimResponse>('2026-10-19', `/api/claims/${filed.body.id}/prepare`, BUREAU, { note: '材料已审核' });
    expect(prepared.body).toMatchObject({
      status: 'PREPARED',
      preparation: { preparedOn: '2026-10-19', preparedByUserId: 'reviewer.wang', note: '材料已审核' },
    });
    const samePerson = await postOn<ClaimResponse>('2026-10-20', `/api/claims/${filed.body.id}/approve`, BUREAU, {});
    expect(samePerson.status).toBe(403);
    expect(samePerson.body.error.message).toMatch(/^four-eyes rule: reviewer.wang prepared this claim and may not also approve it/);

    const approved = await postOn<ClaimResponse>('2026-10-20', `/api/claims/${filed.body.id}/approve`, APPROVER, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'APPROVED',
      preparation: { preparedByUserId: 'reviewer.wang' },
      decision: { decidedByUserId: 'approver.liu' },
    });
  });

  it('drafts a policy’s next version in the same series, one open draft at a time, taking effect after the last', async () => {
    const v1 = await publishedPolicy(policy5311('440105'));

    const tooEarly = await post<PolicyResponse>(
      `/api/policies/${v1.id}/versions`,
      BUREAU,
      policy5311('440105', { effectiveFrom: '2025-01-01' }),
    );
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.error.details?.map((issue) => issue.field)).toEqual(['effectiveFrom']);

    const v2 = await post<PolicyResponse>(`/api/policies/${v1.id}/versions`, BUREAU, policy5311('440105', { effectiveFrom: '2026-07-01' }));
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ seriesId: v1.id, version: 2, status: 'DRAFT' });
    expect(
      (await post<PolicyResponse>(`/api/policies/${v1.id}/versions`, BUREAU, policy5311('440105', { effectiveFrom: '2026-08-01' }))).status,
    ).toBe(409);
    expect((await post<PolicyResponse>(`/api/policies/${v2.body.id}/publish`, APPROVER)).status).toBe(200);
    expect((await sut.publishedEvent('CompensationPolicyPublished', v2.body.id)).payload).toMatchObject({ seriesId: v1.id, version: 2 });

    // Loans bind to the version in force on their disbursement date; both draw on one fund.
    const before = loanDisbursed({ districtCode: '440105', disbursedOn: '2026-06-30' });
    const after = loanDisbursed({ districtCode: '440105', disbursedOn: '2026-07-01' });
    await defaultedLoans({ loan: before }, { loan: after });
    const claims = await Promise.all([
      fileClaimOn('2026-10-09', { loanId: before.loanId }),
      fileClaimOn('2026-10-09', { loanId: after.loanId }),
    ]);
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
      const filed = await fileClaimOn('2026-09-30', { loanId: loan.loanId });
      expect(filed.status).toBe(201);
      claimIds.push(filed.body.id);
    }

    // A client sends a retryable answer (rolled back after waiting too long on the budget row) again.
    const answers = await raceThenRetry(claimIds.length, (index) =>
      postOn<ClaimResponse>('2026-10-20', `/api/claims/${claimIds[index]}/approve`, BUREAU, {}),
    );

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
    expect([stored.used.toFixed(2), stored.shortfall.toFixed(2), stored.claimsApproved]).toEqual([
      budget.toString(),
      shortfalls.toString(),
      60,
    ]);
    await eventually(() =>
      expect(sut.published.filter((event) => event.type === 'CompensationApproved' && event.key === policy.id)).toHaveLength(60),
    );
  }, 180_000); // about 4 s alone; over 60 s seen beside the fault suite, the 60 approvals queueing on one row lock
  describe('budget years the bureau closes', () => {
    const close = (fundId: string, year: number, headers = APPROVER) =>
      post<z.infer<typeof FundBudgetYearClosedResponse>>(`/api/funds/${fundId}/years/${year}/close`, headers);

    let borrowers = 5000;
    /** A defaulted loan of the district (each of its own borrower) with a claim filed on `filedOn`. */
    async function pendingClaim(district: string, filedOn: string) {
      borrowers += 1;
      const loan = loanDisbursed({ districtCode: district, borrowerUscc: borrowerUscc(borrowers) });
      await defaultedLoans({ loan, defaulted: { defaultedOn: filedOn } });
      const filed = await fileClaimOn(filedOn, { loanId: loan.loanId });
      expect(filed.status).toBe(201);
      return { loan, claim: filed.body };
    }

    it('charges nothing to a closed year: later approvals go to the next year, a recovery to the current open year', async () => {
      const policy = await publishedPolicy(policy5311('440183'));
      const first = await pendingClaim('440183', '2026-11-02');
      expect(
        (await postOn<ClaimResponse>('2026-11-03', `/api/claims/${first.claim.id}/approve`, BUREAU)).body.computation?.fund.budgetYear,
      ).toBe(2026);
      expect(
        (await postOn<ClaimResponse>('2026-11-04', `/api/claims/${first.claim.id}/payment`, CLERK, { paymentReference: 'GZF-2026-0100' }))
          .status,
      ).toBe(200);

      expect((await close(policy.id, 2026, BANK_A)).status).toBe(403);
      expect((await close(policy.id, 2027)).body.error).toMatchObject({ code: 'rule-violated' });
      today('2026-12-15');
      const closed = await close(policy.id, 2026);
      expect(closed.status).toBe(200);
      expect(closed.body.year).toMatchObject({
        budgetYear: 2026,
        used: '500000.00',
        claimsApproved: 1,
        closed: { closedOn: '2026-12-15', closedByUserId: 'approver.liu' },
      });
      expect((await sut.publishedEvent('FundBudgetYearClosed', policy.id)).payload).toMatchObject({
        budgetYear: 2026,
        closedOn: '2026-12-15',
        used: '500000.00',
        claimsApproved: 1,
      });
      const again = await close(policy.id, 2026);
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'illegal-transition', currentState: 'CLOSED' });

      // Approved on 2026-12-16: 2026 is closed, so the earliest later year, 2027, opens and is charged.
      const second = await pendingClaim('440183', '2026-12-16');
      const approved = await postOn<ClaimResponse>('2026-12-16', `/api/claims/${second.claim.id}/approve`, BUREAU);
      expect(approved.body.computation?.fund).toMatchObject({ budgetYear: 2027, budgetBefore: '50000000.00' });
      await eventually(() =>
        expect(
          sut.published.filter((event) => event.type === 'FundBudgetOpened' && event.key === policy.id).map((event) => event.payload),
        ).toEqual([expect.objectContaining({ budgetYear: 2026 }), expect.objectContaining({ budgetYear: 2027, openedOn: '2026-12-16' })]),
      );

      // The first claim's pledge is sold in 2027: the fund's return goes to the open 2027 line, not the closed 2026 one.
      today('2027-01-20');
      await sut.produce(pledgeDisposed(first.loan, { disposedOn: '2027-01-18' }));
      await eventually(async () => expect((await get<ClaimResponse>(`/api/claims/${first.claim.id}`, BUREAU)).body.status).toBe('CLOSED'));
      expect((await sut.publishedEvent('RecoveryDistributed', policy.id)).payload).toMatchObject({
        claimId: first.claim.id,
        budgetYear: 2027,
      });
      const years = (await get<FundResponse>(`/api/funds/${policy.id}`, BUREAU)).body.years;
      expect(years.map((year) => [year.budgetYear, year.used, year.paid, year.recovered, year.closed === null])).toEqual([
        [2026, '500000.00', '500000.00', '0.00', false],
        [2027, '500000.00', '0.00', '400000.00', true],
      ]);
      // The database refuses a charge to the closed year, whoever asks.
      await expect(
        sut.prisma.fundBudget.update({
          where: { fundId_budgetYear: { fundId: policy.id, budgetYear: 2026 } },
          data: { used: { increment: '1.00' } },
        }),
      ).rejects.toThrow(/closed/);
    });

    it('never charges an approval to a year after its close committed, whatever the interleaving', async () => {
      const policy = await publishedPolicy(policy5311('440184'));
      const opening = await pendingClaim('440184', '2026-12-01');
      expect((await postOn<ClaimResponse>('2026-12-01', `/api/claims/${opening.claim.id}/approve`, BUREAU)).status).toBe(200);
      const pending: string[] = [];
      for (let index = 0; index < 20; index += 1) pending.push((await pendingClaim('440184', '2026-12-10')).claim.id);

      today('2026-12-10');
      const [closed, ...approvals] = await Promise.all([
        close(policy.id, 2026),
        ...pending.map((id) => post<ClaimResponse>(`/api/claims/${id}/approve`, BUREAU)),
      ]);

      expect([closed.status, ...approvals.map((answer) => answer.status)]).toEqual([200, ...pending.map(() => 200)]);
      const charged = (year: number) => approvals.filter((answer) => answer.body.computation?.fund.budgetYear === year);
      expect(charged(2026).length + charged(2027).length).toBe(pending.length);
      // What the year held when the close committed is all it ever holds: every approval charged to it committed before.
      const atClose = closed.body.year;
      expect(atClose.claimsApproved).toBe(1 + charged(2026).length);
      const stored = await sut.prisma.fundBudget.findUniqueOrThrow({
        where: { fundId_budgetYear: { fundId: policy.id, budgetYear: 2026 } },
      });
      expect([stored.used.toFixed(2), stored.claimsApproved]).toEqual([atClose.used, atClose.claimsApproved]);
      const claims = await sut.prisma.compensationClaim.findMany({ where: { id: { in: pending } } });
      expect(claims.filter((claim) => claim.budgetYear === 2026)).toHaveLength(charged(2026).length);
    });
  });

  it('runs the whole claim flow past the last entered calendar year, with the deadline marked provisional', async () => {
    // No dual-control threshold in the draft: the default 0.00 makes every claim take two bureau users.
    const document = policy5311('440185');
    delete document.dualControlAbove;
    const policy = await publishedPolicy(document);
    expect(policy.document.dualControlAbove).toBe('0.00');
    const loan = loanDisbursed({ districtCode: '440185', disbursedOn: '2026-06-01' });
    await defaultedLoans({ loan, defaulted: { defaultedOn: '2027-03-02' } });

    const filed = await fileClaimOn('2027-03-10', { loanId: loan.loanId });
    expect(filed.status).toBe(201);
    // 10 working days from Tuesday 2 March 2027, Monday to Friday: 3, 4, 5, 8, 9, 10, 11, 12, 15, 16.
    expect(filed.body).toMatchObject({ filedOn: '2027-03-10', filingDeadline: '2027-03-16', filingDeadlineProvisional: true });
    expect(filed.body.eligibility.find((outcome) => outcome.rule === 'late-filing')?.message).toContain(
      'provisional: 2027 not yet in the working-day calendar',
    );

    expect((await postOn<ClaimResponse>('2027-03-11', `/api/claims/${filed.body.id}/approve`, BUREAU)).status).toBe(403);
    expect(
      (await postOn<ClaimResponse>('2027-03-11', `/api/claims/${filed.body.id}/prepare`, BUREAU, { note: '材料齐全' })).body.status,
    ).toBe('PREPARED');
    const approved = await postOn<ClaimResponse>('2027-03-12', `/api/claims/${filed.body.id}/approve`, APPROVER);
    expect(approved.body).toMatchObject({
      status: 'APPROVED',
      decision: { decidedOn: '2027-03-12' },
      computation: { fund: { budgetYear: 2027 } },
    });
    const paid = await postOn<ClaimResponse>('2027-03-15', `/api/claims/${filed.body.id}/payment`, BUREAU, {
      paymentReference: 'GZF-2027-0001',
    });
    expect(paid.body).toMatchObject({
      status: 'PAID',
      filingDeadlineProvisional: true,
      payment: { paidOn: '2027-03-15', recordedByUserId: 'reviewer.wang' },
    });
    expect((await sut.publishedEvent('CompensationPaid', policy.id)).payload).toMatchObject({ budgetYear: 2027, paidOn: '2027-03-15' });
  });

  it('binds a loan only to a policy of its own city when two cities’ policies are in force', async () => {
    const guangzhou = await publishedPolicy({
      ...policy5311('440186'),
      name: 'Guangzhou city-wide',
      scope: { city: 'Guangzhou', cityCode: '4401' },
    });
    const chongqing = await publishedPolicy({
      ...policy5311('440186'),
      name: 'Chongqing city-wide',
      scope: { city: 'Chongqing', cityCode: '50' },
    });
    const inGuangzhou = loanDisbursed({ districtCode: '440118' });
    const inChongqing = loanDisbursed({ districtCode: '500112' });
    const inShenzhen = loanDisbursed({ districtCode: '440304' });
    await defaultedLoans({ loan: inGuangzhou }, { loan: inChongqing }, { loan: inShenzhen });

    const claims = await Promise.all([inGuangzhou, inChongqing].map((loan) => fileClaimOn('2026-10-09', { loanId: loan.loanId })));
    expect(claims.map((claim) => [claim.status, claim.body.fundId])).toEqual([
      [201, guangzhou.id],
      [201, chongqing.id],
    ]);
    const stored = await sut.prisma.compensationLoan.findMany({
      where: { loanId: { in: [inGuangzhou.loanId, inChongqing.loanId, inShenzhen.loanId] } },
    });
    expect(Object.fromEntries(stored.map((loan) => [loan.districtCode, loan.policyId]))).toEqual({
      '440118': guangzhou.id,
      '500112': chongqing.id,
      '440304': null,
    });
    const uncovered = await fileClaimOn('2026-10-09', { loanId: inShenzhen.loanId });
    expect(uncovered.body.error.details).toEqual([{ field: 'loanId', rule: expect.stringMatching(/^not-covered:no-policy/) }]);
  });
  // Last in this file: it enters 2027, which the provisional test above relies on being absent.
  it('counts the filing deadline on the calendar the bureau published, not on the shipped years', async () => {
    const policy = await publishedPolicy(policy5311('440187'));
    const drafted = await post<{ id: string }>('/api/calendar/years', BUREAU, {
      year: 2027,
      source: '国务院办公厅关于2027年部分节假日安排的通知 (test data)',
      holidays: ['2027-01-01'],
      makeUpWorkingDays: [],
    });
    expect((await post(`/api/calendar/years/${drafted.body.id}/publish`, APPROVER)).status).toBe(200);
    const loan = loanDisbursed({ districtCode: '440187' });
    await defaultedLoans({ loan, defaulted: { defaultedOn: '2026-12-24' } });

    // From Thursday 24 December: 25, 28, 29, 30, 31 December, then 4 to 8 January (1 January is off).
    const filed = await fileClaimOn('2026-12-28', { loanId: loan.loanId });
    expect(filed.body).toMatchObject({ fundId: policy.id, filingDeadline: '2027-01-08', filingDeadlineProvisional: false });
  });
});
