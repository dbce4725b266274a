// A loan that goes bad, across every service over Kafka: disbursed, refused an overdue report its
// schedule does not bear out (nothing is due yet), then in default (the bank calls the loan in:
// a default is not checked against the schedule); lending refuses further repayments and the ledger reclassifies the outstanding
// principal as defaulted, exact to the fen, with the trial balance still balanced.
import type { AccountResponse, ErrorBody, JournalEntryResponse, LoanResponse, PledgeResponse } from '@ipledger/contracts';
import { pollUntil } from '@ipledger/testing';
import { nextYear, today, until } from './support/dates-and-waiting';
import { deadLetterCount } from './support/redelivery';
import { APPRAISER, BANK, BUREAU, OTHER_BANK, startSystem, type RunningSystem } from './support/scenario';

describe('a loan in default', () => {
  let sut: RunningSystem;

  beforeAll(async () => {
    sut = await startSystem('e2e-default');
  }, 180_000);

  afterAll(async () => {
    await sut?.stop();
  });

  it('is disbursed, refused an overdue report its schedule contradicts, defaults, refuses repayment, and the ledger moves its principal to principal-defaulted', async () => {
    const bank = sut.api.as(BANK);
    const bureau = sut.api.as(BUREAU);

    const submitted = await bank.post<PledgeResponse>('/api/pledges', {
      pledgor: { uscc: '91350100M000100Y43', name: '重庆示例智能装备有限公司' },
      ipItems: [{ ipType: 'invention-patent', number: '201910884346.5', title: '一种工业机器人关节减速器' }],
      requestedLoanAmount: '1000000.00',
      termMonths: 12,
      districtCode: '500112',
      appraiserOrgId: APPRAISER.orgId,
    });
    expect(submitted.status).toBe(201);
    const pledge = submitted.body;
    await until(
      201,
      () =>
        sut.api.as(APPRAISER).post('/api/valuations', {
          pledgeId: pledge.id,
          method: 'income',
          appraisedValue: '4000000.00',
          valuationDate: today,
          validUntil: nextYear,
        }),
      'the valuation to be accepted',
    );
    await until(
      200,
      () => bureau.post<PledgeResponse>(`/api/pledges/${pledge.id}/registration`, { registrationNumber: 'Y2026500000816' }),
      'the registration to be accepted',
    );
    const loan = await until<LoanResponse>(
      201,
      () =>
        bank.post('/api/loans', {
          pledgeId: pledge.id,
          principal: '1000000.00',
          annualInterestRate: '0.0435',
          termMonths: 12,
          disbursedOn: today,
        }),
      'lending to know the registered, valued pledge and disburse',
    );

    const repaid = await bank.post<LoanResponse>(`/api/loans/${loan.id}/repayments`, {
      principalAmount: '250000.01',
      interestAmount: '3625.00',
      repaidOn: today,
    });
    expect(repaid.body).toMatchObject({ status: 'ACTIVE', outstandingPrincipal: '749999.99' });

    // Disbursed today, its first (and only) instalment is due at maturity: nothing is overdue yet.
    const overdue = await bank.post<ErrorBody>(`/api/loans/${loan.id}/overdue`, {
      overdueSince: today,
      daysPastDue: 1,
      overdueInterest: '89.04',
    });
    expect(overdue.status).toBe(409);
    expect(overdue.body.error).toMatchObject({
      code: 'rule-violated',
      currentState: 'ACTIVE',
      details: [{ field: 'overdueSince', code: 'not-overdue-by-schedule' }],
    });
    expect(
      (await sut.api.as(OTHER_BANK).post<ErrorBody>(`/api/loans/${loan.id}/default`, { defaultedOn: today, accruedInterest: '0.00' }))
        .status,
    ).toBe(404);

    const defaulted = await bank.post<LoanResponse>(`/api/loans/${loan.id}/default`, { defaultedOn: today, accruedInterest: '178.08' });
    expect(defaulted.status).toBe(200);
    expect(defaulted.body).toMatchObject({
      status: 'DEFAULTED',
      outstandingPrincipal: '749999.99',
      defaultedOn: today,
      accruedInterest: '178.08',
    });
    const refused = await bank.post<ErrorBody>(`/api/loans/${loan.id}/repayments`, {
      principalAmount: '1.00',
      interestAmount: '0.00',
      repaidOn: today,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'illegal-transition', currentState: 'DEFAULTED' });

    // The ledger: disbursement, repayment, default; the default moves no cash.
    const entries = await pollUntil(
      async () => {
        const response = await bureau.get<{ items: JournalEntryResponse[] }>('/api/ledger/entries');
        return response.body.items.length === 3 ? response.body.items : undefined;
      },
      { description: 'the ledger to post the disbursement, the repayment and the default' },
    );
    expect(entries.map((entry) => entry.eventType)).toEqual(['LoanDisbursed', 'LoanRepaid', 'LoanDefaulted']);
    const account = async (code: string) => (await bureau.get<AccountResponse>(`/api/ledger/accounts/${code}`)).body;
    expect(await account(`loan:${BANK.orgId}:${loan.id}:principal`)).toMatchObject({
      debitsPosted: '1000000.00',
      creditsPosted: '1000000.00',
      balance: '0.00',
    });
    expect(await account(`loan:${BANK.orgId}:${loan.id}:principal-defaulted`)).toMatchObject({
      debitsPosted: '749999.99',
      creditsPosted: '0.00',
      balance: '749999.99',
    });
    expect(await account(`bank:${BANK.orgId}:cash`)).toMatchObject({
      debitsPosted: '253625.01',
      creditsPosted: '1000000.00',
      balance: '-746374.99',
    });
    const trial = await bureau.get<{ totalDebits: string; totalCredits: string; balanced: boolean }>('/api/ledger/trial-balance');
    expect(trial.body).toMatchObject({ totalDebits: '2003625.00', totalCredits: '2003625.00', balanced: true });

    // The pledge stays registered: a defaulted loan does not release it.
    expect((await bureau.get<PledgeResponse>(`/api/pledges/${pledge.id}`)).body.status).toBe('REGISTERED');
    expect(await deadLetterCount(sut)).toBe(0);
  });
});
