// A subsidy from scheme to payout, across every service over Kafka: the bureau publishes an
// evaluation-fee scheme (评估费补贴, 0.5 % of the loan), the bank lends against a registered patent and
// applies for its borrower with the fee it paid; one bureau user prepares, another approves (四眼原则),
// a third records the payout. The ledger posts the approval and the payout to the scheme's accounts
// and still balances; the statistics count the subsidy by kind, district, bank and industry.
// Dates that decide money are the server's (today in China), so the fee is paid today.
import type {
  AccountResponse,
  AnnualStatisticsResponse,
  BreakdownResponse,
  ErrorBody,
  LoanResponse,
  PledgeResponse,
  SubsidyApplicationResponse,
  SubsidySchemeResponse,
  TrialBalanceResponse,
} from '@ipledger/contracts';
import { addDays, yearOf } from '@ipledger/calendar';
import { pollUntil } from '@ipledger/testing';
import type { z } from 'zod';
import { today, until } from './support/dates-and-waiting';
import { APPRAISER, BANK, BUREAU, BUREAU_APPROVER, GUARANTOR, OTHER_BANK, startSystem, type RunningSystem } from './support/scenario';
import type { ActingAs } from './support/api-client';

const STATISTICIAN: ActingAs = { orgId: 'stats-cq', role: 'statistician', username: 'he.xin' };

describe('a subsidy from application to payout', () => {
  let sut: RunningSystem;

  beforeAll(async () => {
    sut = await startSystem('e2e-subsidy');
  }, 180_000);

  afterAll(async () => {
    await sut?.stop();
  });

  const balance = async (code: string) => (await sut.api.as(BUREAU).get<AccountResponse>(`/api/ledger/accounts/${code}`)).body.balance;

  it('applies, approves with four eyes, pays, posts to the scheme’s accounts and counts it in the statistics', async () => {
    const bank = sut.api.as(BANK);
    const bureau = sut.api.as(BUREAU);
    const approver = sut.api.as(BUREAU_APPROVER);

    const draft = await bureau.post<SubsidySchemeResponse>('/api/subsidy-schemes', {
      name: '评估费补贴（端到端测试）',
      source: 'e2e test scheme: evaluation fee subsidised at 0.5 % of the loan, at most 60,000.00 a loan',
      scope: { city: '重庆', cityCode: '50' },
      effectiveFrom: '2025-01-01',
      rules: [{ kind: 'evaluation-fee', rate: { basis: 'share-of-loan', rate: '0.005' }, perLoan: '60000.00' }],
      eligibility: { firmSizes: ['small', 'micro'], ipTypes: ['invention-patent'] },
      yearlyBudget: '2000000.00',
      dualControlAbove: '0.00',
    });
    expect(draft.status).toBe(201);
    const scheme = (await approver.post<SubsidySchemeResponse>(`/api/subsidy-schemes/${draft.body.id}/publish`, {})).body;
    expect(scheme.status).toBe('PUBLISHED');

    const pledge = (
      await bank.post<PledgeResponse>('/api/pledges', {
        // The borrower's size and industry, registered with the pledge, travel with the loan.
        pledgor: { uscc: '91500112MA5U3X5D27', name: '重庆示例新材料有限公司', firmSize: 'small', industry: 'C' },
        ipItems: [{ ipType: 'invention-patent', number: '202010351836.1', title: '一种高强度铝合金型材的挤压工艺' }],
        requestedLoanAmount: '2000000.00',
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
          appraisedValue: '8000000.00',
          valuationDate: today,
          validUntil: addDays(today, 300),
        }),
      'the valuation to be accepted',
    );
    await until(200, () => bureau.post(`/api/pledges/${pledge.id}/registration`, { registrationNumber: 'Y2026500000777' }), 'registration');
    const loan = await until<LoanResponse>(
      201,
      () =>
        bank.post('/api/loans', {
          pledgeId: pledge.id,
          principal: '2000000.00',
          annualInterestRate: '0.0385',
          termMonths: 12,
          disbursedOn: today,
          repaymentMethod: 'equal-instalment',
          guarantorOrgId: GUARANTOR.orgId,
        }),
      'lending to disburse against the registered, valued pledge',
    );

    const application = {
      schemeId: scheme.id,
      loanId: loan.id,
      kind: 'evaluation-fee',
      amountPaid: '16000.00',
      feePaidOn: today,
      paymentReferences: ['华信评估发票 No.00123456'],
    };
    // Risk compensation learns of the loan through LoanDisbursed: until then the loan is unknown to it.
    const contradicting = await until<ErrorBody>(
      409,
      () => bank.post('/api/subsidy-applications', { ...application, firmSize: 'medium' }),
      'risk compensation to know the loan',
    );
    expect(contradicting.error.details).toEqual([
      { field: 'firmSize', rule: 'borrower-facts-conflict: 申请所填企业规模（中型）与质押登记的企业规模（小型）不符' },
    ]);
    const filed = (await bank.post<SubsidyApplicationResponse>('/api/subsidy-applications', application)).body;
    expect(filed).toMatchObject({ status: 'PENDING', filedOn: today, costIncurredOn: today, firmSize: 'small', industry: 'C' });
    expect((await sut.api.as(OTHER_BANK).get(`/api/subsidy-applications/${filed.id}`)).status).toBe(404);

    // 2,000,000.00 × 0.5 % = 10,000.00; every amount takes two bureau users (dualControlAbove 0.00).
    expect((await approver.post(`/api/subsidy-applications/${filed.id}/approve`, {})).status).toBe(403);
    expect((await bureau.post(`/api/subsidy-applications/${filed.id}/prepare`, { note: '发票与评估报告一致' })).status).toBe(200);
    const approved = await approver.post<SubsidyApplicationResponse>(`/api/subsidy-applications/${filed.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', approvedAmount: '10000.00', budgetYear: yearOf(today) });
    expect((await approver.post(`/api/subsidy-applications/${filed.id}/payment`, { paymentReference: 'CQ-SUB-E2E-1' })).status).toBe(403);
    const paid = await bureau.post<SubsidyApplicationResponse>(`/api/subsidy-applications/${filed.id}/payment`, {
      paymentReference: 'CQ-SUB-E2E-1',
    });
    expect(paid.body).toMatchObject({ status: 'PAID', paidOutOn: today });

    // The ledger: expense charged to the year, nothing left payable, the money out through the scheme's cash.
    const year = yearOf(today);
    await pollUntil(async () => ((await balance(`scheme:${scheme.id}:subsidy-payable`)) === '0.00' ? true : undefined), {
      description: 'the ledger to post the approval and the payout',
    });
    expect(await balance(`scheme:${scheme.id}:subsidy-expense:${year}`)).toBe('10000.00');
    expect(await balance(`scheme:${scheme.id}:cash`)).toBe('-10000.00');
    const trial = await bureau.get<z.infer<typeof TrialBalanceResponse>>('/api/ledger/trial-balance');
    expect(trial.body.balanced).toBe(true);

    // The statistics: approved and paid this year, by kind, district, bank and industry.
    const subsidies = await pollUntil(
      async () => {
        const annual = await sut.api.as(STATISTICIAN).get<AnnualStatisticsResponse>(`/api/statistics/annual?year=${year}`);
        return annual.body.subsidies.paid.count === 1 ? annual.body.subsidies : undefined;
      },
      { description: 'the statistics to count the subsidy' },
    );
    expect(subsidies.approved).toEqual({ count: 1, amount: expect.objectContaining({ yuan: '10000.00' }) });
    expect(subsidies.byKind.find((row) => row.key === 'evaluation-fee')?.paid.amount.yuan).toBe('10000.00');
    expect(subsidies.byDistrict.map((row) => row.key)).toEqual(['500112']);
    expect(subsidies.byBank.map((row) => row.key)).toEqual([BANK.orgId]);
    expect(subsidies.byIndustry.map((row) => row.key)).toEqual(['C']);
    // The loan itself counts under the borrower's industry too.
    const byIndustry = await sut.api.as(STATISTICIAN).get<BreakdownResponse>(`/api/statistics/breakdown?year=${year}&by=industry`);
    expect(byIndustry.body.rows.find((row) => row.key === 'C')?.amount.yuan).toBe('2000000.00');
  }, 180_000);
});
