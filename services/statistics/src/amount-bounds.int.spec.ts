// One bank's (or the bureau's) input cannot break the statistics for the whole city: amounts are
// bounded at 100亿元 each, the rollups and counters hold 10^18 of those, and the statistics read
// back and show any total a column can hold. On a real PostgreSQL and Kafka.
//
// The data set: 24 deals of the largest allowed amount (two a month, licensing and transfer) and
// 3 pledge loans of the largest allowed principal (Jan, Feb, Mar), all in 2025; in 2024 one deal
// of 100亿元 a month, so the projection has a history.
import {
  DeadLetterSchema,
  deadLetterTopicName,
  type AnnualStatisticsResponse,
  type DealResponse,
  type ErrorBody,
  type ProjectionResponse,
} from '@ipledger/contracts';
import { MAX_AMOUNT, Money } from '@ipledger/money';
import { createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { actingAs, pollUntil, serviceUnderTest } from '@ipledger/testing';
import { PrismaClient } from './database';
import { loadStatisticsConfig } from './statistics.config';
import { StatisticsModule } from './statistics.module';
import { loanDisbursed } from './test-support/events';

const BUREAU = actingAs({ orgId: 'bureau-cq', role: 'bureau', userId: 'clerk.zhang' });
const STATISTICIAN = actingAs({ orgId: 'stats-cq', role: 'statistician', userId: 'analyst.chen' });

const deal = (overrides: Record<string, unknown>) => ({
  kind: 'licensing',
  ipItems: [{ ipType: 'invention-patent', number: 'ZL201910884346.5' }],
  from: { uscc: '91350100M000100Y43', name: '重庆某某智能科技有限公司' },
  to: { uscc: '91110000600037341L', name: '北京示例制造有限公司' },
  amount: MAX_AMOUNT,
  contractDate: '2025-01-15',
  districtCode: '500112',
  industry: 'C',
  ...overrides,
});

const month = (index: number) => String(index + 1).padStart(2, '0');
const max = Money.of(MAX_AMOUNT);

describe('amounts at their bounds in the statistics', () => {
  const sut = serviceUnderTest(
    { service: 'statistics', schema: 'statistics', prismaClient: PrismaClient, consumer: 'statistics', module: StatisticsModule },
    {
      createApp: (definition, env) =>
        createServiceApp(
          { ...definition, module: StatisticsModule.withConfig(loadStatisticsConfig(env)) },
          loadConfig(ServiceConfigSchema, env),
        ),
      readTopics: ['deal'],
    },
  );

  type Answer<T> = Promise<{ status: number; body: T & ErrorBody }>;
  const post = <T>(path: string, body: unknown): Answer<T> => sut.call<T & ErrorBody>('POST', path, BUREAU, body);
  const get = <T>(path: string): Answer<T> => sut.call<T & ErrorBody>('GET', path, STATISTICIAN);

  beforeAll(async () => {
    for (let index = 0; index < 12; index += 1) {
      for (const kind of ['licensing', 'transfer']) {
        const answer = await post<DealResponse>('/api/deals', deal({ kind, contractDate: `2025-${month(index)}-10` }));
        expect(answer.status).toBe(201);
      }
      const before = await post<DealResponse>('/api/deals', deal({ contractDate: `2024-${month(index)}-10` }));
      expect(before.status).toBe(201);
    }
    const loans = ['2025-01-20', '2025-02-20', '2025-03-20'].map((disbursedOn) =>
      loanDisbursed({ bankOrgId: 'bank-cq-a', principal: MAX_AMOUNT, disbursedOn, districtCode: '500112', ipTypes: ['invention-patent'] }),
    );
    await sut.produce(...loans.map((loan) => loan.event));
    await sut.consumedAll('loan');
    await sut.consumedAll('deal');
  });

  it('refuses a deal one fen above 100亿元 with a 400 naming the field and the rule, and stores nothing', async () => {
    const deals = await sut.prisma.statisticsDeal.count();

    const answer = await post<DealResponse>('/api/deals', deal({ amount: '10000000000.01' }));

    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation-failed');
    expect(answer.body.error.details).toEqual([
      { field: 'amount', rule: '单笔金额不得超过 10,000,000,000.00 元（100亿元）', code: 'amount-above-maximum' },
    ]);
    expect(await sut.prisma.statisticsDeal.count()).toBe(deals);
  });

  it('dead-letters an event stating an amount above the bound, and counts nothing of it', async () => {
    const deadLetters = await sut.readTopic(deadLetterTopicName('statistics', sut.prefix), (value) =>
      DeadLetterSchema.parse(JSON.parse(value)),
    );
    const counters = await sut.prisma.statisticsCounter.findMany({ orderBy: [{ year: 'asc' }, { metric: 'asc' }] });
    const oversized = loanDisbursed({
      bankOrgId: 'bank-cq-a',
      principal: '1.00',
      disbursedOn: '2025-04-20',
      districtCode: '500112',
      ipTypes: ['invention-patent'],
    }).event;
    const forged = { ...oversized, payload: { ...oversized.payload, principal: '999999999999999999.99' } };

    await sut.produce(forged);
    await sut.consumedAll('loan');

    const letter = await pollUntil(() => deadLetters.find((entry) => JSON.parse(entry.originalValue).eventId === forged.eventId), {
      description: 'the oversized LoanDisbursed in the dead-letter topic',
    });
    expect(letter.reason).toBe('invalid-payload');
    expect(letter.error).toContain('principal');
    expect(await sut.prisma.statisticsCounter.findMany({ orderBy: [{ year: 'asc' }, { metric: 'asc' }] })).toEqual(counters);
  });

  it('sums the largest allowed amounts exactly in the annual statistics', async () => {
    const answer = await get<AnnualStatisticsResponse>('/api/statistics/annual?year=2025');

    expect(answer.status).toBe(200);
    const byCategory = Object.fromEntries(
      answer.body.categories.map((entry) => [entry.category, [entry.count, entry.amount.yuan, entry.previousAmount.yuan]]),
    );
    expect(byCategory).toEqual({
      licensing: [12, '120000000000.00', '120000000000.00'],
      transfer: [12, '120000000000.00', '0.00'],
      'capital-contribution': [0, '0.00', '0.00'],
      'pledge-financing': [3, '30000000000.00', '0.00'],
    });
    // 27 × 10,000,000,000.00 = 270,000,000,000.00 = 2,700 亿元
    expect(answer.body.total).toEqual({ yuan: max.times('27').toString(), wan: '27,000,000.00 万元', yi: '2,700.00 亿元' });
    expect(answer.body.total.yuan).toBe('270000000000.00');
    expect(answer.body.count).toBe(27);
    expect(answer.body.growthPercent).toBe('125.00');
    expect(answer.body.targetProgressPercent).toBe('2700.00');
  });

  it('projects the year from the largest allowed amounts exactly', async () => {
    const answer = await get<ProjectionResponse>('/api/statistics/projection?year=2025');

    expect(answer.status).toBe(200);
    // A past year: through December, so the projection is the year's total.
    expect(answer.body).toMatchObject({
      year: 2025,
      throughMonth: 12,
      method: 'same-month-share',
      historicalSharePercent: '100.00',
      yearsUsed: [2024],
    });
    expect(answer.body.yearToDate.yuan).toBe('270000000000.00');
    expect(answer.body.projected.yuan).toBe('270000000000.00');
  });

  it('reads and shows totals beyond a single amount and beyond the old DECIMAL(20,2), as stored before the bounds existed', async () => {
    // What a probe run left in a read model before amounts were bounded (the figure of issue 13).
    const stored = '1000000000339194495.02';
    await sut.prisma.$executeRawUnsafe(
      `INSERT INTO statistics.rollups (year, month, category, dimension, value, count, amount) VALUES (2023, 1, 'licensing', 'total', 'all', 3, $1::numeric)`,
      stored,
    );
    await sut.prisma.$executeRawUnsafe(
      `INSERT INTO statistics.counters (year, metric, count, amount) VALUES (2023, 'compensation-approved', 2, $1::numeric)`,
      stored,
    );

    const annual = await get<AnnualStatisticsResponse>('/api/statistics/annual?year=2023');
    expect(annual.status).toBe(200);
    expect(annual.body.total).toEqual({ yuan: stored, wan: '100,000,000,033,919.45 万元', yi: '10,000,000,003.39 亿元' });
    expect(annual.body.compensation.approved.yuan).toBe(stored);

    const projection = await get<ProjectionResponse>('/api/statistics/projection?year=2023');
    expect(projection.status).toBe(200);
    expect(projection.body.projected.yuan).toBe(stored);

    // The year after: its growth is measured against that figure, still without an error.
    const next = await get<AnnualStatisticsResponse>('/api/statistics/annual?year=2024');
    expect(next.status).toBe(200);
    expect(next.body.categories[0].previousAmount.yuan).toBe(stored);
  });
});
