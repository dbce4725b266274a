// A bad loan from disbursement to clawback, across every service over Kafka: the bureau publishes a
// 5311-style policy, the bank lends with a guarantor, the loan defaults, the bank claims, the bureau
// approves and the fund pays, the patent is auctioned and the proceeds go back to those who bore the
// loss; the claim, the loan and the pledge close, and the ledger balances after every step.
// The claim's dates are the server's (today in China), so the loan's facts are dated relative to
// today: disbursed three weeks ago, defaulted three days ago (well inside the filing window).
import type {
  AccountResponse,
  ClaimResponse,
  CompensationShareListResponse,
  ErrorBody,
  FundResponse,
  LoanResponse,
  PledgeResponse,
  PolicyPresetListResponse,
  PolicyResponse,
  TrialBalanceResponse,
} from '@ipledger/contracts';
import { addDays, yearOf } from '@ipledger/calendar';
import { pollUntil, snapshotOfEveryService } from '@ipledger/testing';
import type { z } from 'zod';
import { until } from './support/dates-and-waiting';
import { deadLetterCount, redeliverEverything } from './support/redelivery';
import { waitUntilSettled } from './support/settled';
import { APPRAISER, BANK, BUREAU, BUREAU_APPROVER, GUARANTOR, OTHER_BANK, startSystem, type RunningSystem } from './support/scenario';

/** Today in China (UTC+8), as the services date their commands. */
const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('risk compensation from default to clawback', () => {
  let sut: RunningSystem;

  beforeAll(async () => {
    sut = await startSystem('e2e-compensation');
  }, 180_000);

  afterAll(async () => {
    await sut?.stop();
  });

  /**
   * Waits for the ledger to hold `count` entries and checks it still balances. Each posted event is
   * one entry; an approval and a recovery are two each (their fund side and their loan side).
   */
  async function ledgerBalancedAfter(count: number, description: string): Promise<void> {
    const bureau = sut.api.as(BUREAU);
    await pollUntil(
      async () => {
        const entries = await bureau.get<{ items: unknown[] }>('/api/ledger/entries?limit=200');
        return entries.body.items.length >= count ? true : undefined;
      },
      { description: `the ledger to post ${description}` },
    );
    const trial = await bureau.get<z.infer<typeof TrialBalanceResponse>>('/api/ledger/trial-balance');
    expect(trial.body.balanced).toBe(true);
    expect(trial.body.totalDebits).toBe(trial.body.totalCredits);
  }

  const balance = async (code: string) => (await sut.api.as(BUREAU).get<AccountResponse>(`/api/ledger/accounts/${code}`)).body.balance;

  it('shares the loss by the policy, pays within the budget and shares the auction proceeds back, exact to the fen', async () => {
    const bank = sut.api.as(BANK);
    const bureau = sut.api.as(BUREAU);

    // The bureau publishes the Guangzhou 5311 shares (fund 50, guarantor 30, appraiser 10, bank 10) as a policy in force from 2025.
    const presets = await bureau.get<z.infer<typeof PolicyPresetListResponse>>('/api/policies/presets');
    const preset5311 = presets.body.items.find((preset) => preset.presetId === 'guangzhou-2020-5311');
    if (preset5311 === undefined) throw new Error('the 5311 preset is not shipped');
    const { effectiveTo: _ended, ...rules } = preset5311.document;
    const draft = await bureau.post<PolicyResponse>('/api/policies', {
      ...rules,
      name: '5311 shares for the e2e city',
      scope: { city: 'Chongqing', cityCode: '50' },
      effectiveFrom: '2025-01-01',
    });
    expect(draft.status).toBe(201);
    const policy = (await sut.api.as(BUREAU_APPROVER).post<PolicyResponse>(`/api/policies/${draft.body.id}/publish`, {})).body;
    expect(policy.status).toBe('PUBLISHED');

    // A patent pledged, valued, registered; a loan with a guarantor; one repayment; default.
    const pledge = (
      await bank.post<PledgeResponse>('/api/pledges', {
        pledgor: { uscc: '91500112MA5U3X5D27', name: '重庆示例新材料有限公司' },
        ipItems: [{ ipType: 'invention-patent', number: '202010351836.1', title: '一种高强度铝合金型材的挤压工艺' }],
        requestedLoanAmount: '1000000.00',
        termMonths: 12,
        districtCode: '500112',
        appraiserOrgId: APPRAISER.orgId,
      })
    ).body;
    await until(
      201,
      () =>
        sut.api.as(APPRAISER).post('/api/valuations', {
          pledgeId: pledge.id,
          method: 'market',
          appraisedValue: '4000000.00',
          valuationDate: TODAY,
          validUntil: addDays(TODAY, 300),
        }),
      'the valuation to be accepted',
    );
    await until(200, () => bureau.post(`/api/pledges/${pledge.id}/registration`, { registrationNumber: 'Y2026500000231' }), 'registration');
    const loan = await until<LoanResponse>(
      201,
      () =>
        bank.post('/api/loans', {
          pledgeId: pledge.id,
          principal: '1000000.00',
          annualInterestRate: '0.0435',
          termMonths: 12,
          disbursedOn: TODAY,
          guarantorOrgId: GUARANTOR.orgId,
        }),
      'lending to disburse against the registered, valued pledge',
    );
    expect(loan.guarantorOrgId).toBe(GUARANTOR.orgId);
    await ledgerBalancedAfter(1, 'the disbursement');
    expect(
      (await bank.post(`/api/loans/${loan.id}/repayments`, { principalAmount: '200000.00', interestAmount: '21750.00', repaidOn: TODAY }))
        .status,
    ).toBe(201);
    expect((await bank.post(`/api/loans/${loan.id}/default`, { defaultedOn: TODAY, accruedInterest: '1740.00' })).status).toBe(200);
    await ledgerBalancedAfter(3, 'the repayment and the default');

    // The claim: first without the borrower's registration date the policy asks for, then complete.
    const incomplete = await until<ErrorBody>(
      409,
      () => bank.post('/api/claims', { loanId: loan.id }),
      'risk compensation to know the default',
    );
    expect(incomplete.error.details?.map((issue) => [issue.field, issue.rule.split(':').slice(0, 2).join(':')])).toEqual([
      ['borrowerRegisteredOn', 'not-covered:borrower-registration'],
    ]);
    const filed = await bank.post<ClaimResponse>('/api/claims', { loanId: loan.id, borrowerRegisteredOn: '2018-06-01' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'PENDING', fundId: policy.id, filedOn: TODAY });
    expect(filed.body.filingDeadline >= TODAY).toBe(true);
    expect((await sut.api.as(OTHER_BANK).get<ErrorBody>(`/api/claims/${filed.body.id}`)).status).toBe(404);

    // The preset's dual-control threshold is 0.00: wang.fang prepares, liu.yang approves, wang.fang records the payout.
    expect((await bureau.post<ErrorBody>(`/api/claims/${filed.body.id}/approve`, {})).status).toBe(403);
    expect((await bureau.post<ClaimResponse>(`/api/claims/${filed.body.id}/prepare`, { note: '材料齐全' })).body.status).toBe('PREPARED');
    const approved = await sut.api.as(BUREAU_APPROVER).post<ClaimResponse>(`/api/claims/${filed.body.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.decision?.decidedOn).toBe(TODAY);
    expect(approved.body.computation?.parts.map((part) => [part.party, part.amount])).toEqual([
      ['fund', '400000.00'],
      ['guarantor', '240000.00'],
      ['appraiser', '80000.00'],
      ['bank', '80000.00'],
    ]);
    expect(approved.body.computation?.fund).toMatchObject({
      budgetBefore: '8000000.00',
      paid: '400000.00',
      budgetAfter: '7600000.00',
      shortfall: '0.00',
    });
    await ledgerBalancedAfter(6, 'the budget and the approval (its fund side and its loan side)');

    expect(
      (await sut.api.as(BUREAU_APPROVER).post<ErrorBody>(`/api/claims/${filed.body.id}/payment`, { paymentReference: 'CQF-2026-0017' }))
        .status,
    ).toBe(403);
    expect(
      (await bureau.post<ClaimResponse>(`/api/claims/${filed.body.id}/payment`, { paymentReference: 'CQF-2026-0017' })).body.status,
    ).toBe('PAID');
    await ledgerBalancedAfter(7, 'the payout');

    // The patent is auctioned: 500,000.00 less 20,000.00 costs.
    const disposed = await bank.post<PledgeResponse>(`/api/pledges/${pledge.id}/disposal`, {
      method: 'auction',
      grossProceeds: '500000.00',
      costs: '20000.00',
      disposedOn: TODAY,
    });
    expect(disposed.status).toBe(200);
    expect(disposed.body).toMatchObject({ status: 'DISPOSED', disposal: { netProceeds: '480000.00' } });
    const closed = await pollUntil(
      async () => {
        const claim = await bank.get<ClaimResponse>(`/api/claims/${filed.body.id}`);
        return claim.body.status === 'CLOSED' ? claim.body : undefined;
      },
      { description: 'the proceeds to be shared back' },
    );
    expect(closed.recovery?.returns.map((entry) => [entry.party, entry.bore, entry.returned])).toEqual([
      ['fund', '400000.00', '240000.00'],
      ['guarantor', '240000.00', '144000.00'],
      ['appraiser', '80000.00', '48000.00'],
      ['bank', '80000.00', '48000.00'],
    ]);
    await ledgerBalancedAfter(9, 'the clawback (its fund side and its loan side)');
    await until(
      200,
      async () => {
        const current = await bank.get<LoanResponse>(`/api/loans/${loan.id}`);
        return { status: current.body.status === 'CLOSED' ? 200 : 0, body: current.body };
      },
      'lending to close the loan',
    );
    expect((await bank.get<LoanResponse>(`/api/loans/${loan.id}`)).body).toMatchObject({
      status: 'CLOSED',
      closeReason: 'recovery-settled',
      closedOn: TODAY,
    });
    expect((await bureau.get<PledgeResponse>(`/api/pledges/${pledge.id}`)).body.status).toBe('DISPOSED');

    // The books: nothing left in default; the fund paid 400,000.00 and got 240,000.00 back; the
    // guarantor and the appraiser still owe the bank their parts; the bank wrote off 80,000.00.
    expect(await balance(`loan:${BANK.orgId}:${loan.id}:principal-defaulted`)).toBe('0.00');
    // Both sides of the approval posted (the fund's and the loan's, two topics): nothing left in between.
    expect(await balance(`bank:${BANK.orgId}:compensation-clearing`)).toBe('0.00');
    expect(await balance(`fund:${policy.id}:cash`)).toBe('7840000.00');
    expect(await balance(`bank:${BANK.orgId}:compensation-receivable`)).toBe('320000.00');
    expect(await balance(`guarantor:${GUARANTOR.orgId}:compensation-payable`)).toBe('240000.00');
    expect(await balance(`guarantor:${GUARANTOR.orgId}:recoveries`)).toBe('144000.00');
    expect(await balance(`bank:${BANK.orgId}:credit-loss`)).toBe('80000.00');

    const fund = await bureau.get<FundResponse>(`/api/funds/${policy.id}`);
    expect(fund.body).toMatchObject({
      balance: '7840000.00',
      years: [expect.objectContaining({ budgetYear: yearOf(TODAY), used: '400000.00', recovered: '240000.00' })],
    });
    const shares = await sut.api.as(GUARANTOR).get<z.infer<typeof CompensationShareListResponse>>('/api/compensation-shares');
    expect(shares.body.items).toEqual([
      expect.objectContaining({ claimId: filed.body.id, owed: '240000.00', returned: '144000.00', claimStatus: 'CLOSED' }),
    ]);
    expect(await deadLetterCount(sut)).toBe(0);
  });

  it('changes nothing when every event is delivered a second time', async () => {
    // What the last test's commands published, consumed everywhere first.
    await waitUntilSettled(sut);
    const before = await snapshotOfEveryService(sut.database.url);

    // pledge: submitted, registered, disposed; valued; loan: disbursed, repaid, defaulted, the approval's and the
    // recovery's loan side, closed; budget, approved, paid, recovery
    expect(await redeliverEverything(sut)).toBe(14);

    expect(await snapshotOfEveryService(sut.database.url)).toEqual(before);
    expect(await deadLetterCount(sut)).toBe(0);
  });
});
