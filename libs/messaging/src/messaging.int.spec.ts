// The outbox, the relay and the idempotent consumer against a real PostgreSQL and Kafka.
// The tables used are the valuation schema's outbox, inbox and known_pledges (any service's
// would do): what is under test is the mechanism, not the valuation service.
import { randomUUID } from 'node:crypto';
import { Partitioners, type Consumer, type Kafka, type Producer } from 'kafkajs';
import { DeadLetterSchema, topicName, topicNames, type AnyEventEnvelope, type DeadLetter, type PayloadOf } from '@ipledger/contracts';
import { createPrismaClient, SqlPrismaClient, type SqlClient as TransactionClient } from '@ipledger/db';
import { eventPublicKeys } from '@ipledger/devstack';
import {
  createTestDatabase,
  createTopicsForPrefix,
  pollUntil,
  signatureHeaders,
  testKafka,
  testKafkaSecurity,
  uniqueTopicPrefix,
} from '@ipledger/testing';
import { AwaitingFactError } from './awaiting-fact-error';
import { EventConsumer, type EventHandler } from './event-consumer';
import { BATCH_PROOF_HEADER, EventSigner, EventVerifier, KEY_ID_HEADER, SIGNATURE_HEADER } from './event-signature';
import { silentLogger } from './logger';
import { Outbox } from './outbox';
import { partitionForKey } from './outbox-partitions';
import { OutboxRelay } from './outbox-relay';
import { RenewableProducer } from './renewable-producer';
import { KafkaTopicPartitionCounts } from './topic-partition-counts';
import type { RetryPolicy } from './retry-policy';

const actor = { orgId: 'bank-cq-a', role: 'bank', userId: null } as const;

function pledgeSubmitted(pledgeId: string, eventId: string = randomUUID()): AnyEventEnvelope {
  const payload: PayloadOf<'PledgeApplicationSubmitted'> = {
    pledgeId,
    bankOrgId: 'bank-cq-a',
    pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技有限公司' },
    ipItems: [{ ipType: 'invention-patent', number: '201910884346.5', title: null }],
    requestedLoanAmount: '1000000.00',
    termMonths: 12,
    districtCode: '500101',
    submittedAt: new Date().toISOString(),
  };
  return {
    eventId,
    type: 'PledgeApplicationSubmitted',
    version: 1,
    occurredAt: new Date().toISOString(),
    key: pledgeId,
    correlationId: `corr-${pledgeId}`,
    causationId: null,
    producer: 'pledge-registration',
    actor,
    payload,
  };
}

const pledgeId = (n: number) => `pl_${n.toString(16).padStart(32, '0')}`;

describe('messaging on a real broker and database', () => {
  let database: { url: string; drop(): Promise<void> };
  let prisma: SqlPrismaClient;
  let kafka: Kafka;
  let producer: Producer;
  const consumers: Consumer[] = [];
  const stoppables: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = createPrismaClient(SqlPrismaClient, { url: database.url, poolSize: 5 });
    kafka = testKafka('messaging-test');
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    for (const stoppable of stoppables) await stoppable.stop();
    for (const consumer of consumers) await consumer.disconnect();
    await producer.disconnect();
    await prisma.$disconnect();
    await database.drop();
  });

  async function readTopic(
    topic: string,
    count: number,
  ): Promise<{ key: string | null; value: string; headers: Record<string, string> }[]> {
    const received: { key: string | null; value: string; headers: Record<string, string> }[] = [];
    const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
        received.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers });
      },
    });
    await pollUntil(() => received.length >= count, { description: `${count} messages on ${topic}` });
    return received;
  }

  async function startConsumer(prefix: string, handlers: Map<string, EventHandler<TransactionClient>>, retry: Partial<RetryPolicy> = {}) {
    const sut = new EventConsumer<TransactionClient>({
      kafka,
      groupId: `${prefix}ipledger.valuation`,
      topics: [topicName('pledge', prefix)],
      deadLetterTopic: `${prefix}ipledger.dlq.valuation`,
      verifier: new EventVerifier(eventPublicKeys(testKafkaSecurity())),
      db: prisma,
      schema: 'valuation',
      handlers,
      logger: silentLogger,
      retry: { attempts: 3, initialBackoffMs: 10, maxBackoffMs: 20, ...retry },
    });
    const joined = sut.waitUntilJoined();
    await sut.start();
    await joined;
    stoppables.push(sut);
    return sut;
  }

  const rememberPledge: EventHandler<TransactionClient> = async (event, tx) => {
    await tx.$executeRawUnsafe(
      'INSERT INTO valuation.known_pledges (pledge_id, bank_org_id, ip_types, learned_from) VALUES ($1, $2, $3, $4::uuid)',
      event.key,
      'bank-cq-a',
      ['invention-patent'],
      event.eventId,
    );
  };

  async function knownPledges(): Promise<string[]> {
    const rows = await prisma.$queryRawUnsafe<{ pledge_id: string }[]>('SELECT pledge_id FROM valuation.known_pledges ORDER BY pledge_id');
    return rows.map((row) => row.pledge_id);
  }

  /** How many records the topic holds (every partition's high watermark, summed). */
  async function recordsOn(topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
    } finally {
      await admin.disconnect();
    }
  }

  /** Produces to the pledge topic, each message signed by pledge-registration's key unless `unsigned`. */
  async function produce(
    prefix: string,
    messages: { key: string; value: string; partition?: number; unsigned?: boolean; headers?: Record<string, string> }[],
  ): Promise<void> {
    await producer.send({
      topic: topicName('pledge', prefix),
      messages: messages.map(({ unsigned, headers, ...message }) => ({
        ...message,
        headers: { ...(unsigned === true ? {} : signatureHeaders('pledge-registration', message.value)), ...headers },
      })),
    });
  }

  /** The relay's producer as the services make it: a new idempotent producer after each failed send. */
  function relayProducer(wrap: (producer: Producer) => Producer = (real) => real): RenewableProducer {
    return new RenewableProducer({
      create: async () => {
        const created = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
        await created.connect();
        return wrap(created);
      },
    });
  }

  describe('the transactional outbox', () => {
    it('publishes an event only when its transaction commits, in outbox order per key', async () => {
      const prefix = uniqueTopicPrefix('outbox');
      await createTopicsForPrefix(prefix, topicNames(prefix));
      const outbox = new Outbox({ schema: 'valuation', producer: 'valuation', topicPrefix: prefix });
      const valued = (n: number): PayloadOf<'PledgeValued'> => ({
        valuationId: `val_${n.toString(16).padStart(32, '0')}`,
        pledgeId: pledgeId(1),
        appraiserOrgId: 'appraiser-cq',
        method: 'income',
        appraisedValue: `${n}000.00`,
        valuationDate: '2026-01-01',
        validUntil: '2027-01-01',
        reportNumber: null,
      });
      for (let n = 1; n <= 10; n += 1) {
        await prisma.$transaction((tx) =>
          outbox.append(tx, { type: 'PledgeValued', payload: valued(n), actor, correlationId: 'c', causationId: null }),
        );
      }
      await expect(
        prisma.$transaction(async (tx) => {
          await outbox.append(tx, { type: 'PledgeValued', payload: valued(99), actor, correlationId: 'c', causationId: null });
          throw new Error('the domain change failed');
        }),
      ).rejects.toThrow('the domain change failed');

      const signer = new EventSigner(testKafkaSecurity().signing.valuation.privateJwk);
      const relay = new OutboxRelay({
        db: prisma,
        databaseUrl: database.url,
        schema: 'valuation',
        producer: relayProducer(),
        signer,
        partitionCounts: new KafkaTopicPartitionCounts(kafka),
        logger: silentLogger,
      });
      stoppables.push({ stop: () => relay.close() });
      expect(await relay.drain()).toBe(10);
      expect(await relay.drain()).toBe(0);

      const messages = await readTopic(topicName('valuation', prefix), 10);
      // Every message is signed with the valuation service's key, over the exact bytes sent: those
      // sent together under one signature, each with its proof (event-batch-proof.ts).
      const verifier = new EventVerifier(eventPublicKeys(testKafkaSecurity()));
      expect(messages.every((message) => verifier.check('valuation', Buffer.from(message.value), message.headers).ok)).toBe(true);
      expect(messages.some((message) => message.headers[BATCH_PROOF_HEADER] !== undefined)).toBe(true);
      expect(new Set(messages.map((message) => message.headers[SIGNATURE_HEADER])).size).toBeLessThan(messages.length);
      expect(verifier.check('lending', Buffer.from(messages[0].value), messages[0].headers).ok).toBe(false);
      const values = messages.map(
        (message) => (JSON.parse(message.value) as { payload: { appraisedValue: string } }).payload.appraisedValue,
      );
      expect(values).toEqual(Array.from({ length: 10 }, (_, i) => `${i + 1}000.00`));
      expect(messages.every((message) => message.key === pledgeId(1))).toBe(true);
      const unpublished = await prisma.$queryRawUnsafe<{ count: bigint }[]>(
        'SELECT count(*) AS count FROM valuation.outbox WHERE published_at IS NULL',
      );
      expect(unpublished[0].count).toBe(0n);
      // Gives up being the valuation service's publisher: the next test's relay is another instance.
      await relay.close();
    });

    it('publishes the other partitions while one partition fails, and that one later in order', async () => {
      const prefix = uniqueTopicPrefix('outbox-part');
      await createTopicsForPrefix(prefix, topicNames(prefix));
      const topic = topicName('valuation', prefix);
      const partitionCounts = new KafkaTopicPartitionCounts(kafka);
      const count = (await partitionCounts.of([topic])).get(topic) ?? 0;
      // Two pledges whose events live on different partitions; the first one's partition fails.
      const pledges: string[] = [];
      for (let n = 100; pledges.length < 2; n += 1) {
        if (pledges.length === 0 || partitionForKey(topic, pledgeId(n), count) !== partitionForKey(topic, pledges[0], count))
          pledges.push(pledgeId(n));
      }
      const failingPartition = partitionForKey(topic, pledges[0], count);
      const outbox = new Outbox({ schema: 'valuation', producer: 'valuation', topicPrefix: prefix });
      for (let n = 1; n <= 6; n += 1) {
        const pledge = pledges[n % 2 === 1 ? 0 : 1];
        await prisma.$transaction((tx) =>
          outbox.append(tx, {
            type: 'PledgeValued',
            payload: {
              valuationId: `val_${(500 + n).toString(16).padStart(32, '0')}`,
              pledgeId: pledge,
              appraiserOrgId: 'appraiser-cq',
              method: 'income',
              appraisedValue: `${n}000.00`,
              valuationDate: '2026-01-01',
              validUntil: '2027-01-01',
              reportNumber: null,
            },
            actor,
            correlationId: 'c',
            causationId: null,
          }),
        );
      }
      let partitionDown = true;
      const producers = relayProducer((real) => {
        const flaky = Object.create(real) as Producer;
        flaky.send = async (record) => {
          if (partitionDown && record.messages.some((message) => message.partition === failingPartition))
            throw new Error('This server is not the leader for that topic-partition');
          return real.send(record);
        };
        return flaky;
      });
      const signer = new EventSigner(testKafkaSecurity().signing.valuation.privateJwk);
      const relay = new OutboxRelay({
        db: prisma,
        databaseUrl: database.url,
        schema: 'valuation',
        producer: producers,
        signer,
        partitionCounts,
        logger: silentLogger,
        partitionBackoffMs: { initialMs: 50, maxMs: 50 },
      });
      stoppables.push({ stop: () => relay.close() });

      await expect(relay.drain()).rejects.toThrow(`${topic}/${failingPartition} failed after 3 published`);
      expect(relay.failingPartitions().map((entry) => entry.partition)).toEqual([`${topic}/${failingPartition}`]);
      const unpublished = await prisma.$queryRawUnsafe<{ key: string }[]>(
        'SELECT DISTINCT key FROM valuation.outbox WHERE published_at IS NULL AND topic = $1',
        topic,
      );
      expect(unpublished.map((row) => row.key)).toEqual([pledges[0]]);

      partitionDown = false;
      await new Promise((resolve) => setTimeout(resolve, 60));
      // Each failed send retired the producer that made it: the partition is sent again by a new one.
      expect(producers.renewed).toBeGreaterThanOrEqual(1);
      expect(await relay.drain()).toBe(3);
      expect(relay.failingPartitions()).toEqual([]);
      const messages = await readTopic(topic, 6);
      const valuesOf = (pledge: string) =>
        messages
          .filter((message) => message.key === pledge)
          .map((message) => (JSON.parse(message.value) as { payload: { appraisedValue: string } }).payload.appraisedValue);
      expect(valuesOf(pledges[0])).toEqual(['1000.00', '3000.00', '5000.00']);
      expect(valuesOf(pledges[1])).toEqual(['2000.00', '4000.00', '6000.00']);
    });

    it('refuses to append an event the service does not produce', async () => {
      const outbox = new Outbox({ schema: 'valuation', producer: 'valuation', topicPrefix: '' });
      const event = pledgeSubmitted(pledgeId(2));
      await expect(
        prisma.$transaction((tx) =>
          outbox.append(tx, {
            type: 'PledgeApplicationSubmitted',
            payload: event.payload as PayloadOf<'PledgeApplicationSubmitted'>,
            actor,
            correlationId: 'c',
            causationId: null,
          }),
        ),
      ).rejects.toThrow('valuation may not produce PledgeApplicationSubmitted');
    });
  });

  describe('loss detection', () => {
    it('pauses and reports a partition whose committed offset lies beyond what it holds, instead of resetting', async () => {
      const prefix = uniqueTopicPrefix('loss');
      await createTopicsForPrefix(prefix, topicNames(prefix));
      const topic = topicName('pledge', prefix);
      const key = pledgeId(40);
      await produce(prefix, [{ key, value: JSON.stringify(pledgeSubmitted(key)), partition: 0 }]);
      // The group had read 878 records of partition 0, which now holds 1: a broker back with an empty disk.
      const groupId = `${prefix}ipledger.valuation`;
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '878' }] });
        const sut = await startConsumer(prefix, new Map([['PledgeApplicationSubmitted', rememberPledge]]));
        await pollUntil(() => sut.offsetLosses().length > 0, { description: 'the loss reported' });
        expect(sut.offsetLosses()).toEqual([
          expect.objectContaining({
            topic,
            partition: 0,
            kind: 'beyond-latest',
            committedOffset: '878',
            earliestAvailable: '0',
            latestAvailable: '1',
          }),
        ]);
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        // Paused, not reset: the record was not handled and the committed offset still says 878.
        expect(await knownPledges()).not.toContain(key);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        expect(committed.partitions.find((entry) => entry.partition === 0)?.offset).toBe('878');
      } finally {
        await admin.disconnect();
      }
    });
  });

  describe('the idempotent consumer', () => {
    it('handles the same event delivered twice exactly once', async () => {
      const prefix = uniqueTopicPrefix('idem');
      await createTopicsForPrefix(prefix, topicNames(prefix));
      // Each handling writes a fresh row, so a second handling of one event would show as two rows.
      await startConsumer(
        prefix,
        new Map([
          [
            'PledgeApplicationSubmitted',
            async (event, tx) => {
              await tx.$executeRawUnsafe(
                'INSERT INTO valuation.known_pledges (pledge_id, bank_org_id, ip_types, learned_from) VALUES ($1, $2, $3, $4::uuid)',
                `${event.key}:${randomUUID()}`,
                'bank-cq-a',
                ['invention-patent'],
                event.eventId,
              );
            },
          ],
        ]),
      );
      const key = pledgeId(10);
      const event = pledgeSubmitted(key);
      const marker = pledgeSubmitted(key);
      await produce(
        prefix,
        [event, event, marker].map((message) => ({ key, value: JSON.stringify(message) })),
      );
      const handledTimes = async (eventId: string) =>
        (
          await prisma.$queryRawUnsafe<{ n: bigint }[]>(
            'SELECT count(*) AS n FROM valuation.known_pledges WHERE learned_from = $1::uuid',
            eventId,
          )
        )[0].n;
      // The marker comes after both copies on the same partition: once it is handled, so are they.
      await pollUntil(async () => (await handledTimes(marker.eventId)) === 1n, {
        description: 'the marker behind the duplicate is handled',
      });
      expect(await handledTimes(event.eventId)).toBe(1n);
    });

    it('dead-letters malformed, unknown-version and wrong-producer messages with the reason, and carries on', async () => {
      const prefix = uniqueTopicPrefix('dlq');
      await createTopicsForPrefix(prefix, topicNames(prefix));
      await startConsumer(prefix, new Map([['PledgeApplicationSubmitted', rememberPledge]]));
      const key = pledgeId(20);
      const good = pledgeSubmitted(key);
      await produce(prefix, [
        { key, value: '{not json' },
        { key, value: JSON.stringify({ ...pledgeSubmitted(key), version: 9 }) },
        { key, value: JSON.stringify({ ...pledgeSubmitted(key), producer: 'lending' }) },
        { key, value: JSON.stringify({ ...pledgeSubmitted(key), payload: { ...good.payload, requestedLoanAmount: 1000000 } }) },
        { key, value: JSON.stringify(good) },
      ]);
      await pollUntil(async () => (await knownPledges()).includes(key), {
        description: 'the good message after the poison ones is handled',
      });
      const letters = (await readTopic(`${prefix}ipledger.dlq.valuation`, 4)).map((message) =>
        DeadLetterSchema.parse(JSON.parse(message.value)),
      );
      expect(letters.map((letter) => letter.reason).sort()).toEqual([
        'invalid-payload',
        'malformed-json',
        'unknown-event',
        'wrong-producer',
      ]);
      const invalid = letters.find((letter) => letter.reason === 'invalid-payload') as DeadLetter;
      expect(invalid.error).toContain('requestedLoanAmount');
      expect(letters.find((letter) => letter.reason === 'malformed-json')?.originalValue).toBe('{not json');
    });

    it('dead-letters an unsigned event and one signed by another service than its producer (bad-signature), and applies neither', async () => {
      const prefix = uniqueTopicPrefix('signed');
      await createTopicsForPrefix(prefix, topicNames(prefix));
      await startConsumer(prefix, new Map([['PledgeApplicationSubmitted', rememberPledge]]));
      const unsigned = pledgeSubmitted(pledgeId(30));
      const forged = pledgeSubmitted(pledgeId(31));
      const tampered = pledgeSubmitted(pledgeId(32));
      const good = pledgeSubmitted(pledgeId(33));
      const forgedValue = JSON.stringify(forged);
      const tamperedValue = JSON.stringify(tampered);
      await produce(prefix, [
        { key: unsigned.key, value: JSON.stringify(unsigned), unsigned: true },
        // Signed with lending's key while the envelope names pledge-registration.
        {
          key: forged.key,
          value: forgedValue,
          unsigned: true,
          headers: signatureHeaders('lending', forgedValue) as Record<string, string>,
        },
        // pledge-registration's signature of other bytes.
        {
          key: tampered.key,
          value: tamperedValue.replace('1000000.00', '9000000.00'),
          unsigned: true,
          headers: signatureHeaders('pledge-registration', tamperedValue) as Record<string, string>,
        },
        { key: good.key, value: JSON.stringify(good) },
      ]);
      await pollUntil(async () => (await knownPledges()).includes(good.key), {
        description: 'the signed event after the forged ones is handled',
      });
      const letters = (await readTopic(`${prefix}ipledger.dlq.valuation`, 3))
        .map((message) => DeadLetterSchema.parse(JSON.parse(message.value)))
        .sort((a, b) => String(a.originalKey).localeCompare(String(b.originalKey)));
      expect(letters.map((letter) => [letter.originalKey, letter.reason])).toEqual([
        [unsigned.key, 'unsigned'],
        [forged.key, 'bad-signature'],
        [tampered.key, 'bad-signature'],
      ]);
      expect(letters[1].originalHeaders[KEY_ID_HEADER]).toBe(testKafkaSecurity().signing.lending.keyId);
      expect(letters[2].originalHeaders[SIGNATURE_HEADER]).toBeDefined();
      const known = await knownPledges();
      expect([unsigned.key, forged.key, tampered.key].filter((key) => known.includes(key))).toEqual([]);
    });

    it('retries a failing handler a bounded number of times, dead-letters it, and handles the next message on the same partition', async () => {
      const prefix = uniqueTopicPrefix('poison');
      await createTopicsForPrefix(prefix, topicNames(prefix));
      const key = pledgeId(30);
      const poison = pledgeSubmitted(key);
      const attempts: number[] = [];
      await startConsumer(
        prefix,
        new Map([
          [
            'PledgeApplicationSubmitted',
            async (event, tx, attempt) => {
              if (event.eventId === poison.eventId) {
                attempts.push(attempt);
                await rememberPledge(event, tx, attempt); // written, then rolled back with the failure
                throw new Error('appraisal registry unavailable');
              }
              await tx.$executeRawUnsafe(
                'INSERT INTO valuation.known_pledges (pledge_id, bank_org_id, ip_types, learned_from) VALUES ($1, $2, $3, $4::uuid)',
                pledgeId(31),
                'bank-cq-a',
                ['trademark'],
                event.eventId,
              );
            },
          ],
        ]),
      );
      const next = { ...pledgeSubmitted(key), eventId: randomUUID() };
      await produce(prefix, [
        { key, value: JSON.stringify(poison) },
        { key, value: JSON.stringify(next) },
      ]);
      await pollUntil(async () => (await knownPledges()).includes(pledgeId(31)), {
        description: 'the message behind the poison one is handled',
      });
      expect(attempts).toEqual([1, 2, 3]);
      expect(await knownPledges()).not.toContain(key);
      const [letter] = (await readTopic(`${prefix}ipledger.dlq.valuation`, 1)).map((message) =>
        DeadLetterSchema.parse(JSON.parse(message.value)),
      );
      expect(letter).toMatchObject({ reason: 'handler-failed', attempts: 3, error: 'appraisal registry unavailable', originalKey: key });
      expect(JSON.parse(letter.originalValue)).toMatchObject({ eventId: poison.eventId });
    });

    it('handles the events of a fetch together, in fewer transactions than events, each exactly once', async () => {
      const prefix = uniqueTopicPrefix('batch');
      await createTopicsForPrefix(prefix, topicNames(prefix));
      // Each handling stores the id of its transaction beside the event.
      const storeTransaction: EventHandler<TransactionClient> = async (event, tx) => {
        await tx.$executeRawUnsafe(
          `INSERT INTO valuation.known_pledges (pledge_id, bank_org_id, ip_types, learned_from)
           VALUES ($1, txid_current()::text, $2, $3::uuid)`,
          event.key,
          ['invention-patent'],
          event.eventId,
        );
      };
      const events = Array.from({ length: 40 }, (_, n) => pledgeSubmitted(pledgeId(1_000 + n)));
      // Produced before the consumer starts, to one partition: its first fetch holds them all.
      await produce(
        prefix,
        events.map((event) => ({ key: event.key, value: JSON.stringify(event), partition: 0 })),
      );
      await startConsumer(prefix, new Map([['PledgeApplicationSubmitted', storeTransaction]]));
      const stored = () =>
        prisma.$queryRawUnsafe<{ pledge_id: string; bank_org_id: string }[]>(
          'SELECT pledge_id, bank_org_id FROM valuation.known_pledges WHERE learned_from = ANY($1::uuid[])',
          events.map((event) => event.eventId),
        );
      await pollUntil(async () => (await stored()).length === events.length, { description: `all ${events.length} events handled` });
      const rows = await stored();
      expect(rows.map((row) => row.pledge_id).sort()).toEqual(events.map((event) => event.key).sort());
      expect(new Set(rows.map((row) => row.bank_org_id)).size).toBeLessThan(events.length);
      const inbox = await prisma.$queryRawUnsafe<{ n: bigint }[]>(
        'SELECT count(*) AS n FROM valuation.inbox WHERE event_id = ANY($1::uuid[])',
        events.map((event) => event.eventId),
      );
      expect(inbox[0].n).toBe(BigInt(events.length));
    });

    it('isolates a failing event in the middle of a fetch: the others are handled, it alone is retried and dead-lettered, nothing of it stays', async () => {
      const prefix = uniqueTopicPrefix('batchpoison');
      await createTopicsForPrefix(prefix, topicNames(prefix));
      const keys = [pledgeId(2_000), pledgeId(2_001), pledgeId(2_002), pledgeId(2_003), pledgeId(2_004)];
      const events = keys.map((key) => pledgeSubmitted(key));
      const poison = events[2];
      const attempts: number[] = [];
      const failOnPoison: EventHandler<TransactionClient> = async (event, tx, attempt) => {
        await rememberPledge(event, tx, attempt); // written, then rolled back with the failure
        if (event.eventId === poison.eventId) {
          attempts.push(attempt);
          throw new Error('appraisal registry unavailable');
        }
      };
      await produce(
        prefix,
        events.map((event) => ({ key: event.key, value: JSON.stringify(event), partition: 0 })),
      );
      await startConsumer(prefix, new Map([['PledgeApplicationSubmitted', failOnPoison]]));
      const others = keys.filter((key) => key !== poison.key);
      await pollUntil(async () => (await knownPledges()).filter((key) => others.includes(key)).length === others.length, {
        description: 'the events around the failing one handled',
      });
      const [letter] = (await readTopic(`${prefix}ipledger.dlq.valuation`, 1)).map((message) =>
        DeadLetterSchema.parse(JSON.parse(message.value)),
      );
      expect(letter).toMatchObject({
        reason: 'handler-failed',
        attempts: 3,
        error: 'appraisal registry unavailable',
        originalKey: poison.key,
      });
      // Three tries in all, the one in the shared transaction counted: the retry policy's bound.
      expect(attempts).toEqual([1, 2, 3]);
      expect(await knownPledges()).not.toContain(poison.key);
      const inbox = await prisma.$queryRawUnsafe<{ event_id: string }[]>(
        'SELECT event_id::text FROM valuation.inbox WHERE event_id = ANY($1::uuid[])',
        events.map((event) => event.eventId),
      );
      expect(inbox.map((row) => row.event_id).sort()).toEqual(
        events
          .filter((event) => event !== poison)
          .map((event) => event.eventId)
          .sort(),
      );
    });

    it('commits a handler that failed once and then succeeded exactly once', async () => {
      const prefix = uniqueTopicPrefix('transient');
      await createTopicsForPrefix(prefix, topicNames(prefix));
      const key = pledgeId(40);
      let failed = false;
      await startConsumer(
        prefix,
        new Map([
          [
            'PledgeApplicationSubmitted',
            async (event, tx, attempt) => {
              await rememberPledge(event, tx, attempt);
              if (!failed) {
                failed = true;
                throw new Error('deadlock detected');
              }
            },
          ],
        ]),
      );
      const event = pledgeSubmitted(key);
      await produce(prefix, [{ key, value: JSON.stringify(event) }]);
      await pollUntil(async () => (await knownPledges()).includes(key), { description: 'handled on the second attempt' });
      const rows = await prisma.$queryRawUnsafe<{ n: bigint }[]>(
        'SELECT count(*) AS n FROM valuation.known_pledges WHERE pledge_id = $1',
        key,
      );
      expect(rows[0].n).toBe(1n);
    });
    describe('an event that waits for a fact from another partition', () => {
      // The waiting event's handler needs the pledge another event (on another partition) records:
      // the shape of the ledger's claim approval needing the loan's default from the loans topic.
      const needsFact =
        (factPledge: string, tries: number[]): EventHandler<TransactionClient> =>
        async (event, tx, attempt) => {
          if (event.key === factPledge) return rememberPledge(event, tx, attempt);
          tries.push(attempt);
          const known = await tx.$queryRawUnsafe<unknown[]>('SELECT 1 FROM valuation.known_pledges WHERE pledge_id = $1', factPledge);
          if (known.length === 0) throw new AwaitingFactError(`pledge ${factPledge}`, `${event.key} waits for pledge ${factPledge}`);
          await rememberPledge(event, tx, attempt);
        };

      it('pauses only its partition, is handled once the fact arrives later on another partition, and is never dead-lettered', async () => {
        const prefix = uniqueTopicPrefix('await');
        await createTopicsForPrefix(prefix, topicNames(prefix));
        const [waiting, factPledge] = [pledgeId(50), pledgeId(51)];
        const tries: number[] = [];
        await startConsumer(prefix, new Map([['PledgeApplicationSubmitted', needsFact(factPledge, tries)]]), {
          awaitFactForMs: 60_000,
          maxBackoffMs: 200,
        });
        await produce(prefix, [{ key: waiting, value: JSON.stringify(pledgeSubmitted(waiting)), partition: 0 }]);
        await pollUntil(() => tries.length >= 2, { description: 'the waiting event tried twice' });
        // Produced only now, so it can come only in a later fetch: a consumer that held its fetch
        // loop while the first event waited would never see it.
        await produce(prefix, [{ key: factPledge, value: JSON.stringify(pledgeSubmitted(factPledge)), partition: 1 }]);
        await pollUntil(async () => (await knownPledges()).includes(waiting), { description: 'the waiting event handled after its fact' });
        expect((await knownPledges()).filter((known) => known === waiting || known === factPledge)).toEqual([waiting, factPledge]);
        expect(tries.length).toBeGreaterThanOrEqual(3);
        expect(await recordsOn(`${prefix}ipledger.dlq.valuation`)).toBe(0);
      });

      it('is dead-lettered with what it waited for when the fact does not come in time, and its partition carries on', async () => {
        const prefix = uniqueTopicPrefix('awaitdlq');
        await createTopicsForPrefix(prefix, topicNames(prefix));
        // The fact comes behind the waiting event on the same partition: it cannot arrive in time.
        const [waiting, factPledge] = [pledgeId(52), pledgeId(53)];
        const next = factPledge;
        const tries: number[] = [];
        await startConsumer(prefix, new Map([['PledgeApplicationSubmitted', needsFact(factPledge, tries)]]), {
          awaitFactForMs: 1_000,
          maxBackoffMs: 100,
        });
        await produce(prefix, [
          { key: waiting, value: JSON.stringify(pledgeSubmitted(waiting)), partition: 2 },
          { key: next, value: JSON.stringify(pledgeSubmitted(next)), partition: 2 },
        ]);
        await pollUntil(async () => (await knownPledges()).includes(next), {
          description: 'the event behind the dead-lettered one is handled',
        });
        expect(await knownPledges()).not.toContain(waiting);
        const [letter] = (await readTopic(`${prefix}ipledger.dlq.valuation`, 1)).map((message) =>
          DeadLetterSchema.parse(JSON.parse(message.value)),
        );
        expect(letter.reason).toBe('handler-failed');
        expect(letter.error).toMatch(
          new RegExp(`^${waiting} waits for pledge ${factPledge} \\(waited \\d+ s for pledge ${factPledge}; the limit is 1 s\\)$`),
        );
        expect(letter.attempts).toBe(tries.length);
        expect(tries.length).toBeGreaterThanOrEqual(2);
      });
    });
  });
});
