// `ipledger outbox republish` against the real broker and database, as after a broker loss: the
// pledge-registration outbox's events are published by its relay (its own principal and key) and
// handled by a consumer; the topic is deleted and created again empty, the group's offsets kept (a
// broker back with an empty disk); the consumer finds its partitions lost; a few events are published after the loss. The
// republish (as ipledger_outbox_operator) puts the range back through the service's own relay:
// after the offsets it printed, each partition holds the range in its first order, every message
// validly signed; the consumer moved there handles only what it had not handled (its inbox drops
// the rest).
import { consumerGroupId, topicName, type AnyEventEnvelope, type PayloadOf } from '@ipledger/contracts';
import { createPrismaClient, SqlPrismaClient, type SqlClient } from '@ipledger/db';
import { eventPublicKeys, operatorKafkaEnv } from '@ipledger/devstack';
import {
  EventConsumer,
  EventSigner,
  EventVerifier,
  KafkaTopicPartitionCounts,
  Outbox,
  OutboxRelay,
  partitionForKey,
  RenewableProducer,
  silentLogger,
} from '@ipledger/messaging';
import {
  createTestDatabase,
  createTopicsForPrefix,
  kafkaAsService,
  pollUntil,
  testBrokers,
  testKafka,
  testKafkaSecurity,
  uniqueTopicPrefix,
  type TestDatabase,
} from '@ipledger/testing';
import { Partitioners, type Admin, type Kafka } from 'kafkajs';
import { EXIT } from '../errors';
import type { Io } from '../io';
import { run } from '../program';
import { commitGroupOffsets } from '../rebuild/rewind-group';
import { readTopicsToEnd, type TopicMessage } from '../topic-reader';

const actor = { orgId: 'bank-cq-a', role: 'bank', userId: 'li.wei' } as const;
const pledgeId = (n: number) => `pl_${n.toString(16).padStart(32, '0')}`;

function submitted(n: number): PayloadOf<'PledgeApplicationSubmitted'> {
  return {
    pledgeId: pledgeId(n),
    bankOrgId: 'bank-cq-a',
    pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技有限公司' },
    ipItems: [{ ipType: 'invention-patent', number: '201910884346.5', title: null }],
    requestedLoanAmount: `${n}00000.00`,
    termMonths: 12,
    districtCode: '500101',
    submittedAt: new Date().toISOString(),
  };
}

describe('ipledger outbox republish after a broker loss, on a real broker and database', () => {
  const prefix = uniqueTopicPrefix('cli-republish');
  const topic = topicName('pledge', prefix);
  const groupId = consumerGroupId('valuation', prefix);
  let database: TestDatabase;
  let producerDb: SqlPrismaClient;
  let consumerDb: SqlPrismaClient;
  let kafka: Kafka;
  let admin: Admin;
  let producer: RenewableProducer;
  let relay: OutboxRelay;
  let outbox: Outbox;
  const handled: string[] = [];
  let consumer: EventConsumer<SqlClient> | undefined;

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: Io = {
      stdout: { write: (text) => (stdout += typeof text === 'string' ? text : Buffer.from(text).toString('utf8')) },
      stderr: { write: (text) => (stderr += text) },
      // As an operator runs it: the operator principal and the outbox operator's database role.
      env: {
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        IPLEDGER_OUTBOX_OPERATOR_DATABASE_URL: database.outboxOperatorUrl,
        ...operatorKafkaEnv(testKafkaSecurity()),
      },
      writeFile: () => undefined,
    };
    const code = await run(args, io);
    return { code, stdout, stderr };
  }

  async function startConsumer(): Promise<EventConsumer<SqlClient>> {
    const started = new EventConsumer<SqlClient>({
      kafka: kafkaAsService('valuation'),
      groupId,
      topics: [topic],
      deadLetterTopic: `${prefix}ipledger.dlq.valuation`,
      verifier: new EventVerifier(eventPublicKeys(testKafkaSecurity())),
      db: consumerDb,
      schema: 'valuation',
      handlers: new Map([['PledgeApplicationSubmitted', async (event: AnyEventEnvelope) => void handled.push(event.eventId)]]),
      logger: silentLogger,
      retry: { attempts: 3, initialBackoffMs: 10, maxBackoffMs: 20 },
    });
    const joined = started.waitUntilJoined();
    await started.start();
    await joined;
    consumer = started;
    return started;
  }

  async function stopConsumer(): Promise<void> {
    await consumer?.stop();
    consumer = undefined;
  }

  /** Appends events of pledges `numbers` (in that order), each in its own transaction, as the service does. */
  async function append(numbers: number[]): Promise<void> {
    for (const n of numbers) {
      await producerDb.$transaction(async (tx: SqlClient) => {
        await outbox.append(tx, {
          type: 'PledgeApplicationSubmitted',
          payload: submitted(n),
          actor,
          correlationId: `corr-${n}`,
          causationId: null,
        });
      });
    }
  }

  const outboxRows = (sql: string, ...params: unknown[]) =>
    producerDb.$queryRawUnsafe<{ id: bigint; event_id: string; key: string }[]>(sql, ...params);

  async function groupCaughtUp(): Promise<boolean> {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    return ends.every((end) => committed.partitions.find((entry) => entry.partition === end.partition)?.offset === end.high);
  }

  const inboxCount = async () =>
    Number(
      (
        await consumerDb.$queryRawUnsafe<{ count: bigint }[]>(
          'SELECT count(*) AS count FROM valuation.inbox WHERE consumer_group = $1',
          groupId,
        )
      )[0].count,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTopicsForPrefix(prefix, [topic, `${prefix}ipledger.dlq.valuation`]);
    // Each side with its service's own database role and Kafka principal.
    producerDb = createPrismaClient(SqlPrismaClient, { url: database.urlOf('pledge-registration'), poolSize: 4 });
    consumerDb = createPrismaClient(SqlPrismaClient, { url: database.urlOf('valuation'), poolSize: 4 });
    kafka = testKafka('republish-test');
    admin = kafka.admin();
    await admin.connect();
    const service = kafkaAsService('pledge-registration');
    // The relay's producer as the services make it: renewed after a failed send.
    producer = new RenewableProducer({
      create: async () => {
        const created = service.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
        await created.connect();
        return created;
      },
    });
    outbox = new Outbox({ schema: 'pledge_registration', producer: 'pledge-registration', topicPrefix: prefix });
    relay = new OutboxRelay({
      db: producerDb,
      databaseUrl: database.urlOf('pledge-registration'),
      schema: 'pledge_registration',
      producer,
      signer: new EventSigner(testKafkaSecurity().signing['pledge-registration'].privateJwk),
      partitionCounts: new KafkaTopicPartitionCounts(service, 0),
      logger: silentLogger,
      batchSize: 7, // several batches for the range
    });
  });

  afterAll(async () => {
    await stopConsumer();
    await relay?.close();
    await producer?.disconnect();
    await admin?.disconnect();
    await producerDb?.$disconnect();
    await consumerDb?.$disconnect();
    await database?.drop();
  });

  it('restores a deleted topic from the outbox, in order, signed, and the consumer changes nothing it had handled', async () => {
    // 1. Before the loss: 24 events of 8 pledges (several per key, interleaved), published and handled.
    const before = new Date(Date.now() - 1_000);
    await append(Array.from({ length: 24 }, (_, i) => (i % 8) + 1));
    expect(await relay.drain()).toBe(24);
    await startConsumer();
    await pollUntil(() => handled.length === 24, { description: '24 events handled before the loss' });
    await pollUntil(groupCaughtUp, { description: 'the consumer group committed the end of every partition' });
    const firstPublished = await producerDb.$queryRawUnsafe<{ id: bigint; published_at: Date }[]>(
      'SELECT id, published_at FROM pledge_registration.outbox ORDER BY id',
    );
    const [committedBefore] = await admin.fetchOffsets({ groupId, topics: [topic] });
    await stopConsumer();

    // 2. The loss: the topic is gone. Republishing now is refused, and marks nothing.
    await admin.deleteTopics({ topics: [topic] });
    await pollUntil(async () => !(await admin.listTopics()).includes(topic), { description: 'the topic deleted' });
    const refused = await cli('outbox', 'republish', '--service', 'pledge-registration', '--from', before.toISOString());
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.stderr).toContain(`${topic} does not exist on the broker: create it first`);
    expect(
      await outboxRows('SELECT id, event_id::text, key FROM pledge_registration.outbox WHERE republish_requested_at IS NOT NULL'),
    ).toEqual([]);

    // The topic is created again, empty (as a broker back with an empty disk leaves it); two
    // events are published after the loss; the consumer finds every partition it had read lost.
    await createTopicsForPrefix(prefix, [topic]);
    await append([3, 9]);
    expect(await relay.drain()).toBe(2);
    // Deleting a topic deletes its committed offsets too; a broker losing its disk does not (they
    // live on __consumer_offsets, elsewhere): the group's offsets are put back as they were.
    await commitGroupOffsets(
      kafka,
      groupId,
      committedBefore.partitions.map((entry) => ({ topic, partition: entry.partition, offset: entry.offset })),
    );
    await startConsumer();
    await pollUntil(() => (consumer?.offsetLosses().length ?? 0) > 0, { description: 'the consumer reports the lost partitions' });
    const lost = (consumer?.offsetLosses() ?? []).map((loss) => loss.partition).sort();
    expect(handled).toHaveLength(24); // nothing handled on a lost partition
    await stopConsumer();

    // 3. A dry run counts and marks nothing; the republish marks the 26 published events since `before`.
    const dry = await cli('outbox', 'republish', '--service', 'pledge-registration', '--from', before.toISOString(), '--dry-run');
    expect(dry.code).toBe(EXIT.ok);
    expect(dry.stderr).toContain('dry run: would queue 26 events of 1 service (pledge-registration) for republishing; nothing was marked');
    expect(
      await outboxRows('SELECT id, event_id::text, key FROM pledge_registration.outbox WHERE republish_requested_at IS NOT NULL'),
    ).toEqual([]);

    const endsBefore = await admin.fetchTopicOffsets(topic);
    const republish = await cli('outbox', 'republish', '--service', 'pledge-registration', '--from', before.toISOString());
    expect(republish.code).toBe(EXIT.ok);
    expect(republish.stdout).toMatch(new RegExp(`pledge-registration\\s+${topic.replace(/\./g, '\\.')}\\s+26\\s+1-26\\s`));
    expect(republish.stderr).toContain('queued 26 events of 1 service (pledge-registration) for republishing');
    // It says where the republished messages begin: the partitions' ends at the request.
    const printed = endsBefore
      .sort((a, b) => a.partition - b.partition)
      .map((end) => `[${end.partition}] ${end.high}`)
      .join(', ');
    expect(republish.stderr).toContain(`  ${topic}: ${printed}`);
    expect(
      Number(
        (
          await producerDb.$queryRawUnsafe<{ count: bigint }[]>(
            'SELECT count(*) AS count FROM pledge_registration.outbox WHERE republish_requested_at IS NOT NULL',
          )
        )[0].count,
      ),
    ).toBe(26);
    // …and the relay's readiness shows them waiting, apart from the unpublished backlog.
    expect(await relay.backlog()).toEqual({ unpublished: 0, oldestAgeMs: null, republishing: 26 });

    // An event appended after the request goes out after the range.
    await append([5]);
    expect(await relay.drain()).toBe(27);
    expect(await relay.backlog()).toEqual({ unpublished: 0, oldestAgeMs: null, republishing: 0 });

    // 4. The topic after the printed offsets: per partition, the outbox's rows in outbox order (the
    // range, then the newer event), each signed by pledge-registration's key, under its event id.
    const rows = await outboxRows('SELECT id, event_id::text AS event_id, key FROM pledge_registration.outbox ORDER BY id');
    const counts = new Map([[topic, endsBefore.length]]);
    const expected = new Map<number, string[]>();
    for (const row of rows) {
      const partition = partitionForKey(topic, row.key, counts.get(topic) ?? 0);
      expected.set(partition, [...(expected.get(partition) ?? []), row.event_id]);
    }
    const messages = await readTopicsToEnd(kafka, admin, [topic], { groupPrefix: prefix });
    const verifier = new EventVerifier(eventPublicKeys(testKafkaSecurity()));
    const start = new Map(endsBefore.map((end) => [end.partition, BigInt(end.high)]));
    const after = (message: TopicMessage) => BigInt(message.offset) >= (start.get(message.partition) ?? 0n);
    for (const [partition, eventIds] of expected) {
      const republished = messages
        .filter((message) => message.partition === partition && after(message))
        .sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)));
      expect([partition, republished.map((message) => message.headers['event-id'])]).toEqual([partition, eventIds]);
      for (const message of republished) {
        expect(verifier.check('pledge-registration', Buffer.from(message.value), message.headers)).toEqual({ ok: true });
        expect((JSON.parse(message.value) as { eventId: string }).eventId).toBe(message.headers['event-id']);
      }
    }
    expect(messages.filter(after)).toHaveLength(27);

    // The outbox keeps when each row was first published, and records the republishing.
    const published = await producerDb.$queryRawUnsafe<
      { id: bigint; published_at: Date; republished_at: Date | null; republish_requested_at: Date | null }[]
    >('SELECT id, published_at, republished_at, republish_requested_at FROM pledge_registration.outbox WHERE id <= 24 ORDER BY id');
    expect(published.map((row) => row.published_at.toISOString())).toEqual(firstPublished.map((row) => row.published_at.toISOString()));
    expect(published.every((row) => row.republished_at !== null && row.republish_requested_at === null)).toBe(true);

    // 5. The consumer moved to the printed offsets on its lost partitions (its service stopped)
    // handles the three events it had not seen, each once; the 24 it had handled change nothing.
    await commitGroupOffsets(
      kafka,
      groupId,
      endsBefore.map((end) => ({ topic, partition: end.partition, offset: end.high })),
    );
    expect(lost.length).toBeGreaterThan(0);
    const inboxBefore = await inboxCount();
    await startConsumer();
    await pollUntil(groupCaughtUp, { description: 'the consumer read the republished range' });
    expect(consumer?.offsetLosses()).toEqual([]);
    const newer = rows.filter((row) => Number(row.id) > 24).map((row) => row.event_id);
    expect(handled.slice(24).sort()).toEqual([...newer].sort());
    expect(new Set(handled).size).toBe(handled.length);
    expect(await inboxCount()).toBe(inboxBefore + 3);
  });

  it('refuses a position range over every service, and connecting as another role', async () => {
    const all = await cli('outbox', 'republish', '--service', 'all', '--from', '3');
    expect(all.code).toBe(EXIT.usage);
    const asService = await cli(
      'outbox',
      'republish',
      '--service',
      'pledge-registration',
      '--from',
      '1',
      '--database-url',
      database.urlOf('valuation'),
    );
    expect(asService.code).toBe(EXIT.refused);
    expect(asService.stderr).toContain('connect as ipledger_outbox_operator');
  });
});
