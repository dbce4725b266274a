// One service in-process against the run's real PostgreSQL and Kafka, for its integration tests:
// a database and a topic prefix of its own, the Nest app on an ephemeral port, and a Kafka client
// that produces the events the service consumes and reads the ones it publishes.
//
// The app itself is built by the caller's `createApp` (service-kit's createServiceApp and
// loadConfig): @ipledger/testing may not import @ipledger/service-kit, whose dependency
// @ipledger/messaging uses this library in its own integration tests (a project cycle).
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import {
  consumerGroupId,
  EVENTS,
  topicName,
  type AnyEventEnvelope,
  type ConsumerName,
  type EventEnvelope,
  type EventType,
  type ServiceName,
  type TopicId,
} from '@ipledger/contracts';
import { createPrismaClient, SqlPrismaClient, type DatabaseClient, type PrismaClientClass } from '@ipledger/db';
import { pollUntil } from '@ipledger/devstack';
import { createTestDatabase, type TestDatabase } from './database';
import { testEnvironment } from './env';
import { createTopicsForPrefix, testBrokers, uniqueTopicPrefix } from './topics';
import { signedMessage, testKafka, testServiceKafkaEnv } from './kafka-security';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where a produced message landed. */
export interface MessagePosition {
  /** The full (prefixed) topic name. */
  topic: string;
  partition: number;
  offset: bigint;
}

/** What the harness needs to know of a service definition (service-kit's ServiceDefinition has more). */
export interface ServiceUnderTestDefinition {
  service: ServiceName;
  consumer?: ConsumerName;
  /** The service's own generated client class: `sut.prisma` is one (without: SqlPrismaClient, SQL only). */
  prismaClient?: PrismaClientClass;
}

/** The client `sut.prisma` is for a definition: the service's own, or the model-less one. */
export type ClientOf<D extends ServiceUnderTestDefinition> = D extends { prismaClient: new (...args: never[]) => infer C }
  ? C
  : SqlPrismaClient;

/** Configuration (env variables, as service-kit's ServiceConfigSchema reads them) for the app. */
export type ServiceUnderTestEnv = Record<string, string | undefined>;

export interface ServiceUnderTestOptions<D extends ServiceUnderTestDefinition> {
  /**
   * Builds the app, not listening yet: in a service's spec
   * `(definition, env) => createServiceApp(definition, loadConfig(ServiceConfigSchema, env))`.
   */
  createApp: (definition: D, env: ServiceUnderTestEnv) => Promise<INestApplication>;
  /** Topics (of the catalogue) whose events are collected in `published`, from the beginning. */
  readTopics?: TopicId[];
  /**
   * Configuration on top of the defaults (the test database, the run's brokers, the prefix,
   * LOG_LEVEL silent). A key set to undefined takes the service default.
   */
  env?: ServiceUnderTestEnv;
}

export interface ServiceUnderTest<C extends DatabaseClient = DatabaseClient> {
  /** The running Nest app (app.get(SomeProvider) for what HTTP does not show). */
  app: INestApplication;
  /** http://127.0.0.1:<port> of the app. */
  baseUrl: string;
  /** The topic and consumer group prefix of this service under test. */
  prefix: string;
  database: TestDatabase;
  /** The URL the app connects with: the service's own database role (database.url is the administrator's). */
  databaseUrl: string;
  /** A Prisma client of the test's own on the service's database (the definition's prismaClient), as the administrator (to arrange and inspect). */
  prisma: C;
  /** Every event read from `readTopics` so far, in arrival order. */
  published: AnyEventEnvelope[];
  /** An HTTP request to the app; a body is sent as JSON. The answer's body is parsed JSON (undefined if empty). */
  call<T>(
    method: HttpMethod,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; headers: Headers; body: T }>;
  /** Produces each envelope, in order, to its catalogue topic keyed by envelope.key and signed by envelope.producer's key; returns where each landed. */
  produce(...envelopes: EventEnvelope[]): Promise<MessagePosition[]>;
  /** Waits until the service's consumer group has committed past this message: it was handled (or skipped). */
  consumedPast(position: MessagePosition): Promise<void>;
  /** Waits until the service's consumer group has committed up to the current end of a topic. */
  consumedAll(topic: TopicId): Promise<void>;
  /** Waits for the first `type` event with `key` on the read topics. */
  publishedEvent<T extends EventType>(type: T, key: string): Promise<EventEnvelope<T>>;
  /** Waits for at least `count` `type` events with `key` on the read topics; returns them all. */
  publishedEvents<T extends EventType>(type: T, key: string, count: number): Promise<EventEnvelope<T>[]>;
  /**
   * Reads any topic (a full name, e.g. a dead-letter topic) from the beginning with a consumer of
   * its own; returns the array the parsed message values are added to as they arrive.
   */
  readTopic<T>(topic: string, parse: (value: string) => T): Promise<T[]>;
  /** Stops readers, Kafka clients, the app, the Prisma client, and drops the database. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `definition` in-process (options.createApp) on a fresh database and all topics under a
 * new prefix, listening on an ephemeral port. Call in beforeAll, and `stop()` in afterAll. If
 * starting fails, what was started is stopped.
 */
export async function startServiceUnderTest<D extends ServiceUnderTestDefinition>(
  definition: D,
  options: ServiceUnderTestOptions<D>,
): Promise<ServiceUnderTest<ClientOf<D>>> {
  const prefix = uniqueTopicPrefix(definition.service);
  const readTopics = options.readTopics ?? [];
  const stops: (() => Promise<unknown>)[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // Last started, first stopped: readers, admin, producer, app, Prisma, database. A step that
      // fails does not keep the others from running; the first failure is thrown at the end.
      const failures: unknown[] = [];
      for (const step of stops.reverse()) await step().catch((error: unknown) => failures.push(error));
      if (failures.length > 0) throw failures[0];
    })();
    return stopping;
  };

  try {
    const database = await createTestDatabase();
    stops.push(() => database.drop());
    await createTopicsForPrefix(prefix);
    const prisma = createPrismaClient((definition.prismaClient ?? SqlPrismaClient) as PrismaClientClass<ClientOf<D>>, {
      url: database.url,
      poolSize: 3,
    });
    stops.push(() => prisma.$disconnect());
    // The service connects as its own role, so its tests prove the role's grants suffice.
    const databaseUrl = database.urlOf(definition.service);
    const app = await options.createApp(definition, {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      PORT: '0', // unused: the app listens on an ephemeral port below
      LOG_LEVEL: 'silent',
      // Its own Kafka principal (the prefix's ACLs) and event-signing key, as in a deployment.
      ...testServiceKafkaEnv(definition.service),
      IPLEDGER_JWT_PUBLIC_KEY: testEnvironment().jwtPublicKey,
      IPLEDGER_JWT_PRIVATE_KEY: testEnvironment().jwtPrivateKey,
      IPLEDGER_LEDGER_PUBLIC_KEY: testEnvironment().ledgerPublicKey,
      // Only the ledger signs checkpoints, as in a deployment.
      ...(definition.service === 'ledger' ? { IPLEDGER_LEDGER_SIGNING_KEY: testEnvironment().ledgerSigningKey } : {}),
      // Only the audit service signs the audit chain's checkpoints.
      ...(definition.service === 'audit' ? { IPLEDGER_AUDIT_SIGNING_KEY: testEnvironment().auditSigningKey } : {}),
      ...options.env,
    });
    stops.push(() => app.close());
    await app.listen(0, '127.0.0.1');
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    // The harness is the run's super user: it produces as any service (signing as that service) and reads anything.
    const kafka = testKafka(`${definition.service}-test`);
    const producer: Producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    stops.push(() => producer.disconnect());
    const admin: Admin = kafka.admin();
    await admin.connect();
    stops.push(() => admin.disconnect());
    const readers: Consumer[] = [];
    // All readers at once: each disconnect waits for its fetch in flight (up to kafkajs' 5 s).
    stops.push(() => Promise.all(readers.map((reader) => reader.disconnect())));

    /** A consumer of its own (a new group) reading `topics` from the beginning. */
    const startReader = async (topics: string[], onValue: (value: string) => void): Promise<void> => {
      const reader = kafka.consumer({ groupId: `${prefix}reader-${randomUUID()}` });
      readers.push(reader);
      await reader.connect();
      await reader.subscribe({ topics, fromBeginning: true });
      await reader.run({
        eachMessage: async ({ message }) => {
          onValue(message.value?.toString() ?? '');
        },
      });
    };
    const readTopic = async <T>(topic: string, parse: (value: string) => T): Promise<T[]> => {
      const received: T[] = [];
      await startReader([topic], (value) => received.push(parse(value)));
      return received;
    };

    const published: AnyEventEnvelope[] = [];
    if (readTopics.length > 0) {
      const topics = readTopics.map((topic) => topicName(topic, prefix));
      await startReader(topics, (value) => published.push(JSON.parse(value || 'null') as AnyEventEnvelope));
    }
    const onReadTopics = `on the ${readTopics.join(', ')} topic${readTopics.length === 1 ? '' : 's'}`;
    const find = <T extends EventType>(type: T, key: string) =>
      published.filter((event) => event.type === type && event.key === key) as EventEnvelope<T>[];
    const mustRead = (): void => {
      if (readTopics.length === 0) throw new Error('startServiceUnderTest was given no readTopics: it reads no published events');
    };

    const groupId = (): string => {
      const consumer: ConsumerName | undefined = definition.consumer;
      if (consumer === undefined) throw new Error(`${definition.service} has no consumer group`);
      return consumerGroupId(consumer, prefix);
    };
    /** The group's committed offset of each partition of a topic (-1: none). */
    const committedOffsets = async (topic: string): Promise<(partition: number) => bigint> => {
      const [committed] = await admin.fetchOffsets({ groupId: groupId(), topics: [topic] });
      return (partition) => BigInt(committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1');
    };

    return {
      app,
      baseUrl,
      prefix,
      database,
      databaseUrl,
      prisma,
      published,

      async call<T>(method: HttpMethod, path: string, headers: Record<string, string>, body?: unknown) {
        const response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, headers: response.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
      },

      async produce(...envelopes: EventEnvelope[]) {
        const positions: MessagePosition[] = [];
        // One send per event, in order: an aggregate's events share a key, hence a partition and its order.
        for (const envelope of envelopes) {
          const topic = topicName(EVENTS[envelope.type].topic, prefix);
          const [metadata] = await producer.send({ topic, messages: [signedMessage(envelope)] });
          positions.push({ topic, partition: metadata.partition, offset: BigInt(metadata.baseOffset ?? '0') });
        }
        return positions;
      },

      async consumedPast(position: MessagePosition) {
        await pollUntil(async () => (await committedOffsets(position.topic))(position.partition) > position.offset, {
          description: `${groupId()} to commit past ${position.topic}[${position.partition}]@${position.offset}`,
        });
      },

      async consumedAll(topicId: TopicId) {
        const topic = topicName(topicId, prefix);
        await pollUntil(
          async () => {
            const ends = await admin.fetchTopicOffsets(topic);
            const committed = await committedOffsets(topic);
            return ends.every((end) => {
              const offset = committed(end.partition);
              return (offset < 0n ? 0n : offset) >= BigInt(end.offset);
            });
          },
          { description: `${groupId()} to reach the end of ${topic}` },
        );
      },

      async publishedEvent<T extends EventType>(type: T, key: string) {
        mustRead();
        const [event] = await pollUntil(() => find(type, key).length > 0 && find(type, key), {
          description: `${type} for ${key} ${onReadTopics}`,
        });
        return event;
      },

      async publishedEvents<T extends EventType>(type: T, key: string, count: number) {
        mustRead();
        await pollUntil(() => find(type, key).length >= count, { description: `${count} × ${type} for ${key} ${onReadTopics}` });
        return find(type, key);
      },

      readTopic,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined); // the reason it did not start is the one to see
    throw error;
  }
}

/**
 * startServiceUnderTest in the enclosing describe block's beforeAll, and stop() in its afterAll.
 * Returns the service under test at once, to be used in tests and in later hooks (earlier, it throws).
 */
export function serviceUnderTest<D extends ServiceUnderTestDefinition>(
  definition: D,
  options: ServiceUnderTestOptions<D>,
): ServiceUnderTest<ClientOf<D>> {
  let started: ServiceUnderTest<ClientOf<D>> | undefined;
  beforeAll(async () => {
    started = await startServiceUnderTest(definition, options);
  });
  afterAll(() => started?.stop());
  return new Proxy({} as ServiceUnderTest<ClientOf<D>>, {
    get(_target, property) {
      if (started === undefined) throw new Error(`${definition.service} under test is used before serviceUnderTest's beforeAll started it`);
      return Reflect.get(started, property) as unknown;
    },
  });
}
