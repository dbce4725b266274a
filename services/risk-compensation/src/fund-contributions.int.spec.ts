// Governments paying into a fund (资金拨付) in-process against a real PostgreSQL and Kafka: Weihai's
// pool paid province 40 : city 20, each within its part, top-ups that raise the year's budget and
// let an approval pay more, refusals that name the rule, and parts that hold under racing payments.
import type {
  ClaimResponse,
  CreatePolicyDraftRequest,
  ErrorBody,
  FundBudgetYearClosedResponse,
  FundContributionListResponse,
  FundContributionRecordedResponse,
  FundResponse,
  PayloadOf,
  PolicyResponse,
} from '@ipledger/contracts';
import { actingAs, eventually } from '@ipledger/testing';
import type { z } from 'zod';
import { BANK, borrowerUscc, loanDefaulted, loanDisbursed } from './test-support/fact-events';
import { raceThenRetry } from './test-support/retrying';
import { riskCompensationUnderTest } from './test-support/risk-compensation-under-test';

const BUREAU = actingAs({ orgId: 'bureau-wh', role: 'bureau', userId: 'finance.sun' });
const APPROVER = actingAs({ orgId: 'bureau-wh', role: 'bureau', userId: 'approver.qi' });
const BANK_A = actingAs({ orgId: BANK, role: 'bank' });

const PROVINCE = '370000';
const CITY = '371000';
const DISTRICT = '371002';

/** Weihai in shape (fund 60 / bank 40, the pool paid 山东省 40 : 威海市 20) with a small yearly budget, scoped to one district. */
const weihai = (district: string): CreatePolicyDraftRequest => ({
  name: `Weihai-style fund for district ${district}`,
  source: 'Weihai IP pledge financing risk compensation: province 40 % + city 20 % / bank 40 %',
  scope: { city: 'Weihai', cityCode: '3710', district },
  effectiveFrom: '2025-01-01',
  parties: [
    { party: 'fund', share: '0.6', note: 'province 40 % + city 20 %' },
    { party: 'bank', share: '0.4' },
  ],
  coverageBase: { kind: 'outstanding-principal' },
  mixedCollateral: 'whole-loan',
  caps: { perLoan: '3000000.00', fundYearlyBudget: '1000000.00' },
  eligibility: {},
  trigger: 'on-default',
  filingDeadlineWorkingDays: 10,
  recoveryRule: 'pro-rata-to-borne',
  dualControlAbove: '10000000.00',
  fundedBy: [
    { payerCode: PROVINCE, name: '山东省', weight: '40' },
    { payerCode: CITY, name: '威海市', weight: '20' },
  ],
});

type Recorded = z.infer<typeof FundContributionRecordedResponse>;

describe('governments paying into a fund, on a real broker and database', () => {
  const { sut, post, get, today } = riskCompensationUnderTest(['policy', 'compensation', 'loan']);

  afterEach(() => jest.restoreAllMocks());

  async function publishedPolicy(document: CreatePolicyDraftRequest): Promise<PolicyResponse> {
    const created = await post<PolicyResponse>('/api/policies', BUREAU, document);
    expect(created.status).toBe(201);
    const published = await post<PolicyResponse>(`/api/policies/${created.body.id}/publish`, APPROVER);
    expect(published.status).toBe(200);
    return published.body;
  }

  const contribute = (fundId: string, body: Record<string, unknown>, headers = BUREAU) =>
    post<Recorded>(`/api/funds/${fundId}/contributions`, headers, body);
  const refusalOf = (answer: { status: number; body: ErrorBody }) => [
    answer.status,
    answer.body.error.code,
    answer.body.error.details?.map((issue) => `${issue.field}:${issue.code ?? issue.rule}`),
  ];

  it('takes each government’s part of the appropriation and its top-ups, refuses what the policy does not allow, and lets a top-up pay an approval', async () => {
    const policy = await publishedPolicy(weihai('371082'));
    today('2026-03-02');

    // The first contribution opens the year with the policy's appropriation, split 40 : 20.
    const province = await contribute(policy.id, {
      budgetYear: 2026,
      payerCode: PROVINCE,
      kind: 'appropriation',
      amount: '666666.67',
      reference: '鲁财建〔2026〕12号',
    });
    expect(province.status).toBe(201);
    expect(province.body.contribution).toMatchObject({
      fundId: policy.id,
      budgetYear: 2026,
      payerCode: PROVINCE,
      payerLevel: 'province',
      payerName: '山东省',
      kind: 'appropriation',
      amount: '666666.67',
      receivedOn: '2026-03-02',
      recordedByUserId: 'finance.sun',
    });
    expect(province.body.year).toMatchObject({ budgetYear: 2026, appropriated: '1000000.00', toppedUp: '0.00', remaining: '1000000.00' });
    expect(province.body.year.contributors).toEqual([
      { payerCode: PROVINCE, level: 'province', name: '山东省', weight: '40', due: '666666.67', paid: '666666.67', toppedUp: '0.00' },
      { payerCode: CITY, level: 'city', name: '威海市', weight: '20', due: '333333.33', paid: '0.00', toppedUp: '0.00' },
    ]);
    expect((await sut.publishedEvent('FundBudgetOpened', policy.id)).payload).toMatchObject({ budgetYear: 2026, openedOn: '2026-03-02' });

    // Refusals name the field and the rule, and store nothing.
    const stored = () => sut.prisma.fundContribution.count({ where: { fundId: policy.id } });
    expect(
      refusalOf(
        await contribute(policy.id, { budgetYear: 2026, payerCode: PROVINCE, kind: 'appropriation', amount: '0.01', reference: 'X-1' }),
      ),
    ).toEqual([409, 'rule-violated', ['amount:beyond-due']]);
    expect(
      refusalOf(
        await contribute(policy.id, {
          budgetYear: 2026,
          payerCode: DISTRICT,
          kind: 'top-up',
          amount: '100.00',
          reference: 'X-2',
          payerName: '环翠区',
        }),
      ),
    ).toEqual([409, 'rule-violated', ['payerCode:payer-not-a-funder']]);
    expect(
      refusalOf(await contribute(policy.id, { budgetYear: 2028, payerCode: CITY, kind: 'top-up', amount: '100.00', reference: 'X-3' })),
    ).toEqual([409, 'rule-violated', ['budgetYear:budget-year-too-far']]);
    const malformed = await contribute(policy.id, { budgetYear: 2026, payerCode: '3710', kind: 'gift', amount: '-1', reference: 'X-4' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details?.map((issue) => issue.field).sort()).toEqual(['amount', 'kind', 'payerCode']);
    expect(
      (await contribute(policy.id, { budgetYear: 2026, payerCode: CITY, kind: 'top-up', amount: '1.00', reference: 'X-5' }, BANK_A)).status,
    ).toBe(403);
    expect(
      (
        await contribute('pol_0195a1b2c3d47e5f8a6b7c8d9e0f1aff', {
          budgetYear: 2026,
          payerCode: CITY,
          kind: 'top-up',
          amount: '1.00',
          reference: 'X-6',
        })
      ).status,
    ).toBe(404);
    expect(await stored()).toBe(1);

    // The city pays its part, then tops the year up; its transfer reference is recorded once.
    expect(
      (
        await contribute(policy.id, {
          budgetYear: 2026,
          payerCode: CITY,
          kind: 'appropriation',
          amount: '333333.33',
          reference: '威财建〔2026〕7号',
        })
      ).status,
    ).toBe(201);
    const topUp = await contribute(policy.id, {
      budgetYear: 2026,
      payerCode: CITY,
      kind: 'top-up',
      amount: '500000.00',
      reference: '威财建〔2026〕31号',
    });
    expect(topUp.status).toBe(201);
    expect(topUp.body.year).toMatchObject({ appropriated: '1000000.00', toppedUp: '500000.00', remaining: '1500000.00' });
    expect(topUp.body.year.contributors[1]).toMatchObject({ payerCode: CITY, paid: '333333.33', toppedUp: '500000.00' });
    expect(
      refusalOf(
        await contribute(policy.id, {
          budgetYear: 2026,
          payerCode: CITY,
          kind: 'top-up',
          amount: '500000.00',
          reference: '威财建〔2026〕31号',
        }),
      ),
    ).toEqual([409, 'rule-violated', ['reference:duplicate-reference']]);
    const contributionEvents = () =>
      sut.published
        .filter((event) => event.type === 'FundContributionReceived' && event.key === policy.id)
        .map((event) => event.payload as PayloadOf<'FundContributionReceived'>)
        .map((payload) => [payload.payerCode, payload.kind, payload.amount]);
    await eventually(() => expect(contributionEvents()).toHaveLength(3));
    expect(contributionEvents()).toEqual([
      [PROVINCE, 'appropriation', '666666.67'],
      [CITY, 'appropriation', '333333.33'],
      [CITY, 'top-up', '500000.00'],
    ]);

    // A loss whose fund part (1,200,000.00) is above the appropriation but within the topped-up budget is paid in full.
    const loan = loanDisbursed({ districtCode: '371082', borrowerUscc: borrowerUscc(7101), disbursedOn: '2025-06-10' });
    await sut.produce(loan.disbursed, loanDefaulted(loan, { defaultedOn: '2026-03-09', outstandingPrincipal: '2000000.00' }));
    await sut.consumedAll('loan');
    today('2026-03-10');
    const filed = await post<ClaimResponse>('/api/claims', BANK_A, { loanId: loan.loanId });
    expect(filed.status).toBe(201);
    const approved = await post<ClaimResponse>(`/api/claims/${filed.body.id}/approve`, APPROVER);
    expect(approved.status).toBe(200);
    expect(approved.body.computation?.fund).toMatchObject({
      budgetYear: 2026,
      budgetBefore: '1500000.00',
      paid: '1200000.00',
      shortfall: '0.00',
    });

    const fund = await get<FundResponse>(`/api/funds/${policy.id}`, BUREAU);
    expect(fund.body.years.map((year) => [year.budgetYear, year.appropriated, year.toppedUp, year.used, year.remaining])).toEqual([
      [2026, '1000000.00', '500000.00', '1200000.00', '300000.00'],
    ]);
    expect(fund.body.balance).toBe('1500000.00');
    const listed = await get<z.infer<typeof FundContributionListResponse>>(`/api/funds/${policy.id}/contributions?budgetYear=2026`, BUREAU);
    expect(listed.body.items.map((item) => item.reference)).toEqual(['鲁财建〔2026〕12号', '威财建〔2026〕7号', '威财建〔2026〕31号']);
    expect(
      (await get<z.infer<typeof FundContributionListResponse>>(`/api/funds/${policy.id}/contributions?budgetYear=2027`, BUREAU)).body.items,
    ).toEqual([]);

    // A closed year takes no more money, and the database refuses a top-up to it whoever asks.
    today('2026-12-20');
    expect((await post<z.infer<typeof FundBudgetYearClosedResponse>>(`/api/funds/${policy.id}/years/2026/close`, APPROVER)).status).toBe(
      200,
    );
    expect(
      refusalOf(await contribute(policy.id, { budgetYear: 2026, payerCode: CITY, kind: 'top-up', amount: '1.00', reference: 'X-7' })),
    ).toEqual([409, 'rule-violated', ['budgetYear:budget-year-closed']]);
    await expect(
      sut.prisma.fundBudget.update({
        where: { fundId_budgetYear: { fundId: policy.id, budgetYear: 2026 } },
        data: { toppedUp: { increment: '1.00' } },
      }),
    ).rejects.toThrow(/closed/);
    // Next year's money may come in December: it opens 2027.
    const next = await contribute(policy.id, {
      budgetYear: 2027,
      payerCode: PROVINCE,
      kind: 'appropriation',
      amount: '100000.00',
      reference: '鲁财建〔2026〕99号',
    });
    expect(next.status).toBe(201);
    expect(next.body.year).toMatchObject({ budgetYear: 2027, appropriated: '1000000.00' });
  });

  it('never lets racing payments of one government go beyond its part', async () => {
    const policy = await publishedPolicy(weihai('371083'));
    today('2026-04-01');
    // 20 payments of 50,000.00 by the city, whose part is 333,333.33: six fit, the rest are refused.
    const answers = await raceThenRetry(20, (index) =>
      contribute(policy.id, {
        budgetYear: 2026,
        payerCode: CITY,
        kind: 'appropriation',
        amount: '50000.00',
        reference: `威财建〔2026〕R${index}`,
      }),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array<number>(6).fill(201), ...Array<number>(14).fill(409)]);
    const fund = await get<FundResponse>(`/api/funds/${policy.id}`, BUREAU);
    expect(fund.body.years[0]?.contributors.find((contributor) => contributor.payerCode === CITY)).toMatchObject({
      due: '333333.33',
      paid: '300000.00',
    });
  });

  it('settles shortfalls from the next room a year gets, oldest approval first, and pays them to the bank', async () => {
    const policy = await publishedPolicy(weihai('371084'));
    let borrower = 7200;
    async function approvedClaim(outstandingPrincipal: string, defaultedOn: string, approvedOn: string): Promise<ClaimResponse> {
      borrower += 1;
      const loan = loanDisbursed({ districtCode: '371084', borrowerUscc: borrowerUscc(borrower), disbursedOn: '2025-06-10' });
      await sut.produce(loan.disbursed, loanDefaulted(loan, { defaultedOn, outstandingPrincipal }));
      await sut.consumedAll('loan');
      today(approvedOn);
      const filed = await post<ClaimResponse>('/api/claims', BANK_A, { loanId: loan.loanId });
      expect(filed.status).toBe(201);
      const approved = await post<ClaimResponse>(`/api/claims/${filed.body.id}/approve`, APPROVER);
      expect(approved.status).toBe(200);
      return approved.body;
    }
    const settlementsOf = async (claimId: string) =>
      (await get<ClaimResponse>(`/api/claims/${claimId}`, BUREAU)).body.shortfallSettlements.map((line) => [line.budgetYear, line.amount]);

    // 2026's 1,000,000.00: A's fund part 1,200,000.00 leaves a shortfall of 200,000.00, B's 600,000.00 is all shortfall.
    const a = await approvedClaim('2000000.00', '2026-03-09', '2026-03-10');
    expect(a.computation?.fund).toMatchObject({ paid: '1000000.00', shortfall: '200000.00' });
    const b = await approvedClaim('1000000.00', '2026-03-09', '2026-03-10');
    expect(b.computation?.fund).toMatchObject({ paid: '0.00', shortfall: '600000.00' });

    // The city tops 2026 up by 500,000.00: A's shortfall is settled whole, then 300,000.00 of B's.
    today('2026-06-30');
    const topUp = await contribute(policy.id, {
      budgetYear: 2026,
      payerCode: CITY,
      kind: 'top-up',
      amount: '500000.00',
      reference: '威财建〔2026〕40号',
    });
    expect(topUp.status).toBe(201);
    expect(topUp.body.year).toMatchObject({
      toppedUp: '500000.00',
      used: '1500000.00',
      shortfall: '800000.00',
      shortfallsSettled: '500000.00',
      remaining: '0.00',
    });
    expect(await settlementsOf(a.id)).toEqual([[2026, '200000.00']]);
    expect(await settlementsOf(b.id)).toEqual([[2026, '300000.00']]);
    await eventually(() => expect(sut.published.filter((event) => event.type === 'LoanShortfallSettled').length).toBeGreaterThanOrEqual(2));
    const loanSides = sut.published
      .filter((event) => event.type === 'LoanShortfallSettled')
      .map((event) => event.payload as PayloadOf<'LoanShortfallSettled'>)
      .filter((payload) => payload.claimId === a.id || payload.claimId === b.id);
    // A: 2,000,000.00 outstanding, 1,000,000.00 owed before: the 200,000.00 all settles principal. (Each on its loan's partition: any order.)
    const sides = loanSides.map((payload) => [payload.claimId, payload.amount, payload.principalSettled, payload.writtenOff]);
    expect(sides).toHaveLength(2);
    expect(sides).toEqual(
      expect.arrayContaining([
        [a.id, '200000.00', '200000.00', false],
        [b.id, '300000.00', '300000.00', false],
      ]),
    );

    // 2027 opens with C's approval: B's last 300,000.00 is settled from it first, C meets what is left.
    const c = await approvedClaim('500000.00', '2027-01-04', '2027-01-05');
    expect(c.computation?.fund).toMatchObject({ budgetYear: 2027, budgetBefore: '700000.00', paid: '300000.00', shortfall: '0.00' });
    expect(await settlementsOf(b.id)).toEqual([
      [2026, '300000.00'],
      [2027, '300000.00'],
    ]);
    await eventually(() =>
      expect(
        sut.published
          .filter((event) => event.type === 'CompensationShortfallSettled' && event.key === policy.id)
          .map((event) => (event.payload as PayloadOf<'CompensationShortfallSettled'>).budgetYear),
      ).toEqual([2026, 2026, 2027]),
    );

    // The bureau pays the bank what was settled of B's shortfall: not its approver, once.
    today('2027-01-08');
    const byApprover = await post<ClaimResponse>(`/api/claims/${b.id}/shortfall-payment`, APPROVER, { paymentReference: 'WHF-2027-0003' });
    expect(byApprover.status).toBe(403);
    const paid = await post<ClaimResponse>(`/api/claims/${b.id}/shortfall-payment`, BUREAU, { paymentReference: 'WHF-2027-0003' });
    expect(paid.status).toBe(200);
    expect(paid.body.shortfallSettlements.map((line) => line.payment?.paidOn)).toEqual(['2027-01-08', '2027-01-08']);
    await eventually(() =>
      expect(
        sut.published
          .filter((event) => event.type === 'CompensationPaid')
          .map((event) => event.payload as PayloadOf<'CompensationPaid'>)
          .filter((payload) => payload.claimId === b.id)
          .map((payload) => [payload.budgetYear, payload.amount]),
      ).toEqual([
        [2026, '300000.00'],
        [2027, '300000.00'],
      ]),
    );
    expect(
      refusalOf(await post<ClaimResponse>(`/api/claims/${b.id}/shortfall-payment`, BUREAU, { paymentReference: 'WHF-2027-0004' })),
    ).toEqual([409, 'rule-violated', ['claimId:no-settled-shortfall']]);
    const years = (await get<FundResponse>(`/api/funds/${policy.id}`, BUREAU)).body.years;
    expect(years.map((year) => [year.budgetYear, year.used, year.paid, year.shortfall, year.shortfallsSettled])).toEqual([
      [2026, '1500000.00', '300000.00', '800000.00', '500000.00'],
      [2027, '600000.00', '300000.00', '0.00', '300000.00'],
    ]);
  });
});
