// The outbox relay's bookkeeping and its one-publisher rule against a real PostgreSQL and Kafka:
// no transaction is open while the broker is waited on, each send attempt is counted on the row
// with the reason of a failure, only one of two relays on a schema publishes (the other takes over
// when it stops), a commit wakes it without a nudge (the outbox channel's notifications), and a
// republish request made while its row is on the way is kept. The valuation
// schema's outbox stands for any service's; each test has a database of its own.
import { randomUUID } from 'node:crypto';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { topicName, topicNames, type PayloadOf } from '@ipledger/contracts';
import { createPrismaClient, SqlPrismaClient } from '@ipledger/db';
import {
  createTestDatabase,
  createTopicsForPrefix,
  pollUntil,
  testKafka,
  testKafkaSecurity,
  uniqueTopicPrefix,
  type TestDatabase,
} from '@ipledger/testing';
import { EventSigner } from './event-signature';
import { silentLogger } from './logger';
import { Outbox } from './outbox';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
import { RenewableProducer } from './renewable-producer';
import { KafkaTopicPartitionCounts } from './topic-partition-counts';

const actor = { orgId: 'appraiser-cq', role: 'appraiser', userId: null } as const;
const pledgeId = (n: number) => `pl_${n.toString(16).padStart(32, '0')}`;
/** The relay's own connection, as it names itself (publisher-lease.ts). */
const LEASE_APPLICATION = 'ipledger-outbox-relay:valuation';
const BATCH_LOCK = 'ipledger.outbox.valuation';

interface OutboxState {
  id: string;
  attempts: number;
  last_error: string | null;
  published: boolean;
  republish_requested: boolean;
  republished: boolean;
}

describe('the outbox relay on a real broker and database', () => {
  let kafka: Kafka;
  let database: TestDatabase;
  /** As the administrator: arranging and inspecting. */
  let admin: SqlPrismaClient;
  /** As the valuation service's role: what its relay reads and marks with. */
  let serviceDb: SqlPrismaClient;
  let prefix: string;
  let topic: string;
  let outbox: Outbox;
  const relays: OutboxRelay[] = [];
  const readers: { disconnect(): Promise<void> }[] = [];

  beforeAll(() => {
    kafka = testKafka('outbox-relay-test');
  });

  beforeEach(async () => {
    database = await createTestDatabase();
    admin = createPrismaClient(SqlPrismaClient, { url: database.url, poolSize: 3 });
    serviceDb = createPrismaClient(SqlPrismaClient, { url: database.urlOf('valuation'), poolSize: 4 });
    prefix = uniqueTopicPrefix('relay');
    await createTopicsForPrefix(prefix, topicNames(prefix));
    topic = topicName('valuation', prefix);
    outbox = new Outbox({ schema: 'valuation', producer: 'valuation', topicPrefix: prefix });
  });

  afterEach(async () => {
    for (const relay of relays.splice(0)) {
      await relay.stop();
      await relay.close();
    }
    for (const reader of readers.splice(0)) await reader.disconnect();
    await serviceDb.$disconnect();
    await admin.$disconnect();
    await database.drop();
  });

  /** Appends one PledgeValued event per value, each in its own transaction; returns their event ids. */
  async function append(pledge: string, values: number[]): Promise<string[]> {
    const ids: string[] = [];
    for (const value of values) {
      const payload: PayloadOf<'PledgeValued'> = {
        valuationId: `val_${randomUUID().replace(/-/g, '')}`,
        pledgeId: pledge,
        appraiserOrgId: 'appraiser-cq',
        method: 'income',
        appraisedValue: `${value}.00`,
        valuationDate: '2026-01-01',
        validUntil: '2027-01-01',
        reportNumber: null,
      };
      const envelope = await serviceDb.$transaction((tx) =>
        outbox.append(tx, { type: 'PledgeValued', payload, actor, correlationId: `c-${value}`, causationId: null }),
      );
      ids.push(envelope.eventId);
    }
    return ids;
  }

  /** A relay as the services make it, its producer's sends passed through `send` (default: straight to the broker). */
  function relay(
    send: (real: Producer, record: Parameters<Producer['send']>[0]) => ReturnType<Producer['send']> = (real, record) => real.send(record),
    options: Partial<OutboxRelayOptions> = {},
  ): OutboxRelay {
    const producer = new RenewableProducer({
      create: async () => {
        const created = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
        await created.connect();
        const wrapped = Object.create(created) as Producer;
        wrapped.send = (record) => send(created, record);
        return wrapped;
      },
    });
    const made = new OutboxRelay({
      db: serviceDb,
      databaseUrl: database.urlOf('valuation'),
      schema: 'valuation',
      producer,
      signer: new EventSigner(testKafkaSecurity().signing.valuation.privateJwk),
      partitionCounts: new KafkaTopicPartitionCounts(kafka),
      logger: silentLogger,
      ...options,
    });
    relays.push(made);
    return made;
  }

  async function rows(): Promise<OutboxState[]> {
    return admin.$queryRawUnsafe<OutboxState[]>(
      `SELECT id::text AS id, attempts, last_error, published_at IS NOT NULL AS published,
              republish_requested_at IS NOT NULL AS republish_requested, republished_at IS NOT NULL AS republished
         FROM valuation.outbox ORDER BY id`,
    );
  }

  /** The event ids on the topic, in the order one partition's consumer reads them (every key here lives on one partition). */
  async function eventIdsOnTopic(count: number): Promise<string[]> {
    const received: string[] = [];
    const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
    readers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push((JSON.parse(message.value?.toString() ?? '{}') as { eventId: string }).eventId);
      },
    });
    await pollUntil(() => received.length >= count, { description: `${count} messages on ${topic}` });
    return received;
  }

  /** A gate a send waits at: `reached` settles when the first send is there, `open()` lets it go on. */
  function gate() {
    let open!: () => void;
    let reach!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const reached = new Promise<void>((resolve) => (reach = resolve));
    let first = true;
    return {
      open,
      reached,
      send: async (real: Producer, record: Parameters<Producer['send']>[0]) => {
        if (first) {
          first = false;
          reach();
          await opened;
        }
        return real.send(record);
      },
    };
  }

  it('holds no transaction open while a send waits on the broker, only its two advisory locks on an idle connection', async () => {
    await append(pledgeId(1), [1, 2, 3]);
    const blocked = gate();
    const sut = relay(blocked.send, { partitionSendTimeoutMs: 30_000 });
    const draining = sut.drain();
    await blocked.reached;

    // Every session of the service's role: none is inside a transaction (the old relay sat here
    // "idle in transaction" for as long as the broker took).
    const sessions = await admin.$queryRawUnsafe<
      { application_name: string; state: string; in_transaction: boolean; advisory_locks: bigint }[]
    >(
      `SELECT activity.application_name, activity.state, activity.xact_start IS NOT NULL AS in_transaction,
              (SELECT count(*) FROM pg_locks WHERE pg_locks.pid = activity.pid AND locktype = 'advisory') AS advisory_locks
         FROM pg_stat_activity AS activity
        WHERE activity.datname = current_database() AND activity.usename = 'ipledger_valuation'`,
    );
    expect(sessions.filter((session) => session.in_transaction)).toEqual([]);
    expect(sessions.find((session) => session.application_name === LEASE_APPLICATION)).toEqual({
      application_name: LEASE_APPLICATION,
      state: 'idle',
      in_transaction: false,
      advisory_locks: 2n,
    });
    // The rows are not locked either: another writer (a command, the republish CLI) goes through at once.
    await admin.$transaction(async (tx) => {
      const locked = await tx.$queryRawUnsafe<unknown[]>('SELECT id FROM valuation.outbox FOR UPDATE NOWAIT');
      expect(locked).toHaveLength(3);
    });
    // The batch lock is held for the batch in flight, so a republish or retention waits for it…
    const during = await admin.$queryRawUnsafe<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
      BATCH_LOCK,
    );
    expect(during[0].locked).toBe(false);

    blocked.open();
    expect(await draining).toBe(3);
    // …and released once the batch is recorded, while the relay stays the publisher.
    const after = await admin.$queryRawUnsafe<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
      BATCH_LOCK,
    );
    expect(after[0].locked).toBe(true);
    expect(sut.isPublisher()).toBe(true);
    expect((await rows()).map((row) => [row.published, row.attempts, row.last_error])).toEqual([
      [true, 1, null],
      [true, 1, null],
      [true, 1, null],
    ]);
  });

  it('counts every send attempt on the row and keeps the reason of the failed one until the broker acknowledges', async () => {
    const [eventId] = await append(pledgeId(2), [10]);
    let brokerDown = true;
    const sut = relay(
      async (real, record) => {
        if (brokerDown) throw new Error('There is no leader for this topic-partition as we are in the middle of a leadership election');
        return real.send(record);
      },
      { partitionBackoffMs: { initialMs: 50, maxMs: 50 } },
    );

    await expect(sut.drain()).rejects.toThrow('failed after 0 published');
    expect(await rows()).toEqual([
      expect.objectContaining({
        attempts: 1,
        last_error: 'There is no leader for this topic-partition as we are in the middle of a leadership election',
        published: false,
      }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await expect(sut.drain()).rejects.toThrow('failed after 0 published');
    expect((await rows())[0].attempts).toBe(2);

    brokerDown = false;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await sut.drain()).toBe(1);
    expect(await rows()).toEqual([expect.objectContaining({ attempts: 3, last_error: null, published: true })]);
    expect(await eventIdsOnTopic(1)).toEqual([eventId]);
  });

  it('lets one of two relays on a schema publish, the other take over when it stops, each key in outbox order', async () => {
    const senders: string[] = [];
    const recording = (name: string) => (real: Producer, record: Parameters<Producer['send']>[0]) => {
      senders.push(name);
      return real.send(record);
    };
    const first = relay(recording('first'), { pollIntervalMs: 20 });
    const second = relay(recording('second'), { pollIntervalMs: 20 });
    first.start();
    second.start();
    const early = await append(pledgeId(3), [1, 2, 3, 4, 5, 6, 7, 8]);
    await pollUntil(async () => (await rows()).every((row) => row.published), { description: 'the first events published' });
    const publisher = first.isPublisher() ? first : second;
    const other = publisher === first ? second : first;
    expect(other.isPublisher()).toBe(false);
    expect(new Set(senders)).toEqual(new Set([publisher === first ? 'first' : 'second']));

    // The publisher stops (a shutdown): the other gets the publisher lock at its next poll.
    senders.length = 0;
    await publisher.stop();
    await publisher.close();
    const late = await append(pledgeId(3), [9, 10, 11]);
    await pollUntil(async () => (await rows()).every((row) => row.published), { description: 'the later events published' });
    expect(other.isPublisher()).toBe(true);
    expect(new Set(senders)).toEqual(new Set([other === first ? 'first' : 'second']));
    expect((await rows()).every((row) => row.attempts === 1)).toBe(true);
    expect(await eventIdsOnTopic(11)).toEqual([...early, ...late]);
  });

  it('wakes at the commit of events it was not nudged for (another instance, a republish request), not at its next poll', async () => {
    const sut = relay(undefined, { pollIntervalMs: 20_000 }); // the longest poll the configuration allows
    sut.start();
    await pollUntil(() => sut.isPublisher(), { description: 'the relay listening as the publisher' });
    // Appended and committed on another connection, as another instance of the service would (no nudge).
    const [eventId] = await append(pledgeId(7), [1]);
    await pollUntil(async () => (await rows()).every((row) => row.published), {
      description: "the event published on the outbox channel's notification",
      timeoutMs: 5_000,
    });
    // `ipledger outbox republish` marks it on its own connection: published again, as soon.
    await admin.$executeRawUnsafe('UPDATE valuation.outbox SET republish_requested_at = now() WHERE event_id = $1::uuid', eventId);
    await pollUntil(async () => (await rows()).every((row) => row.republished && !row.republish_requested), {
      description: 'the event republished on the notification of the request',
      timeoutMs: 5_000,
    });
    expect(await eventIdsOnTopic(2)).toEqual([eventId, eventId]);
  });

  it('keeps a republish request made while its row was on the way, and sends the row again', async () => {
    const [published] = await append(pledgeId(4), [1]);
    expect(await relay().drain()).toBe(1);
    await relays.splice(0)[0].close();
    const [unpublished] = await append(pledgeId(4), [2]);
    await admin.$executeRawUnsafe('UPDATE valuation.outbox SET republish_requested_at = now() WHERE event_id = $1::uuid', published);

    const blocked = gate();
    const sut = relay(blocked.send, { partitionSendTimeoutMs: 30_000 });
    const draining = sut.drain();
    await blocked.reached;
    // Both rows are on the way (one republished, one first published) when a request for both comes.
    await admin.$executeRawUnsafe('UPDATE valuation.outbox SET republish_requested_at = now()');
    blocked.open();

    // The first batch sends both; the requests made after it read them are kept, so a second batch sends them again.
    expect(await draining).toBe(4);
    expect(await rows()).toEqual([
      expect.objectContaining({ attempts: 3, published: true, republish_requested: false, republished: true }),
      expect.objectContaining({ attempts: 2, published: true, republish_requested: false, republished: true }),
    ]);
    expect(await eventIdsOnTopic(5)).toEqual([published, published, unpublished, published, unpublished]);
  });

  it('lets another relay take over from a publisher frozen longer than its idle timeout', async () => {
    await append(pledgeId(6), [1]);
    const frozen = relay(undefined, { publisherIdleTimeoutMs: 1_000 });
    expect(await frozen.drain()).toBe(1);
    // It polls no more (as a process stopped by a signal or hung would): PostgreSQL ends its idle session.
    const other = relay();
    await append(pledgeId(6), [2]);
    expect(await other.drain()).toBe(0);
    const taken = await pollUntil(async () => ((await other.drain()) === 1 ? true : undefined), {
      description: 'the other relay publishing',
      timeoutMs: 10_000,
    });
    expect(taken).toBe(true);
    expect(other.isPublisher()).toBe(true);
    await pollUntil(() => !frozen.isPublisher(), { description: 'the frozen relay noticed it lost the publisher lock' });
  });

  it('connects again when its connection is lost (PostgreSQL restarted) and goes on publishing', async () => {
    await append(pledgeId(5), [1]);
    const sut = relay();
    expect(await sut.drain()).toBe(1);
    await admin.$queryRawUnsafe(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
      LEASE_APPLICATION,
    );
    await pollUntil(() => !sut.isPublisher(), { description: 'the relay noticed its connection lost' });
    await append(pledgeId(5), [2]);
    expect(await sut.drain()).toBe(1);
    expect(sut.isPublisher()).toBe(true);
    expect((await rows()).every((row) => row.published)).toBe(true);
  });
});
