// The subsidy path of risk-compensation in-process against a real PostgreSQL and Kafka: loans learnt
// from lending's events, a bank applies for its borrower with what was paid, every refused rule is
// named, the bureau approves within the caps and the year's budget (四眼原则 above the threshold),
// another bureau user records the payout; approvals racing on one budget never overdraw it.
import type {
  CreateSubsidySchemeRequest,
  SubsidyApplicationListResponse,
  SubsidyApplicationResponse,
  SubsidySchemeResponse,
} from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { actingAs, eventually } from '@ipledger/testing';
import type { z } from 'zod';
import { raceThenRetry } from './test-support/retrying';
import { riskCompensationUnderTest } from './test-support/risk-compensation-under-test';
import { BANK, borrowerUscc, loanDisbursed, loanOverdue, type TestLoan } from './test-support/fact-events';

const BUREAU = actingAs({ orgId: 'bureau-gz', role: 'bureau', userId: 'reviewer.wang' });
const APPROVER = actingAs({ orgId: 'bureau-gz', role: 'bureau', userId: 'approver.liu' });
const CLERK = actingAs({ orgId: 'bureau-gz', role: 'bureau', userId: 'clerk.zhao' });
const BANK_A = actingAs({ orgId: BANK, role: 'bank' });
const BANK_B = actingAs({ orgId: 'bank-gz-b', role: 'bank' });

/** 贴息 at 60 % of the one-year LPR, evaluation fee at 0.5 % of the loan (at most 60,000.00 a loan). */
const scheme = (district: string, overrides: Partial<CreateSubsidySchemeRequest> = {}): CreateSubsidySchemeRequest => ({
  name: `知识产权质押融资贴息（测试 ${district}）`,
  source: 'test scheme in the shape of Qingdao’s: 60 % of the one-year LPR; evaluation fee 0.5 % of the loan',
  scope: { city: '广州', cityCode: '4401', district },
  effectiveFrom: '2026-01-01',
  rules: [
    { kind: 'interest', rate: { basis: 'share-of-reference', share: '0.6', reference: 'LPR-1Y' }, perFirmPerYear: '500000.00' },
    { kind: 'evaluation-fee', rate: { basis: 'share-of-loan', rate: '0.005' }, perLoan: '60000.00' },
  ],
  eligibility: { firmSizes: ['medium', 'small', 'micro'], onTimeRepaymentOnly: true },
  yearlyBudget: '10000000.00',
  dualControlAbove: '50000.00',
  ...overrides,
});

describe('subsidy applications on a real broker and database', () => {
  const { sut, post, today } = riskCompensationUnderTest(['subsidy']);
  afterEach(() => jest.restoreAllMocks());

  async function publishedScheme(document: CreateSubsidySchemeRequest): Promise<SubsidySchemeResponse> {
    const created = await post<SubsidySchemeResponse>('/api/subsidy-schemes', BUREAU, document);
    expect(created.status).toBe(201);
    const published = await post<SubsidySchemeResponse>(`/api/subsidy-schemes/${created.body.id}/publish`, APPROVER);
    expect(published.status).toBe(200);
    return published.body;
  }

  async function learnt(...loans: TestLoan[]): Promise<void> {
    await sut.produce(...loans.map((loan) => loan.disbursed));
    await sut.consumedAll('loan');
  }

  const apply = (body: Record<string, unknown>, headers = BANK_A) =>
    post<SubsidyApplicationResponse>('/api/subsidy-applications', headers, body);
  const act = (id: string, command: string, headers: Record<string, string>, body: unknown = {}) =>
    post<SubsidyApplicationResponse>(`/api/subsidy-applications/${id}/${command}`, headers, body);

  it('applies for 贴息, approves 60 % of the LPR on the principal outstanding, pays it, and publishes both events', async () => {
    const subsidy = await publishedScheme(scheme('440106'));
    // 3,000,000.00 repaid at maturity: the first quarter 2026-01-10 → 04-10 is 90 days of 3,000,000.00.
    const loan = loanDisbursed({ repaymentMethod: 'bullet', dayCount: 'ACT/360', periodMonths: 1 });
    await learnt(loan);

    today('2026-04-15');
    const filed = await apply({
      schemeId: subsidy.id,
      loanId: loan.loanId,
      kind: 'interest',
      amountPaid: '32625.00', // 3,000,000.00 × 4.35 % × 90 / 360
      periodFrom: '2026-01-10',
      periodTo: '2026-04-10',
      paymentReferences: ['rp-2026-q1'],
      firmSize: 'small',
      industry: 'C',
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'PENDING', filedOn: '2026-04-15', costIncurredOn: '2026-04-10', schemeVersion: 1 });
    expect(filed.body.eligibility.every((outcome) => outcome.passed)).toBe(true);

    today('2026-04-20');
    const approved = await act(filed.body.id, 'approve', BUREAU, { note: '材料齐全' });
    expect(approved.status).toBe(200);
    // 270,000,000.00 principal-days × (60 % × 3.00 %) ÷ 360 = 13,500.00, below what was paid.
    expect(approved.body).toMatchObject({ status: 'APPROVED', approvedAmount: '13500.00', budgetYear: 2026, decidedOn: '2026-04-20' });
    expect(approved.body.computation).toMatchObject({
      base: { basis: 'share-of-reference', rate: '0.018', computed: '13500.00', amountPaid: '32625.00', amount: '13500.00' },
      lpr: '0.03',
      lprOn: '2026-04-10',
      principalDays: '270000000.00',
      approved: '13500.00',
    });
    expect((await sut.publishedEvent('SubsidyApproved', subsidy.id)).payload).toMatchObject({
      applicationId: filed.body.id,
      kind: 'interest',
      approvedAmount: '13500.00',
      amountPaid: '32625.00',
      firmSize: 'small',
      industry: 'C',
      districtCode: '440106',
      budgetYear: 2026,
    });

    const byApprover = await act(filed.body.id, 'payment', BUREAU, { paymentReference: 'GZ-SUB-0001' });
    expect(byApprover.status).toBe(403);
    expect(byApprover.body.error.message).toMatch(/four-eyes rule: reviewer.wang approved subsidy application/);

    today('2026-04-28');
    const paid = await act(filed.body.id, 'payment', CLERK, { paymentReference: 'GZ-SUB-0001' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'PAID', paidOutOn: '2026-04-28', paymentReference: 'GZ-SUB-0001' });
    expect((await sut.publishedEvent('SubsidyPaid', subsidy.id)).payload).toMatchObject({ amount: '13500.00', paidOn: '2026-04-28' });
    const budget = await sut.prisma.subsidyBudgetYear.findUniqueOrThrow({
      where: { seriesId_budgetYear: { seriesId: subsidy.id, budgetYear: 2026 } },
    });
    expect([budget.budget.toFixed(2), budget.used.toFixed(2), budget.paid.toFixed(2)]).toEqual(['10000000.00', '13500.00', '13500.00']);

    // The bank sees its application; another bank does not.
    expect((await sut.call<SubsidyApplicationResponse>('GET', `/api/subsidy-applications/${filed.body.id}`, BANK_A)).status).toBe(200);
    expect((await sut.call('GET', `/api/subsidy-applications/${filed.body.id}`, BANK_B)).status).toBe(404);
    const listed = await sut.call<z.infer<typeof SubsidyApplicationListResponse>>(
      'GET',
      `/api/subsidy-applications?loanId=${loan.loanId}`,
      BANK_B,
    );
    expect(listed.body.items).toEqual([]);
  });

  it('names every rule that refuses an application, and stores nothing', async () => {
    const subsidy = await publishedScheme(scheme('440111'));
    const loan = loanDisbursed({ districtCode: '440111', repaymentMethod: 'equal-instalment', periodMonths: 1 });
    await learnt(loan);
    await sut.produce(loanOverdue(loan, { overdueSince: '2026-03-10', reportedOn: '2026-03-15', daysPastDue: 5 }));
    await sut.consumedAll('loan');

    today('2026-04-15');
    const body = {
      schemeId: subsidy.id,
      loanId: loan.loanId,
      kind: 'interest',
      amountPaid: '10000.00',
      periodFrom: '2026-03-10',
      periodTo: '2026-04-10',
      paymentReferences: ['rp-2026-03'],
      firmSize: 'large',
    };
    const refused = await apply(body);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual([
      { field: 'firmSize', rule: 'not-eligible:firm-size: 政策限于中型、小型、微型企业；本企业为大型企业' },
      { field: 'loanId', rule: 'not-eligible:late-repayment: 政策限于按期还款；申请期间最长逾期 5 天' },
    ]);

    const future = await apply({ ...body, firmSize: 'small', periodFrom: '2026-04-10', periodTo: '2026-05-10' });
    expect(future.status).toBe(409);
    expect(future.body.error.details).toEqual([
      { field: 'periodTo', rule: "must not be after today (2026-04-15, the server's date): a cost is applied for once it was paid" },
    ]);

    const malformed = await apply({ ...body, kind: 'evaluation-fee' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details).toEqual(expect.arrayContaining([{ field: 'feePaidOn', rule: 'is required for a fee subsidy' }]));

    // A size registered with the pledge counts; an application may not contradict it.
    const registeredLarge = loanDisbursed({ districtCode: '440111', borrowerFirmSize: 'large', borrowerIndustry: 'I' });
    await learnt(registeredLarge);
    const period = { periodFrom: '2026-01-10', periodTo: '2026-04-10' };
    const contradicting = await apply({ ...body, ...period, loanId: registeredLarge.loanId, firmSize: 'small' });
    expect(contradicting.status).toBe(409);
    expect(contradicting.body.error.details).toEqual([
      { field: 'firmSize', rule: 'borrower-facts-conflict: 申请所填企业规模（小型）与质押登记的企业规模（大型）不符' },
    ]);
    const { firmSize: _stated, ...unstated } = body;
    const asRegistered = await apply({ ...unstated, ...period, loanId: registeredLarge.loanId });
    expect(asRegistered.body.error.details).toEqual([
      { field: 'firmSize', rule: 'not-eligible:firm-size: 政策限于中型、小型、微型企业；本企业为大型企业' },
    ]);

    expect((await apply(body, BANK_B)).status).toBe(404);
    const draft = await post<SubsidySchemeResponse>('/api/subsidy-schemes', BUREAU, scheme('440111'));
    expect((await apply({ ...body, schemeId: draft.body.id })).status).toBe(404);
    expect(await sut.prisma.subsidyApplication.count({ where: { loanId: loan.loanId } })).toBe(0);
  });

  it('takes one live application per cost; four eyes above the threshold; the per-loan cap leaves nothing to pay', async () => {
    const subsidy = await publishedScheme(scheme('440112'));
    const loan = loanDisbursed({ districtCode: '440112', principal: '20000000.00', borrowerUscc: borrowerUscc(7) });
    await learnt(loan);
    today('2026-02-01');
    const fee = (feePaidOn: string) => ({
      schemeId: subsidy.id,
      loanId: loan.loanId,
      kind: 'evaluation-fee',
      amountPaid: '120000.00',
      feePaidOn,
      paymentReferences: ['PG-2026-001'],
      firmSize: 'medium',
    });
    const first = await apply(fee('2026-01-05'));
    expect(first.status).toBe(201);
    const again = await apply(fee('2026-01-05'));
    expect(again.status).toBe(409);
    expect(again.body.error.details?.[0]?.rule).toMatch(/^duplicate-application: /);

    // 20,000,000.00 × 0.5 % = 100,000.00, capped at 60,000.00 a loan: above the 50,000.00 threshold.
    const alone = await act(first.body.id, 'approve', BUREAU);
    expect(alone.status).toBe(403);
    expect(alone.body.error.message).toMatch(/above the scheme's dual-control threshold 50000.00/);
    expect((await act(first.body.id, 'prepare', BUREAU, { note: '已核对发票' })).status).toBe(200);
    expect((await act(first.body.id, 'approve', BUREAU)).status).toBe(403);
    const approved = await act(first.body.id, 'approve', APPROVER);
    expect(approved.status).toBe(200);
    expect(approved.body.approvedAmount).toBe('60000.00');
    expect(approved.body.computation?.limits[0]).toEqual({
      limit: 'per-loan',
      room: '60000.00',
      before: '100000.00',
      after: '60000.00',
      bound: true,
    });

    const second = await apply(fee('2026-01-20'));
    expect(second.status).toBe(201);
    const nothing = await act(second.body.id, 'approve', BUREAU);
    expect(nothing.status).toBe(200);
    expect(nothing.body.approvedAmount).toBe('0.00');
    const unpaid = await act(second.body.id, 'payment', CLERK, { paymentReference: 'GZ-SUB-0002' });
    expect(unpaid.status).toBe(409);
    expect(unpaid.body.error.message).toMatch(/has nothing to pay/);

    // A rejected application frees its cost for a corrected one.
    const third = await apply(fee('2026-01-25'));
    expect((await act(third.body.id, 'reject', BUREAU, { reason: '发票抬头与借款企业不符' })).body.status).toBe('REJECTED');
    expect((await sut.publishedEvent('SubsidyRejected', subsidy.id)).payload).toMatchObject({ applicationId: third.body.id });
    expect((await apply(fee('2026-01-25'))).status).toBe(201);
  });

  it('binds the version in force on the cost day; the versions of a scheme share its caps and one budget a year, set by the version in force', async () => {
    const v1 = await publishedScheme(
      scheme('440114', {
        rules: [{ kind: 'evaluation-fee', rate: { basis: 'share-of-loan', rate: '0.005' }, perLoan: '60000.00' }],
        eligibility: { firmSizes: ['medium', 'small', 'micro'] },
        yearlyBudget: '100000.00',
      }),
    );
    const drafted = await post<SubsidySchemeResponse>(`/api/subsidy-schemes/${v1.id}/versions`, BUREAU, {
      ...scheme('440114'),
      effectiveFrom: '2026-03-01',
      rules: [{ kind: 'evaluation-fee', rate: { basis: 'share-of-loan', rate: '0.01' }, perLoan: '25000.00' }],
      eligibility: { firmSizes: ['medium', 'small', 'micro'] },
      yearlyBudget: '150000.00',
    });
    expect(drafted.status).toBe(201);
    const v2 = (await post<SubsidySchemeResponse>(`/api/subsidy-schemes/${drafted.body.id}/publish`, APPROVER)).body;
    expect(v2).toMatchObject({ seriesId: v1.id, version: 2, status: 'PUBLISHED' });

    const loan = loanDisbursed({ districtCode: '440114', principal: '2000000.00', borrowerUscc: borrowerUscc(8) });
    await learnt(loan);
    today('2026-03-10');
    const fee = (schemeId: string, feePaidOn: string) => ({
      schemeId,
      loanId: loan.loanId,
      kind: 'evaluation-fee',
      amountPaid: '30000.00',
      feePaidOn,
      paymentReferences: [`PG-${feePaidOn}`],
      firmSize: 'medium',
    });
    // Named by either version, each cost is bound by the version in force on its day.
    const february = await apply(fee(v2.id, '2026-02-10'));
    const march = await apply(fee(v1.id, '2026-03-05'));
    expect([february.status, march.status]).toEqual([201, 201]);
    expect(february.body).toMatchObject({ schemeId: v1.id, schemeVersion: 1, seriesId: v1.id });
    expect(march.body).toMatchObject({ schemeId: v2.id, schemeVersion: 2, seriesId: v1.id });

    // 2,000,000.00 × 0.5 % = 10,000.00 under version 1; × 1 % = 20,000.00 under version 2, whose
    // per-loan cap of 25,000.00 counts the 10,000.00 approved under version 1: 15,000.00.
    const first = await act(february.body.id, 'approve', BUREAU);
    const second = await act(march.body.id, 'approve', BUREAU);
    expect([first.body.approvedAmount, second.body.approvedAmount]).toEqual(['10000.00', '15000.00']);
    expect(second.body.computation?.limits[0]).toMatchObject({
      limit: 'per-loan',
      room: '15000.00',
      before: '20000.00',
      after: '15000.00',
    });

    // One budget year for the series, its budget the version in force on the day of approval.
    const budget = await sut.prisma.subsidyBudgetYear.findUniqueOrThrow({
      where: { seriesId_budgetYear: { seriesId: v1.id, budgetYear: 2026 } },
    });
    expect([budget.budget.toFixed(2), budget.used.toFixed(2), budget.budgetVersion]).toEqual(['150000.00', '25000.00', 2]);
    const approvals = await sut.publishedEvents('SubsidyApproved', v1.id, 2);
    expect(approvals.map((event) => [event.payload.applicationId, event.payload.schemeId, event.payload.schemeVersion])).toEqual([
      [february.body.id, v1.id, 1],
      [march.body.id, v1.id, 2],
    ]);
    const listed = await sut.call<z.infer<typeof SubsidyApplicationListResponse>>(
      'GET',
      `/api/subsidy-applications?schemeId=${v2.id}`,
      BUREAU,
    );
    expect(listed.body.items.map((item) => item.id).sort()).toEqual([february.body.id, march.body.id].sort());
  });

  it('never overdraws the yearly budget or a firm’s yearly cap when approvals race', async () => {
    const budget = Money.of('100000.00');
    const subsidy = await publishedScheme(
      scheme('440113', {
        rules: [{ kind: 'evaluation-fee', rate: { basis: 'share-of-loan', rate: '0.005' }, perFirmPerYear: '30000.00' }],
        yearlyBudget: budget.toString(),
        dualControlAbove: '10000.00',
      }),
    );
    // Ten loans of one firm and twenty of twenty others, each asking 5,000.00: 130,000.00 after the firm's cap.
    const loans = Array.from({ length: 30 }, (_, index) =>
      loanDisbursed({ districtCode: '440113', principal: '1000000.00', borrowerUscc: borrowerUscc(index < 10 ? 3000 : 3000 + index) }),
    );
    await learnt(...loans);
    today('2026-03-01');
    const ids: string[] = [];
    for (const loan of loans) {
      const filed = await apply({
        schemeId: subsidy.id,
        loanId: loan.loanId,
        kind: 'evaluation-fee',
        amountPaid: '6000.00',
        feePaidOn: '2026-02-01',
        paymentReferences: ['PG-1'],
        firmSize: 'small',
      });
      expect(filed.status).toBe(201);
      ids.push(filed.body.id);
    }

    // A client sends a retryable answer (rolled back after waiting too long on the budget row) again.
    const answers = await raceThenRetry(ids.length, (index) => act(ids[index] as string, 'approve', BUREAU));

    expect(answers.map((answer) => answer.status)).toEqual(ids.map(() => 200));
    const approved = answers.map((answer) => Money.of(answer.body.approvedAmount ?? '0.00'));
    expect(Money.sum(approved).toString()).toBe(budget.toString());
    expect(Money.sum(approved.slice(0, 10)).lte(Money.of('30000.00'))).toBe(true);
    const stored = await sut.prisma.subsidyBudgetYear.findUniqueOrThrow({
      where: { seriesId_budgetYear: { seriesId: subsidy.id, budgetYear: 2026 } },
    });
    expect(stored.used.toFixed(2)).toBe(budget.toString());
    await eventually(() =>
      expect(sut.published.filter((event) => event.type === 'SubsidyApproved' && event.key === subsidy.id)).toHaveLength(30),
    );
  }, 180_000);
});
