// Tenants through the gateway with every service running: bank A (li.wei, bank-cq-rural) gets a
// pledge valued, registered and financed; bank B (zhao.min, bank-cq-city) can neither see nor touch
// any of it — every attempt is a 404 that does not reveal A's data exists, lists leave it out, and
// not one stored row of any service changes. Risk sharers see only their own shares; the
// statistician is refused on every borrower-level route.
import {
  HTTP_ROUTES,
  type ClaimResponse,
  type ErrorBody,
  type JournalEntryResponse,
  type LoanResponse,
  type PledgeResponse,
  type PolicyPresetListResponse,
  type PolicyResponse,
  type ValuationResponse,
} from '@ipledger/contracts';
import { pollUntil, testToken, snapshotOfEveryService } from '@ipledger/testing';
import type { z } from 'zod';
import type { ActingAs, ApiResponse } from './support/api-client';
import { today, until } from './support/dates-and-waiting';
import { rawRequest } from './support/raw-http';

import { APPRAISER, BANK, BUREAU, BUREAU_APPROVER, GUARANTOR, OTHER_BANK, startSystem, type RunningSystem } from './support/scenario';
import { waitUntilSettled } from './support/settled';

const STATISTICIAN: ActingAs = { orgId: 'stats-cq', role: 'statistician', username: 'he.xin' };
/** Well-formed ids that exist nowhere, to compare B's answers with. */
const UNKNOWN = {
  pledge: 'pl_ffffffffffff0fff8fffffffffffffff',
  valuation: 'val_ffffffffffff0fff8fffffffffffffff',
  loan: 'ln_ffffffffffff0fff8fffffffffffffff',
  entry: 'je_ffffffffffff0fff8fffffffffffffff',
  claim: 'clm_ffffffffffff0fff8fffffffffffffff',
};
const INSURER: ActingAs = { orgId: 'insurer-cq-picc', role: 'insurer', username: 'zhou.hui' };

describe('tenant isolation between two banks', () => {
  let sut: RunningSystem;
  // Bank A's data, built by the first test and attacked by the others.
  let pledge: PledgeResponse;
  let valuation: ValuationResponse;
  let loan: LoanResponse;
  let entryIds: string[];
  let claim: ClaimResponse;

  beforeAll(async () => {
    sut = await startSystem('e2e-tenants');
  }, 180_000);

  afterAll(async () => {
    await sut?.stop();
  });

  const bankB = () => sut.api.as(OTHER_BANK);
  const aAccounts = () => [`bank:${BANK.orgId}:cash`, `loan:${BANK.orgId}:${loan.id}:principal`];

  /** The snapshot once it shows what `ready` expects and every event so far is published and consumed. */
  async function settledSnapshot(ready: (snapshot: Awaited<ReturnType<typeof snapshotOfEveryService>>) => boolean) {
    await pollUntil(async () => ready(await snapshotOfEveryService(sut.database.url)), {
      description: 'the expected facts in every service',
      timeoutMs: 30_000,
    });
    await waitUntilSettled(sut);
    return snapshotOfEveryService(sut.database.url);
  }

  function expectNotFound(what: string, answer: ApiResponse<unknown>) {
    expect({ what, status: answer.status, code: (answer.body as ErrorBody).error?.code }).toEqual({ what, status: 404, code: 'not-found' });
  }

  /**
   * B's attempt on A's `realId` answers exactly what the same attempt on an id that exists nowhere
   * answers (the id itself aside): A's data is not revealed, not even by the wording.
   */
  async function expectLikeUnknown(
    what: string,
    attempt: (id: string) => Promise<ApiResponse<unknown>>,
    realId: string,
    unknownId: string,
  ) {
    const real = await attempt(realId);
    expectNotFound(what, real);
    const unknown = await attempt(unknownId);
    const shape = (answer: ApiResponse<unknown>, id: string) => {
      const { requestId: _requestId, ...error } = (answer.body as ErrorBody).error;
      return { status: answer.status, error: JSON.parse(JSON.stringify(error).split(id).join('<id>')) as unknown };
    };
    expect({ what, ...shape(real, realId) }).toEqual({ what, ...shape(unknown, unknownId) });
  }

  /** Everything bank B may try against A's data with a valid bank token; each must be a 404 or leave A's data out. */
  async function bankBTriesEverything(when: string) {
    const b = bankB();
    // Direct reads.
    await expectLikeUnknown(`${when}: read A's pledge`, (id) => b.get(`/api/pledges/${id}`), pledge.id, UNKNOWN.pledge);
    await expectLikeUnknown(`${when}: read A's pledge history`, (id) => b.get(`/api/pledges/${id}/history`), pledge.id, UNKNOWN.pledge);
    await expectLikeUnknown(`${when}: read A's valuation`, (id) => b.get(`/api/valuations/${id}`), valuation.id, UNKNOWN.valuation);
    await expectLikeUnknown(`${when}: read A's loan`, (id) => b.get(`/api/loans/${id}`), loan.id, UNKNOWN.loan);
    for (const code of aAccounts()) {
      const unknownCode = code.replace(BANK.orgId, 'bank-cq-nowhere').replace(loan.id, UNKNOWN.loan);
      await expectLikeUnknown(`${when}: read A's account ${code}`, (id) => b.get(`/api/ledger/accounts/${id}`), code, unknownCode);
      await expectLikeUnknown(
        `${when}: read A's statement ${code}`,
        (id) => b.get(`/api/ledger/accounts/${id}/entries`),
        code,
        unknownCode,
      );
    }
    for (const entryId of entryIds) {
      await expectLikeUnknown(
        `${when}: read A's journal entry ${entryId}`,
        (id) => b.get(`/api/ledger/entries/${id}`),
        entryId,
        UNKNOWN.entry,
      );
    }

    // Lists: nothing of A's, whatever the filter.
    const lists = [
      '/api/pledges',
      '/api/loans',
      `/api/loans?pledgeId=${pledge.id}`,
      '/api/ledger/accounts',
      `/api/ledger/accounts?partyId=${BANK.orgId}`,
      `/api/ledger/accounts?prefix=${encodeURIComponent(`loan:${BANK.orgId}`)}`,
      `/api/ledger/accounts?prefix=bank`,
      '/api/claims',
      `/api/claims?bankOrgId=${BANK.orgId}`,
      `/api/claims?loanId=${loan.id}`,
    ];
    for (const path of lists) {
      const answer = await b.get<{ items: unknown[] }>(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 200 });
      expect({ path, items: answer.body.items }).toEqual({ path, items: [] });
    }
    // The valuations of A's pledge: either not found or an empty list, never A's valuation.
    const valuations = await b.get<{ items: unknown[] }>(`/api/valuations?pledgeId=${pledge.id}`);
    expect([200, 404]).toContain(valuations.status);
    if (valuations.status === 200) expect(valuations.body.items).toEqual([]);
    expect(JSON.stringify(valuations.body)).not.toContain(valuation.id);

    // Commands, each with a body that would be accepted from bank A.
    await expectLikeUnknown(
      `${when}: repay A's loan`,
      (id) => b.post(`/api/loans/${id}/repayments`, { principalAmount: '1000.00', interestAmount: '0.00', repaidOn: today }),
      loan.id,
      UNKNOWN.loan,
    );
    await expectLikeUnknown(
      `${when}: report A's loan overdue`,
      (id) => b.post(`/api/loans/${id}/overdue`, { overdueSince: '2026-09-01', daysPastDue: 20, overdueInterest: '100.00' }),
      loan.id,
      UNKNOWN.loan,
    );
    await expectLikeUnknown(
      `${when}: report A's loan in default`,
      (id) => b.post(`/api/loans/${id}/default`, { defaultedOn: today, accruedInterest: '1740.00' }),
      loan.id,
      UNKNOWN.loan,
    );
    await expectLikeUnknown(
      `${when}: file a claim on A's loan`,
      (id) => b.post('/api/claims', { loanId: id, borrowerRegisteredOn: '2018-06-01' }),
      loan.id,
      UNKNOWN.loan,
    );
    await expectLikeUnknown(
      `${when}: report a disposal of A's pledge`,
      (id) =>
        b.post(`/api/pledges/${id}/disposal`, { method: 'auction', grossProceeds: '500000.00', costs: '20000.00', disposedOn: today }),
      pledge.id,
      UNKNOWN.pledge,
    );
    await expectLikeUnknown(`${when}: release A's pledge`, (id) => b.post(`/api/pledges/${id}/release`, {}), pledge.id, UNKNOWN.pledge);
    await expectLikeUnknown(
      `${when}: name an appraiser for A's pledge`,
      (id) => b.post(`/api/pledges/${id}/appraiser`, { appraiserOrgId: 'appraiser-cq-other' }),
      pledge.id,
      UNKNOWN.pledge,
    );
    await expectLikeUnknown(
      `${when}: resubmit A's pledge`,
      (id) =>
        b.post(`/api/pledges/${id}/resubmission`, {
          pledgor: { uscc: '91500112MA5U3X5D27', name: '重庆示例新材料有限公司' },
          ipItems: [{ ipType: 'invention-patent', number: '202410555001.6' }],
          requestedLoanAmount: '1000000.00',
          termMonths: 12,
          districtCode: '500112',
          appraiserOrgId: APPRAISER.orgId,
        }),
      pledge.id,
      UNKNOWN.pledge,
    );
    await expectLikeUnknown(
      `${when}: disburse a second loan on A's pledge`,
      (id) =>
        b.post('/api/loans', { pledgeId: id, principal: '100000.00', annualInterestRate: '0.0435', termMonths: 12, disbursedOn: today }),
      pledge.id,
      UNKNOWN.pledge,
    );
  }

  it('bank A: a pledge valued, registered and financed with a guarantor, under a published policy', async () => {
    const bank = sut.api.as(BANK);
    const bureau = sut.api.as(BUREAU);
    const presets = await bureau.get<z.infer<typeof PolicyPresetListResponse>>('/api/policies/presets');
    const preset5311 = presets.body.items.find((preset) => preset.presetId === 'guangzhou-2020-5311');
    if (preset5311 === undefined) throw new Error('the 5311 preset is not shipped');
    const { effectiveTo: _ended, ...rules } = preset5311.document;
    const draft = await bureau.post<PolicyResponse>('/api/policies', {
      ...rules,
      name: '5311 shares for the tenants test',
      scope: { city: 'Chongqing', cityCode: '50' },
      effectiveFrom: '2025-01-01',
    });
    expect(draft.status).toBe(201);
    expect((await sut.api.as(BUREAU_APPROVER).post<PolicyResponse>(`/api/policies/${draft.body.id}/publish`, {})).body.status).toBe(
      'PUBLISHED',
    );

    const submitted = await bank.post<PledgeResponse>('/api/pledges', {
      pledgor: { uscc: '91500112MA5U3X5D27', name: '重庆示例新材料有限公司' },
      ipItems: [{ ipType: 'invention-patent', number: '202010351836.1', title: '一种高强度铝合金型材的挤压工艺' }],
      requestedLoanAmount: '1000000.00',
      termMonths: 12,
      districtCode: '500112',
      appraiserOrgId: APPRAISER.orgId,
    });
    expect(submitted.status).toBe(201);
    pledge = submitted.body;
    valuation = await until<ValuationResponse>(
      201,
      () =>
        sut.api.as(APPRAISER).post('/api/valuations', {
          pledgeId: pledge.id,
          method: 'market',
          appraisedValue: '4000000.00',
          valuationDate: '2026-02-20',
          validUntil: '2027-02-19',
        }),
      'the valuation to be accepted',
    );
    await until(200, () => bureau.post(`/api/pledges/${pledge.id}/registration`, { registrationNumber: 'Y2026500000232' }), 'registration');
    loan = await until<LoanResponse>(
      201,
      () =>
        bank.post('/api/loans', {
          pledgeId: pledge.id,
          principal: '1000000.00',
          annualInterestRate: '0.0435',
          termMonths: 12,
          disbursedOn: today,
          guarantorOrgId: GUARANTOR.orgId,
        }),
      'lending to disburse against the registered, valued pledge',
    );
    expect(loan).toMatchObject({ status: 'ACTIVE', bankOrgId: BANK.orgId, guarantorOrgId: GUARANTOR.orgId });
    // A sees its own data.
    expect((await bank.get(`/api/loans/${loan.id}`)).status).toBe(200);
    for (const code of aAccounts()) await until(200, () => bank.get(`/api/ledger/accounts/${code}`), `the ledger to open ${code}`);
  });

  it('bank B can neither read nor change A’s active loan, its pledge, valuation or accounts, and nothing changes', async () => {
    const before = await settledSnapshot((snapshot) => snapshot.journalEntries === 1 && snapshot.compensationLoans.length === 1);
    entryIds = (await sut.api.as(BUREAU).get<{ items: JournalEntryResponse[] }>('/api/ledger/entries')).body.items.map((entry) => entry.id);
    expect(entryIds).toHaveLength(1);
    await bankBTriesEverything('active loan');
    expect(await snapshotOfEveryService(sut.database.url)).toEqual(before);
    expect((await sut.api.as(BANK).get<LoanResponse>(`/api/loans/${loan.id}`)).body).toMatchObject({
      status: 'ACTIVE',
      outstandingPrincipal: '1000000.00',
    });
  });

  it('bank B can neither read nor change A’s defaulted loan (where only ownership stands in the way), and nothing changes', async () => {
    expect((await sut.api.as(BANK).post(`/api/loans/${loan.id}/default`, { defaultedOn: today, accruedInterest: '1740.00' })).status).toBe(
      200,
    );
    await until(
      200,
      async () => {
        const current = await sut.api.as(BANK).get<PledgeResponse>(`/api/pledges/${pledge.id}`);
        return { status: current.body.loanDefaultedOn === null ? 0 : 200, body: current.body };
      },
      'pledge registration to learn of the default',
    );
    const before = await settledSnapshot((snapshot) => snapshot.journalEntries === 2);
    entryIds = (await sut.api.as(BUREAU).get<{ items: JournalEntryResponse[] }>('/api/ledger/entries')).body.items.map((entry) => entry.id);
    expect(entryIds).toHaveLength(2);
    await bankBTriesEverything('defaulted loan');
    expect(await snapshotOfEveryService(sut.database.url)).toEqual(before);
  });

  it('bank B cannot see A’s claim; a guarantor sees only its own shares, another guarantor and the insurer none', async () => {
    const filed = await sut.api.as(BANK).post<ClaimResponse>('/api/claims', { loanId: loan.id, borrowerRegisteredOn: '2018-06-01' });
    expect(filed.status).toBe(201);
    expect((await sut.api.as(BUREAU).post<ClaimResponse>(`/api/claims/${filed.body.id}/prepare`, {})).status).toBe(200);
    const approved = await sut.api.as(BUREAU_APPROVER).post<ClaimResponse>(`/api/claims/${filed.body.id}/approve`, {});
    expect(approved.status).toBe(200);
    claim = approved.body;
    const before = await settledSnapshot((snapshot) => snapshot.journalEntries >= 4);

    await expectLikeUnknown('read A’s claim', (id) => bankB().get(`/api/claims/${id}`), claim.id, UNKNOWN.claim);
    expect((await bankB().get<{ items: unknown[] }>('/api/claims')).body.items).toEqual([]);
    expect((await sut.api.as(BANK).get<{ items: { id: string }[] }>('/api/claims')).body.items.map((item) => item.id)).toEqual([claim.id]);

    const shares = await sut.api.as(GUARANTOR).get<{ items: { claimId: string; owed: string }[] }>('/api/compensation-shares');
    expect(shares.status).toBe(200);
    expect(shares.body.items).toEqual([expect.objectContaining({ claimId: claim.id, owed: expect.stringMatching(/^[1-9]\d*\.\d{2}$/) })]);
    const otherGuarantor = await rawRequest(sut.services.gatewayUrl, {
      method: 'GET',
      path: '/api/compensation-shares',
      headers: { authorization: `Bearer ${testToken({ orgId: 'guarantor-cq-other', role: 'guarantor' })}` },
    });
    expect(otherGuarantor.status).toBe(200);
    expect(otherGuarantor.json).toEqual({ items: [] });
    const insurer = await sut.api.as(INSURER).get<{ items: unknown[] }>('/api/compensation-shares');
    expect(insurer.status).toBe(200);
    expect(insurer.body.items).toEqual([]);
    // A guarantor reads its own ledger accounts, never the bank's.
    const guarantorAccounts = await sut.api.as(GUARANTOR).get<{ items: { code: string }[] }>('/api/ledger/accounts');
    expect(guarantorAccounts.body.items.length).toBeGreaterThan(0);
    for (const account of guarantorAccounts.body.items) expect(account.code).toContain(GUARANTOR.orgId);
    await expectLikeUnknown(
      'the guarantor reads A’s cash account',
      (id) => sut.api.as(GUARANTOR).get(`/api/ledger/accounts/${id}`),
      `bank:${BANK.orgId}:cash`,
      'bank:bank-cq-nowhere:cash',
    );

    expect(await snapshotOfEveryService(sut.database.url)).toEqual(before);
  });

  it('refuses the statistician (403) on every borrower-level route, even with real ids, and nothing changes', async () => {
    const before = await snapshotOfEveryService(sut.database.url);
    const borrowerLevel = HTTP_ROUTES.filter((route) =>
      /^\/api\/(pledges|valuations|loans|claims|ledger\/accounts)(\/|$)/.test(route.path),
    );
    expect(borrowerLevel.length).toBeGreaterThanOrEqual(15);
    const ids: Record<string, string> = {
      pledgeId: pledge.id,
      valuationId: valuation.id,
      loanId: loan.id,
      claimId: claim.id,
      accountCode: `bank:${BANK.orgId}:cash`,
    };
    const statistician = sut.api.as(STATISTICIAN);
    for (const route of borrowerLevel) {
      const path = route.path.replace(/\{(\w+)\}/g, (_match, name: string) => ids[name]);
      const answer = route.method === 'GET' ? await statistician.get<ErrorBody>(path) : await statistician.post<ErrorBody>(path, {});
      expect({ route: `${route.method} ${path}`, status: answer.status, code: answer.body.error?.code }).toEqual({
        route: `${route.method} ${path}`,
        status: 403,
        code: 'forbidden',
      });
    }
    expect(await snapshotOfEveryService(sut.database.url)).toEqual(before);
  });
});
