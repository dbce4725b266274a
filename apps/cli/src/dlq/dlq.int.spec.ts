// `ipledger dlq` against the real broker and database, with the statistics service as its own
// process: a DealReversed that arrives before its deal is recorded fails its handler until the
// retries run out and is dead-lettered, next to a malformed message. The CLI lists both; the
// malformed one is refused for redrive; once the deal is recorded, a redrive takes the deal back
// out of the totals exactly once; a second redrive is skipped, and a forced one changes nothing.
import { randomUUID } from 'node:crypto';
import {
  consumerGroupId,
  deadLetterTopicName,
  redriveLogTopicName,
  topicName,
  type EventEnvelope,
  type EventType,
  type PayloadOf,
} from '@ipledger/contracts';
import { createPrismaClient, SqlPrismaClient } from '@ipledger/db';
import {
  createTestDatabase,
  createTopicsForPrefix,
  pollUntil,
  startServiceProcess,
  testBrokers,
  testEnvelope,
  testEnvironment,
  signedMessage,
  testKafka,
  testKafkaSecurity,
  uniqueTopicPrefix,
  type ServiceProcess,
  type TestDatabase,
} from '@ipledger/testing';
import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import { operatorKafkaEnv } from '@ipledger/devstack';
import { EXIT } from '../errors';
import type { Io } from '../io';
import { run } from '../program';
import { readTopicsToEnd } from '../topic-reader';

const hex32 = () => randomUUID().replace(/-/g, '');
const PARTY_A = { uscc: '91350100M000100Y43', name: '重庆某某智能科技有限公司' };
const PARTY_B = { uscc: '91110000600037341L', name: '北京示例制造有限公司' };

const CLERK = { orgId: 'bureau-cq', role: 'bureau', userId: 'clerk.zhang' } as const;

function envelope<T extends EventType>(type: T, payload: PayloadOf<T>): EventEnvelope<T> {
  return testEnvelope(type, payload, { actor: CLERK });
}

function transfer(dealId: string, amount: string): PayloadOf<'DealRecorded'> {
  return {
    dealId,
    kind: 'transfer',
    ipItems: [{ ipType: 'trademark', number: '8123456' }],
    from: PARTY_A,
    to: PARTY_B,
    amount,
    contractDate: '2025-06-25',
    districtCode: '500106',
    industry: 'M',
    recordedByOrgId: 'bureau-cq',
  };
}

describe('ipledger dlq on a real broker and database', () => {
  const prefix = uniqueTopicPrefix('cli-dlq');
  const kept = `dl_${hex32()}`;
  const late = `dl_${hex32()}`;
  const reversal = envelope('DealReversed', {
    dealId: late,
    kind: 'transfer',
    reversedOn: '2025-07-01',
    reason: 'the contract was filed twice',
  });
  const dealTopic = topicName('deal', prefix);
  const deadLetters = deadLetterTopicName('statistics', prefix);
  let database: TestDatabase;
  let prisma: SqlPrismaClient;
  let service: ServiceProcess | undefined;
  let kafka: Kafka;
  let producer: Producer;
  let admin: Admin;
  let failedId: string;
  let malformedId: string;

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: Io = {
      stdout: { write: (text) => (stdout += typeof text === 'string' ? text : Buffer.from(text).toString('utf8')) },
      stderr: { write: (text) => (stderr += text) },
      // The operator's principal, as an operator would run it.
      env: { KAFKA_BROKERS: testBrokers().join(','), ...operatorKafkaEnv(testKafkaSecurity()) },
      writeFile: () => undefined,
    };
    const code = await run([...args, '--topic-prefix', prefix], io);
    return { code, stdout, stderr };
  }

  async function recordDeal(dealId: string, amount: string): Promise<void> {
    const payload = transfer(dealId, amount);
    // The row is the deal's source record (the bureau's HTTP command writes it with its event).
    await prisma.$executeRawUnsafe(
      `INSERT INTO statistics.deals (id, kind, status, ip_items, from_uscc, from_name, to_uscc, to_name, amount, contract_date, district_code, industry, recorded_by_org_id)
       VALUES ($1, $2, 'RECORDED', $3::jsonb, $4, $5, $6, $7, $8::numeric, $9::date, $10, $11, $12)`,
      dealId,
      payload.kind,
      JSON.stringify(payload.ipItems),
      payload.from.uscc,
      payload.from.name,
      payload.to.uscc,
      payload.to.name,
      payload.amount,
      payload.contractDate,
      payload.districtCode,
      payload.industry,
      payload.recordedByOrgId,
    );
    const recorded = envelope('DealRecorded', payload);
    await producer.send({ topic: dealTopic, messages: [signedMessage(recorded)] });
    await handled(recorded.eventId);
  }

  // The CLI is not the statistics service: it reads the service's tables by SQL, not its client.
  const handlings = async (eventId: string) => {
    const [row] = await prisma.$queryRawUnsafe<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM statistics.inbox WHERE event_id = $1::uuid',
      eventId,
    );
    return row?.n ?? 0;
  };
  const handled = (eventId: string) =>
    pollUntil(async () => (await handlings(eventId)) === 1, { description: `event ${eventId} handled by statistics` });
  const dlqSize = async () => (await admin.fetchTopicOffsets(deadLetters)).reduce((sum, partition) => sum + Number(partition.high), 0);
  const transferTotal = async () => {
    const [row] = await prisma.$queryRawUnsafe<{ count: number; amount: string }[]>(
      "SELECT count, amount::text AS amount FROM statistics.rollups WHERE year = 2025 AND category = 'transfer' AND dimension = 'total' LIMIT 1",
    );
    return row === undefined ? null : [row.count, row.amount];
  };
  /** Waits until the statistics group has committed up to the current end of the deal topic. */
  const consumedAll = async () => {
    const ends = await admin.fetchTopicOffsets(dealTopic);
    await pollUntil(
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId: consumerGroupId('statistics', prefix), topics: [dealTopic] });
        return ends.every((end) => {
          const offset = BigInt(committed?.partitions.find((entry) => entry.partition === end.partition)?.offset ?? '-1');
          return (offset < 0n ? 0n : offset) >= BigInt(end.high); // -1: nothing committed, nothing there either
        });
      },
      { description: 'statistics to reach the end of the deal topic' },
    );
  };
  const listed = async () => {
    const answer = await cli('dlq', 'list', '--format', 'json');
    expect(answer.code).toBe(EXIT.ok);
    return JSON.parse(answer.stdout) as {
      id: string;
      reason: string;
      type: string | null;
      eventId: string | null;
      attempts: number;
      redriven: boolean;
      error: string;
    }[];
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTopicsForPrefix(prefix);
    prisma = createPrismaClient(SqlPrismaClient, { url: database.url, poolSize: 2 });
    kafka = testKafka('cli-dlq-test');
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    admin = kafka.admin();
    await admin.connect();
    service = await startServiceProcess('statistics', {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      IPLEDGER_JWT_PUBLIC_KEY: testEnvironment().jwtPublicKey,
      LOG_LEVEL: 'warn',
    });
  });

  afterAll(async () => {
    await service?.stop();
    await producer?.disconnect();
    await admin?.disconnect();
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('lists a failed handler and a malformed message, each with its reason', async () => {
    await recordDeal(kept, '500000.00');
    // The reversal arrives before its deal is recorded: the handler fails at every attempt.
    await producer.send({ topic: dealTopic, messages: [signedMessage(reversal, { traceparent: '00-trace-01' })] });
    await producer.send({ topic: dealTopic, messages: [{ key: 'garbage', value: '{"type": "DealRecorded", oops' }] });
    await pollUntil(async () => (await dlqSize()) === 2, { description: 'two dead letters on the statistics dead-letter topic' });

    // The two land on the dead-letter topic in whichever order the consumer gave up on them (the
    // reversal is retried first, on a partition of its own key): compare them by reason.
    const entries = (await listed()).sort((a, b) => a.reason.localeCompare(b.reason));
    expect(entries.map((entry) => [entry.reason, entry.type, entry.eventId, entry.redriven])).toEqual([
      ['handler-failed', 'DealReversed', reversal.eventId, false],
      ['malformed-json', null, null, false],
    ]);
    expect(entries[0].error).toBe(`DealReversed for deal ${late}, which is not recorded`);
    expect(entries[0].attempts).toBeGreaterThan(1);
    [failedId, malformedId] = entries.map((entry) => entry.id);
    expect(failedId).toMatch(/^statistics:0:\d+$/);

    const table = await cli('dlq', 'list', '--reason', 'malformed-json');
    expect(table.code).toBe(EXIT.ok);
    expect(table.stdout).toContain(malformedId);
    expect(table.stdout).not.toContain(failedId);
    expect(table.stderr).toContain('1 dead letter, 0 redriven');
    expect(await transferTotal()).toEqual([1, '500000.00']);
  });

  it('shows one dead letter whole, its original event parsed', async () => {
    const answer = await cli('dlq', 'show', failedId);
    expect(answer.code).toBe(EXIT.ok);
    expect(JSON.parse(answer.stdout)).toMatchObject({
      id: failedId,
      consumerGroup: consumerGroupId('statistics', prefix),
      sourceTopic: dealTopic,
      originalKey: late,
      originalHeaders: { traceparent: '00-trace-01' },
      reason: 'handler-failed',
      originalValue: { eventId: reversal.eventId, type: 'DealReversed', payload: { dealId: late } },
    });
    expect((await cli('dlq', 'show', 'statistics:0:999')).code).toBe(EXIT.usage);
  });

  it('refuses to redrive a message that is not a valid event', async () => {
    const answer = await cli('dlq', 'redrive', malformedId);
    expect(answer.code).toBe(EXIT.refused);
    expect(answer.stdout).toContain(`skipped ${malformedId}: the original message is not a valid event (malformed-json`);
    expect(answer.stdout).toContain('redriven 0, skipped 1 (1 not a valid event)');
    expect(answer.stderr).toContain('would only come back to the dead-letter topic');
  });

  it('redrives the reversal once its deal is recorded: the deal leaves the totals exactly once', async () => {
    await recordDeal(late, '800000.00');
    expect(await transferTotal()).toEqual([2, '1300000.00']);

    const answer = await cli('dlq', 'redrive', failedId);
    expect(answer.code).toBe(EXIT.ok);
    expect(answer.stdout).toContain(`redriven ${failedId} DealReversed ${reversal.eventId} → ${dealTopic}[`);
    expect(answer.stdout).toContain('redriven 1, skipped 0\n');
    await handled(reversal.eventId);
    expect(await transferTotal()).toEqual([1, '500000.00']);

    const republished = (await readTopicsToEnd(kafka, admin, [dealTopic], { groupPrefix: prefix })).filter(
      (message) => message.headers['redriven-from'] === failedId,
    );
    expect(republished).toHaveLength(1);
    expect(republished[0]).toMatchObject({ key: late, value: JSON.stringify(reversal), headers: { traceparent: '00-trace-01' } });
    expect(republished[0].headers['redriven-at']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const [logged] = await readTopicsToEnd(kafka, admin, [redriveLogTopicName(prefix)], { groupPrefix: prefix });
    expect(logged.key).toBe(failedId);
    expect((await listed()).find((entry) => entry.id === failedId)?.redriven).toBe(true);
  });

  it('skips a dead letter already redriven, and a forced redrive changes nothing', async () => {
    const again = await cli('dlq', 'redrive', failedId);
    expect(again.code).toBe(EXIT.ok);
    expect(again.stdout).toContain(`skipped ${failedId} DealReversed ${reversal.eventId}: already redriven at `);
    expect(again.stdout).toContain('redriven 0, skipped 1 (1 already redriven)');

    const all = await cli('dlq', 'redrive', '--all', '--consumer', 'statistics');
    expect(all.code).toBe(EXIT.refused);
    expect(all.stdout).toContain('redriven 0, skipped 2 (1 already redriven, 1 not a valid event)');

    const forced = await cli('dlq', 'redrive', failedId, '--force');
    expect(forced.code).toBe(EXIT.ok);
    expect(forced.stdout).toContain('(forced)');
    await consumedAll();
    expect(await handlings(reversal.eventId)).toBe(1);
    expect(await transferTotal()).toEqual([1, '500000.00']);
    expect(await dlqSize()).toBe(2);
  });
});
