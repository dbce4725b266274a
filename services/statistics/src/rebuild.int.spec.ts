// Rebuilding the statistics read model from the event topics (`ipledger stats rebuild`), against a
// real PostgreSQL and Kafka: the service runs in-process and learns a mix of deals (over HTTP, one
// reversed), loans, defaults, pledges, compensation and subsidies over three years; every read-model table
// and the annual figures are snapshot; with the service stopped, the CLI (its real binary) empties
// the read model and rewinds the consumer group; started again, the service replays every event
// and the read model is exactly what it was. While the service runs, the CLI refuses.
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { adminSasl, operatorKafkaEnv } from '@ipledger/devstack';
import {
  consumerGroupId,
  EVENTS,
  topicName,
  type AnnualStatisticsResponse,
  type BreakdownResponse,
  type EventEnvelope,
  type TopicId,
} from '@ipledger/contracts';
import { createPrismaClient } from '@ipledger/db';
import { PrismaClient } from './database';
import { createServiceApp, loadConfig, newId, ServiceConfigSchema } from '@ipledger/service-kit';
import {
  actingAs,
  createTestDatabase,
  createTopicsForPrefix,
  pollUntil,
  signedMessage,
  testBrokers,
  testEnvironment,
  testKafkaSecurity,
  testServiceKafkaEnv,
  uniqueTopicPrefix,
  type TestDatabase,
} from '@ipledger/testing';
import { loadStatisticsConfig } from './statistics.config';
import { StatisticsModule } from './statistics.module';
import {
  compensationApproved,
  compensationPaid,
  fundBudgetOpened,
  loanDefaulted,
  loanDisbursed,
  pledgeRegistered,
  pledgeSubmitted,
  recoveryDistributed,
  subsidyApproved,
  subsidyPaid,
} from './test-support/events';

const BUREAU = actingAs({ orgId: 'bureau-cq', role: 'bureau', userId: 'clerk.zhang' });
const STATISTICIAN = actingAs({ orgId: 'stats-cq', role: 'statistician', userId: 'analyst.chen' });
const CLI = path.resolve(__dirname, '../../../apps/cli/bin/ipledger.mjs');
const YEARS = [2023, 2024, 2025];
const TOPICS: TopicId[] = ['deal', 'pledge', 'loan', 'compensation', 'subsidy'];
/** Tables of the statistics schema that are not the read model: source records and messaging state. */
// Besides the read model, the schema holds the service's own migration history (_prisma_migrations).
const NOT_READ_MODEL = ['deals', 'outbox', 'inbox', 'idempotency_keys', '_prisma_migrations'];

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

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
}

describe('rebuilding the statistics read model from the event topics', () => {
  const prefix = uniqueTopicPrefix('statistics-rebuild');
  let database: TestDatabase;
  let prisma: PrismaClient;
  let kafka: Kafka;
  let producer: Producer;
  let admin: Admin;
  let app: INestApplication | undefined;
  let baseUrl = '';

  // The service and the CLI connect as the statistics service's own role: the rebuild needs no more.
  const env = () => ({
    DATABASE_URL: database.urlOf('statistics'),
    KAFKA_BROKERS: testBrokers().join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    PORT: '0',
    LOG_LEVEL: 'silent',
    IPLEDGER_JWT_PUBLIC_KEY: testEnvironment().jwtPublicKey,
    ...testServiceKafkaEnv('statistics'),
  });

  async function startService(): Promise<void> {
    const definition = {
      service: 'statistics',
      schema: 'statistics',
      prismaClient: PrismaClient,
      consumer: 'statistics',
      module: StatisticsModule.withConfig(loadStatisticsConfig(env())),
    } as const;
    app = await createServiceApp(definition, loadConfig(ServiceConfigSchema, env()));
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  async function stopService(): Promise<void> {
    await app?.close();
    app = undefined;
  }

  function cli(...args: string[]): Promise<Cli> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        {
          env: {
            ...process.env,
            ...operatorKafkaEnv(testKafkaSecurity()),
            DATABASE_URL: undefined,
            STATISTICS_DATABASE_URL: database.urlOf('statistics'),
            KAFKA_BROKERS: testBrokers().join(','),
            KAFKA_TOPIC_PREFIX: prefix,
          },
          timeout: 120_000,
        },
        (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
      );
    });
  }

  const call = async <T>(
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  async function produce(...events: EventEnvelope[]): Promise<void> {
    for (const event of events)
      await producer.send({ topic: topicName(EVENTS[event.type].topic, prefix), messages: [signedMessage(event)] });
  }

  /** Waits until the statistics group has committed up to the current end of every topic it reads. */
  async function consumedAll(): Promise<void> {
    for (const topic of TOPICS.map((id) => topicName(id, prefix))) {
      const ends = await admin.fetchTopicOffsets(topic);
      await pollUntil(
        async () => {
          const [committed] = await admin.fetchOffsets({ groupId: consumerGroupId('statistics', prefix), topics: [topic] });
          return ends.every((end) => {
            const offset = BigInt(committed?.partitions.find((entry) => entry.partition === end.partition)?.offset ?? '-1');
            return (offset < 0n ? 0n : offset) >= BigInt(end.high);
          });
        },
        { description: `statistics to reach the end of ${topic}`, timeoutMs: 60_000 },
      );
    }
  }

  /** Every row of every read-model table (any table of the schema but the source and messaging ones), ordered. */
  async function readModel(): Promise<Record<string, string[]>> {
    const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
      `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'statistics' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const snapshot: Record<string, string[]> = {};
    for (const { name } of tables.filter((table) => !NOT_READ_MODEL.includes(table.name))) {
      const rows = await prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM statistics."${name}" t ORDER BY 1`);
      snapshot[name] = rows.map((row) => row.row);
    }
    return snapshot;
  }

  async function answers(): Promise<unknown[]> {
    const results: unknown[] = [];
    for (const year of YEARS) {
      results.push((await call<AnnualStatisticsResponse>('GET', `/api/statistics/annual?year=${year}`, STATISTICIAN)).body);
      for (const by of ['district', 'bank', 'ip-type'])
        results.push((await call<BreakdownResponse>('GET', `/api/statistics/breakdown?year=${year}&by=${by}`, STATISTICIAN)).body);
    }
    return results;
  }

  const inboxRows = () => prisma.inbox.count({ where: { consumerGroup: consumerGroupId('statistics', prefix) } });

  let before: Record<string, string[]>;
  let answersBefore: unknown[];
  let handledBefore: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTopicsForPrefix(prefix);
    prisma = createPrismaClient(PrismaClient, { url: database.url, poolSize: 2 });
    kafka = new Kafka({ clientId: 'statistics-rebuild-test', sasl: adminSasl(), brokers: testBrokers(), logLevel: logLevel.NOTHING });
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    admin = kafka.admin();
    await admin.connect();
    await startService();

    // Deals over HTTP: two years, three kinds, one reversed (its events go out through the outbox).
    const record = async (body: Record<string, unknown>) => {
      const answer = await call<{ id: string }>('POST', '/api/deals', BUREAU, body);
      expect(answer.status).toBe(201);
      return answer.body.id;
    };
    await record(deal({}));
    await record(
      deal({
        kind: 'transfer',
        ipItems: [{ ipType: 'trademark', number: '8123456' }],
        amount: '500000.00',
        contractDate: '2023-07-01',
        districtCode: '500103',
        industry: 'I',
      }),
    );
    await record(deal({ amount: '1500000.00', contractDate: '2025-02-10' }));
    await record(
      deal({
        kind: 'capital-contribution',
        ipItems: [{ ipType: 'software-copyright', number: '2021SR0123456' }],
        amount: '2000050.00',
        contractDate: '2025-06-20',
        districtCode: '500103',
        industry: 'I',
      }),
    );
    const reversed = await record(
      deal({
        kind: 'transfer',
        ipItems: [{ ipType: 'trademark', number: '8123457' }],
        amount: '800000.00',
        contractDate: '2025-06-25',
        districtCode: '500106',
        industry: 'M',
      }),
    );
    expect(
      (await call('POST', `/api/deals/${reversed}/reversal`, BUREAU, { reason: 'the contract was filed twice', reversedOn: '2025-07-01' }))
        .status,
    ).toBe(200);

    // Events of the other services: loans, a default, pledges (days to registration), a fund's budget and a claim.
    const l1 = loanDisbursed({
      bankOrgId: 'bank-cq-a',
      principal: '3000000.00',
      disbursedOn: '2023-05-10',
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
    const claimId = newId('claim');
    const pledges = [
      ['2023-02-01T01:00:00.000Z', '2023-02-09'],
      ['2024-06-01T01:00:00.000Z', '2024-06-08'],
      ['2024-12-31T17:00:00.000Z', '2025-01-05'],
      ['2025-03-01T01:00:00.000Z', '2025-03-11'],
      ['2025-06-01T01:00:00.000Z', null],
    ] as const;
    const pledgeEvents = pledges.flatMap(([submittedAt, registeredOn]) => {
      const pledgeId = newId('pledge');
      return registeredOn === null
        ? [pledgeSubmitted(pledgeId, submittedAt)]
        : [pledgeSubmitted(pledgeId, submittedAt), pledgeRegistered(pledgeId, registeredOn)];
    });
    // Subsidies: one approved in 2024 and paid in 2025 (its district and industry are the approval's), one without an industry.
    const s1 = subsidyApproved({
      kind: 'interest',
      bankOrgId: 'bank-cq-b',
      districtCode: '500103',
      industry: 'I',
      approvedOn: '2024-12-20',
      approvedAmount: '45000.00',
    });
    const s2 = subsidyApproved({
      kind: 'guarantee-fee',
      bankOrgId: 'bank-cq-a',
      districtCode: '500112',
      industry: null,
      approvedOn: '2025-04-01',
      approvedAmount: '12000.01',
    });
    const events = [
      ...[l1, l2, l3, l4].map((loan) => loan.event),
      loanDefaulted(l3.loan, '2025-10-01', '3500000.00'),
      ...pledgeEvents,
      fundBudgetOpened(2024, '8000000.00'),
      fundBudgetOpened(2025, '10000000.00'),
      compensationApproved(l3.loan, claimId, '2025-11-03', '1800000.00', '900000.00'),
      compensationPaid(l3.loan, claimId, '2025-11-20', '900000.00'),
      recoveryDistributed(l3.loan, claimId, '2025-12-10', '600000.00'),
      s1.event,
      s2.event,
      subsidyPaid(s1.subsidy, 2024, '2025-01-08', '45000.00'),
      subsidyPaid(s2.subsidy, 2025, '2025-04-15', '12000.01'),
    ];
    await produce(...events);

    // Every deal event published (6: five recorded, one reversed; CommandAudited goes to the audit topic) and everything handled.
    await pollUntil(
      async () => {
        const rows = await prisma.outbox.findMany({ select: { type: true, publishedAt: true, lastError: true } });
        const dealEvents = rows.filter((row) => row.type === 'DealRecorded' || row.type === 'DealReversed');
        return dealEvents.length === 6 && rows.every((row) => row.publishedAt !== null);
      },
      { description: 'the six deal events published' },
    );
    await consumedAll();
    handledBefore = await inboxRows();
    expect(handledBefore).toBe(events.length + 6);
    before = await readModel();
    answersBefore = await answers();
  });

  afterAll(async () => {
    await stopService();
    await producer?.disconnect();
    await admin?.disconnect();
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('has a read model worth rebuilding', () => {
    expect(Object.keys(before).sort()).toEqual([
      'counters',
      'fund_budgets',
      'pledge_submissions',
      'registration_durations',
      'rollups',
      'subsidy_approvals',
      'subsidy_rollups',
    ]);
    for (const [table, rows] of Object.entries(before)) expect([table, rows.length > 0]).toEqual([table, true]);
    const [annual2025] = answersBefore.slice(8) as AnnualStatisticsResponse[];
    expect(annual2025).toMatchObject({ year: 2025, total: { yuan: '8500050.00' }, loans: { disbursed: 2, defaulted: 1 } });
    expect(annual2025.subsidies).toMatchObject({
      approved: { count: 1, amount: { yuan: '12000.01' } },
      paid: { count: 2, amount: { yuan: '57000.01' } },
      byDistrict: [{ key: '500112' }, { key: '500103' }],
    });
  });

  it('refuses while the statistics service is running', async () => {
    const answer = await cli('stats', 'rebuild');
    expect(answer.code).toBe(4);
    expect(answer.stderr).toContain(`the statistics consumer group ${consumerGroupId('statistics', prefix)} has 1 active member`);
    expect(answer.stderr).toContain('stop the statistics service first');
    expect(await readModel()).toEqual(before);
    expect(await inboxRows()).toBe(handledBefore);
  });

  it('empties the read model and rewinds the group; started again, the service rebuilds exactly the same', async () => {
    await stopService();
    const dealsBefore = await prisma.statisticsDeal.count();
    const answer = await cli('stats', 'rebuild');
    expect(answer.stderr).toBe('');
    expect(answer.code).toBe(0);
    expect(answer.stdout).toContain(`emptied statistics.rollups (${before['rollups'].length} rows)`);
    expect(answer.stdout).toContain(`deleted ${handledBefore} rows of ${consumerGroupId('statistics', prefix)} from statistics.inbox`);
    expect(answer.stdout).toContain(`reset ${topicName('deal', prefix)}: `);
    expect(answer.stdout).toContain(`start the statistics service: it replays ${handledBefore} messages from 5 topics`);

    const emptied = await readModel();
    expect(Object.values(emptied).every((rows) => rows.length === 0)).toBe(true);
    expect(await inboxRows()).toBe(0);
    expect(await prisma.statisticsDeal.count()).toBe(dealsBefore);
    for (const topic of TOPICS.map((id) => topicName(id, prefix))) {
      const [committed] = await admin.fetchOffsets({ groupId: consumerGroupId('statistics', prefix), topics: [topic] });
      expect(committed.partitions.map((partition) => partition.offset)).toEqual(committed.partitions.map(() => '0'));
    }

    await startService();
    await consumedAll();
    expect(await inboxRows()).toBe(handledBefore);
    expect(await readModel()).toEqual(before);
    expect(await answers()).toEqual(answersBefore);
  });
});
