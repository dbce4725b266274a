// One pledge from application to release, across every service over Kafka: HTTP through the
// gateway, state carried by events, money landing in the ledger exact to the fen.
import type {
  AccountResponse,
  ErrorBody,
  JournalEntryResponse,
  LoanResponse,
  PledgeResponse,
  ValuationResponse,
} from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { pollUntil, snapshotOfEveryService } from '@ipledger/testing';
import { nextYear, today, until } from './support/dates-and-waiting';
import { deadLetterCount, redeliverEverything } from './support/redelivery';
import { waitUntilSettled } from './support/settled';
import { APPRAISER, BANK, BUREAU, OTHER_BANK, startSystem, type RunningSystem } from './support/scenario';

describe('a pledge from application to release', () => {
  let sut: RunningSystem;

  beforeAll(async () => {
    sut = await startSystem('e2e-path');
  }, 180_000);

  afterAll(async () => {
    await sut?.stop();
  });

  it('is live and ready through the gateway, every service with its checks', async () => {
    const live = await fetch(`${sut.services.gatewayUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${sut.services.gatewayUrl}/health/ready`);
    const body = (await ready.json()) as { status: string; services: Record<string, { status: string }> };
    expect(ready.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.services).sort()).toEqual([
      'audit',
      'identity',
      'ledger',
      'lending',
      'pledge-registration',
      'risk-compensation',
      'statistics',
      'valuation',
    ]);
    expect(Object.values(body.services).every((service) => service.status === 'up')).toBe(true);
  });

  it('is submitted, valued, registered, financed, repaid and released, and the ledger balances to the fen', async () => {
    const bank = sut.api.as(BANK);
    const bureau = sut.api.as(BUREAU);

    // 1. The bank submits the application (invention patent 25 %, trademark 50 %: the lower rate applies).
    const submitted = await bank.post<PledgeResponse>('/api/pledges', {
      pledgor: { uscc: '91350100M000100Y43', name: '重庆示例智能装备有限公司' },
      ipItems: [
        { ipType: 'invention-patent', number: '201910884346.5', title: '一种工业机器人关节减速器' },
        { ipType: 'trademark', number: '12345678' },
      ],
      requestedLoanAmount: '2500000.00',
      termMonths: 24,
      districtCode: '500112',
      appraiserOrgId: APPRAISER.orgId,
    });
    expect(submitted.status).toBe(201);
    const pledge = submitted.body;
    expect(pledge).toMatchObject({ status: 'SUBMITTED', bankOrgId: BANK.orgId, requestedLoanAmount: '2500000.00' });

    // 2. The appraiser values it once valuation has heard of the application.
    const valuation = await until<ValuationResponse>(
      201,
      () =>
        sut.api.as(APPRAISER).post('/api/valuations', {
          pledgeId: pledge.id,
          method: 'income',
          appraisedValue: '8000000.03',
          valuationDate: today,
          validUntil: nextYear,
        }),
      'the valuation to be accepted',
    );
    expect(valuation.appraisedValue).toBe('8000000.03');

    // 3. Before registration, lending refuses to disburse and names the state.
    const early = await pollUntil(
      async () => {
        const response = await bank.post<ErrorBody>('/api/loans', {
          pledgeId: pledge.id,
          principal: '1000000.00',
          annualInterestRate: '0.0435',
          termMonths: 24,
          disbursedOn: today,
        });
        return response.status === 409 ? response.body : undefined;
      },
      { description: 'lending to know the application and refuse an unregistered pledge' },
    );
    expect(early.error).toMatchObject({ code: 'rule-violated', currentState: 'SUBMITTED' });
    expect(early.error.message).toContain('not registered');

    // 4. The bureau registers it; a second registration is an illegal transition.
    const registered = await bureau.post<PledgeResponse>(`/api/pledges/${pledge.id}/registration`, {
      registrationNumber: 'Y2026500000815',
    });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({ status: 'REGISTERED', registrationNumber: 'Y2026500000815' });
    const again = await bureau.post<ErrorBody>(`/api/pledges/${pledge.id}/registration`, { registrationNumber: 'Y2026500000999' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'illegal-transition', currentState: 'REGISTERED' });
    // The patent carries one registered pledge at a time: another bank's application for it is refused, naming the registration.
    const otherApplication = {
      pledgor: { uscc: '91350100M000100Y43', name: '重庆示例智能装备有限公司' },
      ipItems: [{ ipType: 'invention-patent', number: 'ZL201910884346.5' }],
      requestedLoanAmount: '500000.00',
      termMonths: 12,
      districtCode: '500112',
      appraiserOrgId: APPRAISER.orgId,
    };
    const taken = await sut.api.as(OTHER_BANK).post<ErrorBody>('/api/pledges', otherApplication);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('right-already-pledged');
    expect(taken.body.error.details).toEqual([
      { field: 'ipItems[0].number', rule: expect.stringContaining('registered pledge Y2026500000815') },
    ]);

    // 5. Above the loan-to-value limit (25 % × 8,000,000.03 = 2,000,000.01, half-up) is refused; at the limit it is disbursed.
    const overLimit = await pollUntil(
      async () => {
        const response = await bank.post<ErrorBody>('/api/loans', {
          pledgeId: pledge.id,
          principal: '2000000.02',
          annualInterestRate: '0.0435',
          termMonths: 24,
          disbursedOn: today,
        });
        return response.status === 409 && response.body.error.message.includes('loan-to-value') ? response.body : undefined;
      },
      { description: 'lending to know the registration and apply the loan-to-value limit' },
    );
    expect(overLimit.error.message).toContain('max principal 2000000.01');
    const disbursed = await bank.post<LoanResponse>('/api/loans', {
      pledgeId: pledge.id,
      principal: '2000000.01',
      annualInterestRate: '0.0435',
      termMonths: 24,
      disbursedOn: today,
    });
    expect(disbursed.status).toBe(201);
    const loan = disbursed.body;
    expect(loan).toMatchObject({ status: 'ACTIVE', principal: '2000000.01', outstandingPrincipal: '2000000.01', loanToValueLimit: '0.25' });

    // 6. Another bank cannot see it; repaying more than is owed is refused and changes nothing.
    expect((await sut.api.as(OTHER_BANK).get(`/api/loans/${loan.id}`)).status).toBe(404);
    const overpay = await bank.post<ErrorBody>(`/api/loans/${loan.id}/repayments`, {
      principalAmount: '2000000.02',
      interestAmount: '0.00',
      repaidOn: today,
    });
    expect(overpay.status).toBe(409);
    expect((await bank.get<LoanResponse>(`/api/loans/${loan.id}`)).body.outstandingPrincipal).toBe('2000000.01');

    // 7. Two repayments close the loan.
    const first = await bank.post<LoanResponse>(`/api/loans/${loan.id}/repayments`, {
      principalAmount: '500000.00',
      interestAmount: '7250.33',
      repaidOn: today,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'ACTIVE', outstandingPrincipal: '1500000.01', interestPaid: '7250.33' });
    const last = await bank.post<LoanResponse>(`/api/loans/${loan.id}/repayments`, {
      principalAmount: '1500000.01',
      interestAmount: '5437.50',
      repaidOn: today,
    });
    expect(last.body).toMatchObject({ status: 'CLOSED', outstandingPrincipal: '0.00', interestPaid: '12687.83', closedOn: today });

    // 8. The pledge is released (注销) once pledge-registration hears the loan closed.
    const released = await pollUntil(
      async () => {
        const response = await bureau.get<PledgeResponse>(`/api/pledges/${pledge.id}`);
        return response.body.status === 'RELEASED' ? response.body : undefined;
      },
      { description: 'the pledge to be released' },
    );
    expect(released).toMatchObject({ loanId: loan.id, releasedOn: today });
    // Released, the patent is free: the other bank may pledge it now.
    expect((await sut.api.as(OTHER_BANK).post<PledgeResponse>('/api/pledges', otherApplication)).status).toBe(201);

    // 9. The ledger: three entries, every one balanced, balances exact to the fen.
    const entries = await pollUntil(
      async () => {
        const response = await bureau.get<{ items: JournalEntryResponse[] }>('/api/ledger/entries');
        return response.body.items.length === 3 ? response.body.items : undefined;
      },
      { description: 'the ledger to post the disbursement and both repayments' },
    );
    expect(entries.map((entry) => entry.eventType)).toEqual(['LoanDisbursed', 'LoanRepaid', 'LoanRepaid']);
    for (const entry of entries) {
      const side = (direction: string) =>
        Money.sum(entry.postings.filter((posting) => posting.direction === direction).map((posting) => Money.of(posting.amount)));
      expect(side('DEBIT').toString()).toBe(side('CREDIT').toString());
    }
    const account = async (code: string) => (await bureau.get<AccountResponse>(`/api/ledger/accounts/${code}`)).body;
    expect(await account(`loan:${BANK.orgId}:${loan.id}:principal`)).toMatchObject({
      debitsPosted: '2000000.01',
      creditsPosted: '2000000.01',
      balance: '0.00',
    });
    expect(await account(`bank:${BANK.orgId}:interest-income`)).toMatchObject({ balance: '12687.83' });
    // The bank's cash: 2,000,000.01 out, 2,012,687.84 back.
    expect(await account(`bank:${BANK.orgId}:cash`)).toMatchObject({
      debitsPosted: '2012687.84',
      creditsPosted: '2000000.01',
      balance: '12687.83',
    });
    const trial = await bureau.get<{ totalDebits: string; totalCredits: string; balanced: boolean }>('/api/ledger/trial-balance');
    expect(trial.body).toMatchObject({ totalDebits: '4012687.85', totalCredits: '4012687.85', balanced: true });
  });

  it('changes nothing when every event is delivered a second time', async () => {
    // The last test's events (the other bank's application) consumed everywhere first.
    await waitUntilSettled(sut);
    const before = await snapshotOfEveryService(sut.database.url);
    expect(before.journalEntries).toBe(3);

    const redelivered = await redeliverEverything(sut);
    expect(redelivered).toBe(9); // submitted, registered, released, the other bank's submission; valued; disbursed, repaid ×2, closed

    expect(await snapshotOfEveryService(sut.database.url)).toEqual(before);
    expect(await deadLetterCount(sut)).toBe(0);
  });
});
