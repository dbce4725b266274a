// The statistics service in-process against a real PostgreSQL and Kafka: deals recorded over HTTP,
// loans, pledges and compensation learnt from events over two years (2024, 2025), and every
// statistic checked against totals computed by hand below, as JSON and as CSV / XLSX downloads.
//
// The data set (amounts in yuan):
//   2024  licensing D1 1,000,000.00 (500112, invention patent, C) · transfer D2 500,000.00 (500103, trademark, I)
//         loans L1 3,000,000.00 (bank-cq-a, 500112) · L2 2,000,000.00 (bank-cq-b, 500103)        total 6,500,000.00
//   2025  licensing D3 1,500,000.00 (Feb, 500112, invention patent, C)
//         capital contribution D4 2,000,050.00 (Jun, 500103, software copyright, I)
//         transfer D6 800,000.00 (Jun, 500106, trademark, M) — reversed
//         loans L3 4,000,000.00 (Jan, bank-cq-a, 500112, invention patent) · L4 1,000,000.00 (Mar, bank-cq-b, 500106, utility model)
//               L5 5,000,000.00 (Aug, bank-cq-a, 500103, software copyright) · L6 2,500,000.00 (Sep, bank-cq-b, 500112, trademark)
//         total 1,500,000.00 + 2,000,050.00 + 12,500,000.00 = 16,000,050.00
// Yardsticks for the test: target 20,000,000.00, base year amount 4,000,000.00 (doubling goal 8,000,000.00).
//
// Subsidies (扶持资金), approved (A) and paid (P) in the year of the date:
//   S1 interest          bank-cq-a 500112 C     A 2025-04-10 45,000.00  P 2025-04-20 45,000.00
//   S2 evaluation-fee    bank-cq-b 500103 I     A 2025-05-06 30,000.01  P 2025-05-20 30,000.01
//   S3 guarantee-fee     bank-cq-a 500106 —     A 2025-06-01 20,000.00  P 2026-01-08 20,000.00 (paid the next year)
//   S4 insurance-premium bank-cq-b 500112 C     A 2025-12-01      0.00  (the budget was used up: nothing to pay)
//   S5 interest          bank-cq-b 500112 M     A 2024-11-03 10,000.00  P 2025-01-10 10,000.00 (approved the year before)
//   2025: approved 4, 95,000.01; paid 3, 85,000.01.
import ExcelJS from 'exceljs';
import type {
  AnnualStatisticsResponse,
  BreakdownResponse,
  DealResponse,
  EventEnvelope,
  ErrorBody,
  MonthlyStatisticsResponse,
  ProjectionResponse,
} from '@ipledger/contracts';
import { createServiceApp, loadConfig, newId, ServiceConfigSchema } from '@ipledger/service-kit';
import { actingAs, eventually, serviceUnderTest, testEnvelope } from '@ipledger/testing';
import { loadStatisticsConfig } from './statistics.config';
import { StatisticsModule } from './statistics.module';
import {
  compensationApproved,
  compensationPaid,
  fundBudgetOpened,
  fundContributionReceived,
  loanDefaulted,
  loanDisbursed,
  pledgeChangedAndReleased,
  pledgeCorrected,
  pledgeRegistered,
  pledgeSubmitted,
  recoveryDistributed,
  subsidyApproved,
  subsidyPaid,
} from './test-support/events';
import { PrismaClient, type TransactionClient } from './database';
import { StatisticsBatchConsumer } from './statistics-batch.consumer';

const BUREAU = actingAs({ orgId: 'bureau-cq', role: 'bureau', userId: 'clerk.zhang' });
const STATISTICIAN = actingAs({ orgId: 'stats-cq', role: 'statistician', userId: 'analyst.chen' });
const BANK = actingAs({ orgId: 'bank-cq-a', role: 'bank' });

const LICENSOR = { uscc: '91350100M000100Y43', name: '重庆某某智能科技有限公司' };
const LICENSEE = { uscc: '91110000600037341L', name: '北京示例制造有限公司' };

const deal = (overrides: Record<string, unknown>) => ({
  kind: 'licensing',
  ipItems: [{ ipType: 'invention-patent', number: 'ZL201910884346.5' }],
  from: LICENSOR,
  to: LICENSEE,
  amount: '1000000.00',
  contractDate: '2024-03-15',
  districtCode: '500112',
  industry: 'C',
  ...overrides,
});

describe('statistics on a real broker and database', () => {
  const sut = serviceUnderTest(
    { service: 'statistics', schema: 'statistics', prismaClient: PrismaClient, consumer: 'statistics', module: StatisticsModule },
    {
      createApp: (definition, env) =>
        createServiceApp(
          // As main.ts runs it: a fetched batch summed and stored together (the one-event handlers
          // are what amount-bounds.int.spec.ts runs).
          { ...definition, module: StatisticsModule.withConfig(loadStatisticsConfig(env)), batchConsumer: StatisticsBatchConsumer },
          loadConfig(ServiceConfigSchema, env),
        ),
      readTopics: ['deal'],
      env: { STATISTICS_TARGET: '20000000.00', STATISTICS_BASE_YEAR_AMOUNT: '4000000.00' },
    },
  );

  type Answer<T> = Promise<{ status: number; body: T & ErrorBody }>;
  const post = <T>(path: string, headers: Record<string, string>, body: unknown = {}): Answer<T> =>
    sut.call<T & ErrorBody>('POST', path, headers, body);
  const get = <T>(path: string, headers: Record<string, string> = STATISTICIAN): Answer<T> => sut.call<T & ErrorBody>('GET', path, headers);
  const annual = async (year: number) => (await get<AnnualStatisticsResponse>(`/api/statistics/annual?year=${year}`)).body;
  const file = async (path: string) => {
    const response = await fetch(`${sut.baseUrl}${path}`, { headers: STATISTICIAN });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  async function recordDeal(body: Record<string, unknown>): Promise<DealResponse> {
    const answer = await post<DealResponse>('/api/deals', BUREAU, body);
    expect(answer.status).toBe(201);
    return answer.body;
  }

  let reversedDeal: DealResponse;
  let totals2025BeforeReversal: AnnualStatisticsResponse;
  let subsidyEvents: EventEnvelope[];

  beforeAll(async () => {
    await recordDeal(deal({}));
    await recordDeal(
      deal({
        kind: 'transfer',
        ipItems: [{ ipType: 'trademark', number: '8123456' }],
        amount: '500000.00',
        contractDate: '2024-07-01',
        districtCode: '500103',
        industry: 'I',
      }),
    );
    await recordDeal(deal({ amount: '1500000.00', contractDate: '2025-02-10' }));
    await recordDeal(
      deal({
        kind: 'capital-contribution',
        ipItems: [{ ipType: 'software-copyright', number: '2021SR0123456' }],
        amount: '2000050.00',
        contractDate: '2025-06-20',
        districtCode: '500103',
        industry: 'I',
      }),
    );
    reversedDeal = await recordDeal(
      deal({
        kind: 'transfer',
        ipItems: [{ ipType: 'trademark', number: '8123457' }],
        amount: '800000.00',
        contractDate: '2025-06-25',
        districtCode: '500106',
        industry: 'M',
      }),
    );

    const l1 = loanDisbursed({
      bankOrgId: 'bank-cq-a',
      principal: '3000000.00',
      disbursedOn: '2024-05-10',
      districtCode: '500112',
      ipTypes: ['invention-patent'],
    });
    const l2 = loanDisbursed({
      bankOrgId: 'bank-cq-b',
      principal: '2000000.00',
      disbursedOn: '2024-11-05',
      districtCode: '500103',
      ipTypes: ['trademark'],
    });
    const l3 = loanDisbursed({
      bankOrgId: 'bank-cq-a',
      principal: '4000000.00',
      disbursedOn: '2025-01-20',
      districtCode: '500112',
      ipTypes: ['invention-patent', 'trademark'],
    });
    const l4 = loanDisbursed({
      bankOrgId: 'bank-cq-b',
      principal: '1000000.00',
      disbursedOn: '2025-03-15',
      districtCode: '500106',
      ipTypes: ['utility-model'],
    });
    const l5 = loanDisbursed({
      bankOrgId: 'bank-cq-a',
      principal: '5000000.00',
      disbursedOn: '2025-08-01',
      districtCode: '500103',
      ipTypes: ['software-copyright'],
    });
    const l6 = loanDisbursed({
      bankOrgId: 'bank-cq-b',
      principal: '2500000.00',
      disbursedOn: '2025-09-09',
      districtCode: '500112',
      ipTypes: ['trademark'],
    });
    const claimId = newId('claim');
    // Days from submission (China date) to registration: 4, 5, 3, 10, 2, 30; one 2025 application not yet registered; one 2024 pledge.
    const pledges = [
      ['2024-12-31T17:00:00.000Z', '2025-01-05'], // China date 2025-01-01 → 4 days
      ['2025-01-01T20:00:00.000Z', '2025-01-07'], // China date 2025-01-02 → 5 days
      ['2025-02-01T01:00:00.000Z', '2025-02-04'],
      ['2025-03-01T01:00:00.000Z', '2025-03-11'],
      ['2025-04-01T01:00:00.000Z', '2025-04-03'],
      ['2025-05-01T01:00:00.000Z', '2025-05-31'],
      ['2025-06-01T01:00:00.000Z', null],
      ['2024-06-01T01:00:00.000Z', '2024-06-08'],
    ] as const;
    const pledgeEvents = pledges.flatMap(([submittedAt, registeredOn]) => {
      const pledgeId = newId('pledge');
      if (registeredOn === null) return [pledgeSubmitted(pledgeId, submittedAt)];
      if (registeredOn === '2025-03-11') {
        // Returned for correction (补正) and resubmitted on 03-09, changed and released after: still
        // 10 days from the FIRST receipt, one application, one registration.
        return [
          pledgeSubmitted(pledgeId, submittedAt),
          ...pledgeCorrected(pledgeId, '2025-03-03', '2025-03-09T01:00:00.000Z', submittedAt),
          pledgeRegistered(pledgeId, registeredOn),
          ...pledgeChangedAndReleased(pledgeId, '2025-04-01'),
        ];
      }
      return [pledgeSubmitted(pledgeId, submittedAt), pledgeRegistered(pledgeId, registeredOn)];
    });
    const s1 = subsidyApproved({
      kind: 'interest',
      bankOrgId: 'bank-cq-a',
      districtCode: '500112',
      industry: 'C',
      approvedOn: '2025-04-10',
      approvedAmount: '45000.00',
    });
    const s2 = subsidyApproved({
      kind: 'evaluation-fee',
      bankOrgId: 'bank-cq-b',
      districtCode: '500103',
      industry: 'I',
      approvedOn: '2025-05-06',
      approvedAmount: '30000.01',
    });
    const s3 = subsidyApproved({
      kind: 'guarantee-fee',
      bankOrgId: 'bank-cq-a',
      districtCode: '500106',
      industry: null,
      approvedOn: '2025-06-01',
      approvedAmount: '20000.00',
    });
    const s4 = subsidyApproved({
      kind: 'insurance-premium',
      bankOrgId: 'bank-cq-b',
      districtCode: '500112',
      industry: 'C',
      approvedOn: '2025-12-01',
      approvedAmount: '0.00',
    });
    const s5 = subsidyApproved({
      kind: 'interest',
      bankOrgId: 'bank-cq-b',
      districtCode: '500112',
      industry: 'M',
      approvedOn: '2024-11-03',
      approvedAmount: '10000.00',
    });
    subsidyEvents = [
      s5.event,
      s1.event,
      s2.event,
      s3.event,
      s4.event,
      subsidyPaid(s5.subsidy, 2024, '2025-01-10', '10000.00'),
      subsidyPaid(s1.subsidy, 2025, '2025-04-20', '45000.00'),
      subsidyPaid(s2.subsidy, 2025, '2025-05-20', '30000.01'),
      subsidyPaid(s3.subsidy, 2025, '2026-01-08', '20000.00'),
    ];
    const events = [
      ...[l1, l2, l3, l4, l5, l6].map((loan) => loan.event),
      loanDefaulted(l3.loan, '2025-10-01', '3500000.00'),
      ...pledgeEvents,
      fundBudgetOpened(2025, '10000000.00'),
      fundContributionReceived(2025, 'appropriation', '4000000.00', 'fc_0195a1b2c3d47e5f8a6b7c8d9e0f1a01'),
      fundContributionReceived(2025, 'top-up', '2000000.00', 'fc_0195a1b2c3d47e5f8a6b7c8d9e0f1a02'),
      compensationApproved(l3.loan, claimId, '2025-11-03', '1800000.00', '900000.00'),
      compensationPaid(l3.loan, claimId, '2025-11-20', '900000.00'),
      recoveryDistributed(l3.loan, claimId, '2025-12-10', '600000.00'),
      ...subsidyEvents,
    ];
    // Every event delivered twice: the second delivery changes nothing.
    await sut.produce(...events);
    await sut.produce(...events);
    await Promise.all((['loan', 'pledge', 'compensation', 'subsidy'] as const).map((topic) => sut.consumedAll(topic)));

    totals2025BeforeReversal = await eventually(async () => {
      const report = await annual(2025);
      expect(report.categories.find((entry) => entry.category === 'transfer')?.amount.yuan).toBe('800000.00');
      expect(report.total.yuan).toBe('16800050.00');
      return report;
    });
    expect((await annual(2024)).total.yuan).toBe('6500000.00');

    const reversal = await post<DealResponse>(`/api/deals/${reversedDeal.id}/reversal`, BUREAU, {
      reason: 'the contract was filed twice',
      reversedOn: '2025-07-01',
    });
    expect(reversal.status).toBe(200);
    expect(reversal.body).toMatchObject({ status: 'REVERSED', reversedOn: '2025-07-01', reversalReason: 'the contract was filed twice' });
    await eventually(async () => expect((await annual(2025)).total.yuan).toBe('16000050.00'));
    // The deal events delivered once more: nothing changes.
    const dealEvents = sut.published.filter((event) => event.type === 'DealRecorded' || event.type === 'DealReversed');
    expect(dealEvents).toHaveLength(6);
    await sut.produce(...dealEvents);
    await sut.consumedAll('deal');
  });

  it('sums the four categories of a year against the target, the doubling goal and the previous year', async () => {
    const report = await annual(2025);
    expect(
      report.categories.map((entry) => [
        entry.category,
        entry.label,
        entry.count,
        entry.amount.yuan,
        entry.previousAmount.yuan,
        entry.growthPercent,
      ]),
    ).toEqual([
      ['licensing', '许可', 1, '1500000.00', '1000000.00', '50.00'],
      ['transfer', '转让', 0, '0.00', '500000.00', '-100.00'],
      ['capital-contribution', '出资入股', 1, '2000050.00', '0.00', null],
      ['pledge-financing', '质押融资', 4, '12500000.00', '5000000.00', '150.00'],
    ]);
    // 2,000,050.00 yuan = 200.005 万元 → 200.01 half-up.
    expect(report.categories[2].amount).toEqual({ yuan: '2000050.00', wan: '200.01 万元', yi: '0.02 亿元' });
    expect(report.total).toEqual({ yuan: '16000050.00', wan: '1,600.01 万元', yi: '0.16 亿元' });
    expect(report.count).toBe(6);
    // (16,000,050.00 − 6,500,000.00) / 6,500,000.00 = 146.1546…%
    expect(report.growthPercent).toBe('146.15');
    expect(report.target.yuan).toBe('20000000.00');
    expect(report.targetProgressPercent).toBe('80.00');
    expect(report).toMatchObject({ baseYear: 2015, doublingProgressPercent: '200.00' });
    expect(report.doublingGoal.yuan).toBe('8000000.00');
  });

  it('counts pledges, days to registration, loans, defaults and compensation', async () => {
    const report = await annual(2025);
    // Durations 2, 3, 4, 5, 10, 30: nearest-rank median is the 3rd (4), p90 the 6th (30).
    expect(report.pledges).toEqual({ applications: 7, registrations: 6, medianDaysToRegistration: 4, p90DaysToRegistration: 30 });
    expect(report.loans).toEqual({ disbursed: 4, defaulted: 1, defaultRatePercent: '25.00' });
    expect(report.compensation.approved.yuan).toBe('1800000.00');
    expect(report.compensation.paid.yuan).toBe('900000.00');
    expect(report.compensation.recovered.yuan).toBe('600000.00');
    // The appropriation and the top-up; a payment towards the appropriation adds nothing to the budget.
    expect(report.compensation.budgetAppropriated.yuan).toBe('12000000.00');
    expect(report.compensation.budgetUsed.yuan).toBe('900000.00');

    const earlier = await annual(2024);
    expect(earlier.pledges).toEqual({ applications: 1, registrations: 1, medianDaysToRegistration: 7, p90DaysToRegistration: 7 });
    expect(earlier.loans).toEqual({ disbursed: 2, defaulted: 0, defaultRatePercent: '0.00' });
    expect(earlier.growthPercent).toBeNull();
    expect((await annual(2023)).loans.defaultRatePercent).toBeNull();
  });

  it('counts subsidies approved and paid in the year, by kind, district, bank and industry, each summing to the year’s figures', async () => {
    const { subsidies } = await annual(2025);
    const figures = (of: { count: number; amount: { yuan: string } }) => `${of.count} ${of.amount.yuan}`;
    const table = (rows: AnnualStatisticsResponse['subsidies']['byKind']) =>
      rows.map((row) => [row.key, row.label, figures(row.approved), figures(row.paid)]);
    expect([figures(subsidies.approved), figures(subsidies.paid)]).toEqual(['4 95000.01', '3 85000.01']);
    expect(subsidies.approved.amount).toEqual({ yuan: '95000.01', wan: '9.50 万元', yi: '0.00 亿元' });
    expect(table(subsidies.byKind)).toEqual([
      ['interest', '贴息', '1 45000.00', '2 55000.00'],
      ['evaluation-fee', '评估费补贴', '1 30000.01', '1 30000.01'],
      ['guarantee-fee', '担保费补贴', '1 20000.00', '0 0.00'],
      ['insurance-premium', '保险费补贴', '1 0.00', '0 0.00'],
    ]);
    // S5's payout counts under the district and industry of its approval of the year before.
    expect(table(subsidies.byDistrict)).toEqual([
      ['500112', '渝北区', '2 45000.00', '2 55000.00'],
      ['500103', '渝中区', '1 30000.01', '1 30000.01'],
      ['500106', '沙坪坝区', '1 20000.00', '0 0.00'],
    ]);
    expect(table(subsidies.byBank)).toEqual([
      ['bank-cq-a', 'bank-cq-a', '2 65000.00', '1 45000.00'],
      ['bank-cq-b', 'bank-cq-b', '2 30000.01', '2 40000.01'],
    ]);
    expect(table(subsidies.byIndustry)).toEqual([
      ['C', '制造业', '2 45000.00', '1 45000.00'],
      ['I', '信息传输、软件和信息技术服务业', '1 30000.01', '1 30000.01'],
      ['unclassified', '未分类', '1 20000.00', '0 0.00'],
      ['M', '科学研究和技术服务业', '0 0.00', '1 10000.00'],
    ]);

    // S3 was paid in 2026, S5 approved in 2024.
    const next = (await annual(2026)).subsidies;
    expect([figures(next.approved), figures(next.paid)]).toEqual(['0 0.00', '1 20000.00']);
    expect(table(next.byDistrict)).toEqual([['500106', '沙坪坝区', '0 0.00', '1 20000.00']]);
    expect(table(next.byIndustry)).toEqual([['unclassified', '未分类', '0 0.00', '1 20000.00']]);
    const before = (await annual(2024)).subsidies;
    expect([figures(before.approved), figures(before.paid)]).toEqual(['1 10000.00', '0 0.00']);
    // Subsidies are not deals: the year's categories and breakdowns leave them out.
    expect((await annual(2025)).total.yuan).toBe('16000050.00');
  });

  it('changes nothing when the subsidy events are delivered once more', async () => {
    const before = (await annual(2025)).subsidies;
    const positions = await sut.produce(...subsidyEvents);
    await sut.consumedPast(positions[positions.length - 1]!);
    await sut.consumedAll('subsidy');
    expect((await annual(2025)).subsidies).toEqual(before);
    expect(await sut.prisma.statisticsSubsidyApproval.count()).toBe(5);
  });

  it('breaks a year down by category, district, bank, IP type and industry, each summing to its total', async () => {
    const rows = async (by: string) => {
      const answer = await get<BreakdownResponse>(`/api/statistics/breakdown?year=2025&by=${by}`);
      expect(answer.status).toBe(200);
      return [answer.body.rows.map((row) => [row.key, row.label, row.count, row.amount.yuan]), answer.body.total.yuan];
    };
    expect(await rows('category')).toEqual([
      [
        ['licensing', '许可', 1, '1500000.00'],
        ['transfer', '转让', 0, '0.00'],
        ['capital-contribution', '出资入股', 1, '2000050.00'],
        ['pledge-financing', '质押融资', 4, '12500000.00'],
      ],
      '16000050.00',
    ]);
    expect(await rows('district')).toEqual([
      [
        ['500112', '渝北区', 3, '8000000.00'],
        ['500103', '渝中区', 2, '7000050.00'],
        ['500106', '沙坪坝区', 1, '1000000.00'],
      ],
      '16000050.00',
    ]);
    expect(await rows('bank')).toEqual([
      [
        ['bank-cq-a', 'bank-cq-a', 2, '9000000.00'],
        ['bank-cq-b', 'bank-cq-b', 2, '3500000.00'],
      ],
      '12500000.00',
    ]);
    expect(await rows('ip-type')).toEqual([
      [
        ['software-copyright', '软件著作权', 2, '7000050.00'],
        ['invention-patent', '发明专利', 2, '5500000.00'],
        ['trademark', '商标', 1, '2500000.00'],
        ['utility-model', '实用新型专利', 1, '1000000.00'],
      ],
      '16000050.00',
    ]);
    expect(await rows('industry')).toEqual([
      [
        ['unclassified', '未分类', 4, '12500000.00'],
        ['I', '信息传输、软件和信息技术服务业', 1, '2000050.00'],
        ['C', '制造业', 1, '1500000.00'],
      ],
      '16000050.00',
    ]);
  });

  it('gives the year month by month', async () => {
    const answer = await get<MonthlyStatisticsResponse>('/api/statistics/monthly?year=2025');
    expect(answer.status).toBe(200);
    expect(answer.body.rows).toHaveLength(12);
    const nonZero = answer.body.rows
      .filter((row) => row.total.yuan !== '0.00')
      .map((row) => [
        row.month,
        row.licensing.yuan,
        row.transfer.yuan,
        row.capitalContribution.yuan,
        row.pledgeFinancing.yuan,
        row.total.yuan,
      ]);
    expect(nonZero).toEqual([
      [1, '0.00', '0.00', '0.00', '4000000.00', '4000000.00'],
      [2, '1500000.00', '0.00', '0.00', '0.00', '1500000.00'],
      [3, '0.00', '0.00', '0.00', '1000000.00', '1000000.00'],
      [6, '0.00', '0.00', '2000050.00', '0.00', '2000050.00'],
      [8, '0.00', '0.00', '0.00', '5000000.00', '5000000.00'],
      [9, '0.00', '0.00', '0.00', '2500000.00', '2500000.00'],
    ]);
  });

  it('projects a past year from its whole year and warns of the rising default rate and the pace below target', async () => {
    const answer = await get<ProjectionResponse>('/api/statistics/projection?year=2025');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      year: 2025,
      throughMonth: 12,
      method: 'same-month-share',
      historicalSharePercent: '100.00',
      yearsUsed: [2024],
    });
    expect(answer.body.yearToDate.yuan).toBe('16000050.00');
    expect(answer.body.projected.yuan).toBe('16000050.00');
    // Budget used 9 % of the year: no burn warning; default rate 25.00 % after 0.00 %; 80.00 % of the target.
    expect(answer.body.warnings.map((warning) => warning.code)).toEqual(['default-rate-rising', 'pace-below-target']);

    const first = await get<ProjectionResponse>('/api/statistics/projection?year=2024');
    expect(first.body).toMatchObject({ method: 'linear', throughMonth: 12, yearsUsed: [] });
    expect(first.body.projected.yuan).toBe('6500000.00');
  });

  it('takes a reversed deal back out of every total exactly, and refuses a second reversal', async () => {
    const before = totals2025BeforeReversal;
    const after = await annual(2025);
    expect(Number(before.total.yuan) - Number(after.total.yuan)).toBe(800000);
    expect(after.categories.find((entry) => entry.category === 'transfer')).toMatchObject({ count: 0, amount: { yuan: '0.00' } });
    const again = await post(`/api/deals/${reversedDeal.id}/reversal`, BUREAU, { reason: 'the contract was filed twice' });
    expect(again.status).toBe(409);
    expect((await post(`/api/deals/${newId('deal')}/reversal`, BUREAU, { reason: 'no such deal here' })).status).toBe(404);
    const listed = await get<{ items: DealResponse[] }>('/api/deals?year=2025&kind=transfer', BUREAU);
    expect(listed.body.items.map((item) => [item.id, item.status])).toEqual([[reversedDeal.id, 'REVERSED']]);
  });

  it('refuses a bad deal with 400 naming each field', async () => {
    const answer = await post(
      '/api/deals',
      BUREAU,
      deal({
        from: { ...LICENSOR, uscc: '91350100M000100Y44' },
        districtCode: '110101',
        contractDate: '2099-01-01',
        ipItems: [{ ipType: 'invention-patent', number: '201910884346.4' }],
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.details?.map((issue) => issue.field).sort()).toEqual([
      'contractDate',
      'districtCode',
      'from.uscc',
      'ipItems[0].number',
    ]);
    const shape = await post('/api/deals', BUREAU, deal({ amount: '-5.00', industry: 'Z', kind: 'gift' }));
    expect(shape.status).toBe(400);
    expect(shape.body.error.details?.map((issue) => issue.field).sort()).toEqual(['amount', 'industry', 'kind']);
    const ancient = await post('/api/deals', BUREAU, deal({ contractDate: '2001-03-15' }));
    expect(ancient.status).toBe(400);
    expect(ancient.body.error.details).toEqual([
      { field: 'contractDate', rule: expect.stringContaining('days back (BACKDATING_LIMIT_DAYS)') },
    ]);
  });

  it('refuses bad query parameters with 400 naming each, and a bank with 403', async () => {
    const answer = await get('/api/statistics/breakdown?year=abc&by=planet&format=pdf');
    expect(answer.status).toBe(400);
    expect(answer.body.error.details?.map((issue) => issue.field).sort()).toEqual(['query.by', 'query.format', 'query.year']);
    expect((await get('/api/statistics/annual?year=1999')).status).toBe(400);
    expect((await get('/api/statistics/annual?year=2025', BANK)).status).toBe(403);
    expect((await post('/api/deals', STATISTICIAN, deal({}))).status).toBe(403);
  });

  it('downloads every table as CSV with a BOM and Chinese headers, with the same numbers as the JSON', async () => {
    const csv = await file('/api/statistics/annual?year=2025&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="ipledger-annual-2025.csv"');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('类别,笔数,金额（元）,金额（万元）,金额（亿元）,上年金额（元）,同比增长（%）');
    expect(lines[3]).toBe('出资入股,1,2000050.00,200.01,0.02,0.00,');
    expect(lines[5]).toBe('合计,6,16000050.00,1600.01,0.16,,146.15');
    expect(lines).toContain('违约率,25.00,%');
    expect(lines).toContain('核准扶持资金,95000.01,元');
    expect(lines).toContain('支付扶持资金笔数,3,笔');
    const byKind = lines.indexOf('扶持资金按类型,代码,核准笔数,核准金额（元）,核准金额（万元）,支付笔数,支付金额（元）,支付金额（万元）');
    expect(lines.slice(byKind + 1, byKind + 6)).toEqual([
      '贴息,interest,1,45000.00,4.50,2,55000.00,5.50',
      '评估费补贴,evaluation-fee,1,30000.01,3.00,1,30000.01,3.00',
      '担保费补贴,guarantee-fee,1,20000.00,2.00,0,0.00,0.00',
      '保险费补贴,insurance-premium,1,0.00,0.00,0,0.00,0.00',
      '合计,,4,95000.01,9.50,3,85000.01,8.50',
    ]);
    expect(lines).toContain('渝北区,500112,2,45000.00,4.50,2,55000.00,5.50');
    expect(lines).toContain('未分类,unclassified,1,20000.00,2.00,0,0.00,0.00');

    for (const [path, name] of [
      ['/api/statistics/breakdown?year=2025&by=district&format=csv', 'ipledger-breakdown-district-2025.csv'],
      ['/api/statistics/monthly?year=2025&format=csv', 'ipledger-monthly-2025.csv'],
      ['/api/statistics/projection?year=2025&format=csv', 'ipledger-projection-2025.csv'],
    ]) {
      const download = await file(path);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
    }
    const district = (await file('/api/statistics/breakdown?year=2025&by=district&format=csv')).bytes
      .toString('utf8')
      .slice(1)
      .split('\r\n');
    expect(district.slice(0, 5)).toEqual([
      '区县,代码,笔数,金额（元）,金额（万元）,金额（亿元）',
      '渝北区,500112,3,8000000.00,800.00,0.08',
      '渝中区,500103,2,7000050.00,700.01,0.07',
      '沙坪坝区,500106,1,1000000.00,100.00,0.01',
      '合计,,6,16000050.00,1600.01,0.16',
    ]);
  });

  it('downloads XLSX whose cells are the JSON numbers', async () => {
    const xlsx = await file('/api/statistics/monthly?year=2025&format=xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('月度统计 2025');
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '月份',
      '许可（元）',
      '转让（元）',
      '出资入股（元）',
      '质押融资（元）',
      '合计（元）',
      '合计（万元）',
      '合计（亿元）',
    ]);
    const monthly = (await get<MonthlyStatisticsResponse>('/api/statistics/monthly?year=2025')).body;
    monthly.rows.forEach((row, index) => {
      const cells = sheet.getRow(index + 2);
      expect(cells.getCell(1).value).toBe(row.month);
      expect(cells.getCell(5).value).toBe(Number(row.pledgeFinancing.yuan));
      expect(cells.getCell(6).value).toBe(Number(row.total.yuan));
    });
    expect(sheet.getRow(7).getCell(4).value).toBe(2000050);
    expect(sheet.getRow(7).getCell(7).value).toBe(200.01);
    expect(sheet.getRow(7).getCell(6).numFmt).toBe('#,##0.00');
  });

  describe('a consumed batch summed and stored together (StatisticsBatchConsumer), rolled back after each test', () => {
    class RolledBack extends Error {}
    /** Runs `work` in a transaction that is then rolled back, so the shared data set above is untouched. */
    async function inRolledBackTransaction(work: (tx: TransactionClient) => Promise<void>): Promise<void> {
      await expect(
        sut.prisma.$transaction(async (tx) => {
          await work(tx);
          throw new RolledBack();
        }),
      ).rejects.toBeInstanceOf(RolledBack);
    }
    const batchConsumer = () => sut.app.get(StatisticsBatchConsumer);

    it('counts every event of the batch once per row, with a submission earlier in the batch timing its registration', async () => {
      const pledgeId = newId('pledge');
      const loans = ['2031-02-01', '2031-02-15', '2031-03-01'].map((disbursedOn) =>
        loanDisbursed({ bankOrgId: 'bank-cq-a', principal: '1000000.01', disbursedOn, districtCode: '500112', ipTypes: ['trademark'] }),
      );
      const events = [
        ...loans.map((loan) => loan.event),
        pledgeSubmitted(pledgeId, '2031-01-01T01:00:00.000Z'),
        pledgeRegistered(pledgeId, '2031-01-08'),
        fundBudgetOpened(2031, '5000000.00'),
        compensationApproved(loans[0]!.loan, newId('claim'), '2031-05-01', '600000.00', '300000.00'),
        compensationApproved(loans[1]!.loan, newId('claim'), '2031-05-02', '400000.00', '200000.00'),
      ];

      await inRolledBackTransaction(async (tx) => {
        await batchConsumer().handleAll(events, tx);
        const rollups = await tx.statisticsRollup.findMany({ where: { year: 2031, dimension: 'total' }, orderBy: { month: 'asc' } });
        expect(rollups.map((row) => [row.month, row.count, row.amount.toFixed(2)])).toEqual([
          [2, 2, '2000000.02'],
          [3, 1, '1000000.01'],
        ]);
        const counters = await tx.statisticsCounter.findMany({ where: { year: 2031 }, orderBy: { metric: 'asc' } });
        expect(counters.map((row) => [row.metric, row.count, row.amount.toFixed(2)])).toEqual([
          ['compensation-approved', 2, '1000000.00'],
          ['loans-disbursed', 3, '3000000.03'],
          ['pledge-applications', 1, '1000000.00'],
          ['pledge-registrations', 1, '0.00'],
        ]);
        expect(await tx.statisticsDurationBucket.findMany({ where: { year: 2031 } })).toEqual([{ year: 2031, days: 7, count: 1 }]);
        const [budget] = await tx.statisticsFundBudget.findMany({ where: { year: 2031 } });
        expect([budget?.appropriated.toFixed(2), budget?.used.toFixed(2)]).toEqual(['5000000.00', '500000.00']);
      });
    });

    it('counts a payout under the district and industry of an approval earlier in the batch, and one without its approval under 不详', async () => {
      const approved = subsidyApproved({
        kind: 'interest',
        bankOrgId: 'bank-cq-a',
        districtCode: '500103',
        industry: null,
        approvedOn: '2031-03-01',
        approvedAmount: '1234.56',
      });
      const neverApproved = {
        applicationId: newId('subsidyApplication'),
        kind: 'guarantee-fee' as const,
        loanId: newId('loan'),
        bankOrgId: 'bank-cq-b',
      };
      const events = [
        approved.event,
        subsidyPaid(approved.subsidy, 2031, '2031-03-10', '1234.56'),
        subsidyPaid(neverApproved, 2031, '2031-03-11', '100.00'),
      ];

      await inRolledBackTransaction(async (tx) => {
        await batchConsumer().handleAll(events, tx);
        const rows = await tx.statisticsSubsidyRollup.findMany({
          where: { year: 2031 },
          orderBy: [{ measure: 'asc' }, { kind: 'asc' }, { dimension: 'asc' }, { value: 'asc' }],
        });
        expect(rows.map((row) => [row.measure, row.kind, row.dimension, row.value, row.count, row.amount.toFixed(2)])).toEqual([
          ['approved', 'interest', 'bank', 'bank-cq-a', 1, '1234.56'],
          ['approved', 'interest', 'district', '500103', 1, '1234.56'],
          ['approved', 'interest', 'industry', 'unclassified', 1, '1234.56'],
          ['approved', 'interest', 'total', 'all', 1, '1234.56'],
          ['paid', 'guarantee-fee', 'bank', 'bank-cq-b', 1, '100.00'],
          ['paid', 'guarantee-fee', 'district', 'unknown', 1, '100.00'],
          ['paid', 'guarantee-fee', 'industry', 'unknown', 1, '100.00'],
          ['paid', 'guarantee-fee', 'total', 'all', 1, '100.00'],
          ['paid', 'interest', 'bank', 'bank-cq-a', 1, '1234.56'],
          ['paid', 'interest', 'district', '500103', 1, '1234.56'],
          ['paid', 'interest', 'industry', 'unclassified', 1, '1234.56'],
          ['paid', 'interest', 'total', 'all', 1, '1234.56'],
        ]);
        expect(await tx.statisticsSubsidyApproval.findMany({ where: { applicationId: approved.subsidy.applicationId } })).toEqual([
          {
            applicationId: approved.subsidy.applicationId,
            districtCode: '500103',
            industry: null,
            approvedOn: new Date('2031-03-01T00:00:00.000Z'),
          },
        ]);
      });
    });

    it('fails as a whole, storing nothing, when one event cannot be counted (the consumer then takes them one by one)', async () => {
      const loan = loanDisbursed({
        bankOrgId: 'bank-cq-b',
        principal: '7.00',
        disbursedOn: '2031-06-01',
        districtCode: '500112',
        ipTypes: ['trademark'],
      });
      const neverRecorded = testEnvelope('DealReversed', {
        dealId: newId('deal'),
        kind: 'transfer',
        reversedOn: '2031-06-02',
        reason: 'a deal this service never recorded',
      });

      await inRolledBackTransaction(async (tx) => {
        await expect(batchConsumer().handleAll([loan.event, neverRecorded], tx)).rejects.toThrow(/which is not recorded/);
      });
      expect(await sut.prisma.statisticsCounter.count({ where: { year: 2031 } })).toBe(0);
    });
  });
});
