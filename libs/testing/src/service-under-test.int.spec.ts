// startServiceUnderTest against the run's real PostgreSQL and Kafka, with a stand-in app (a bare
// Nest app with one controller; the services' specs pass service-kit's createServiceApp): what
// the app is given, HTTP, producing and reading events, waiting for commits, and stopping.
import { randomUUID } from 'node:crypto';
import { Body, Controller, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel } from 'kafkajs';
import { adminSasl } from '@ipledger/devstack';
import pg from 'pg';
import { consumerGroupId, topicName, type EventEnvelope } from '@ipledger/contracts';
import {
  pollUntil,
  serviceUnderTest,
  startServiceUnderTest,
  testBrokers,
  testEnvironment,
  testServiceKafkaEnv,
  type ServiceUnderTestEnv,
} from './index';

@Controller('echo')
class EchoController {
  @Post()
  echo(@Body() body: unknown): { received: unknown } {
    return { received: body };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

const definition = { service: 'valuation', consumer: 'valuation', module: EchoModule } as const;

/** What no test here looks at: the harness moves envelopes, it does not read them. */
const UNREAD = {
  version: 1,
  causationId: null,
  producer: 'pledge-registration',
  actor: { orgId: 'bureau-cq', role: 'bureau', userId: null },
} as const;
const registered = (pledgeId: string): EventEnvelope<'PledgeRegistered'> => ({
  ...UNREAD,
  type: 'PledgeRegistered',
  key: pledgeId,
  eventId: randomUUID(),
  occurredAt: new Date().toISOString(),
  correlationId: `corr-${pledgeId}`,
  payload: { pledgeId, bankOrgId: 'bank-cq-a', registrationNumber: 'Y2026500000815', registrationDate: '2026-01-10' },
});
const newPledgeId = () => `pl_${randomUUID().replace(/-/g, '')}`;

async function databaseExists(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: testEnvironment().adminUrl });
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [new URL(url).pathname.slice(1)]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('a service under test', () => {
  let given: ServiceUnderTestEnv | undefined;
  const sut = serviceUnderTest(definition, {
    createApp: async (started, env) => {
      given = env;
      return NestFactory.create(started.module, { logger: false });
    },
    readTopics: ['pledge'],
    env: { LOG_LEVEL: 'debug' },
  });
  let usedTooEarly: unknown;
  try {
    void sut.prefix;
  } catch (error) {
    usedTooEarly = error;
  }

  it('is started by its beforeAll: used before, it says so', () => {
    expect(usedTooEarly).toEqual(new Error("valuation under test is used before serviceUnderTest's beforeAll started it"));
  });

  it('gives the app its own database, the run’s brokers and its prefix, with the overrides on top', async () => {
    expect(given).toEqual({
      DATABASE_URL: sut.databaseUrl,
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_TOPIC_PREFIX: sut.prefix,
      PORT: '0',
      LOG_LEVEL: 'debug',
      IPLEDGER_JWT_PUBLIC_KEY: testEnvironment().jwtPublicKey,
      IPLEDGER_JWT_PRIVATE_KEY: testEnvironment().jwtPrivateKey,
      IPLEDGER_LEDGER_PUBLIC_KEY: testEnvironment().ledgerPublicKey,
      // Its own Kafka principal and signing key.
      ...testServiceKafkaEnv('valuation'),
    });
    expect(new URL(sut.databaseUrl).username).toBe('ipledger_valuation'); // its own role, not the administrator
    expect(sut.databaseUrl.replace(/\/\/[^@]*@/, '//')).toBe(sut.database.url.replace(/\/\/[^@]*@/, '//'));
    expect(sut.prefix).toMatch(/^t[a-z0-9]+-valuation-[0-9a-f]{6}\.$/);
    expect(sut.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await sut.prisma.$queryRawUnsafe<{ one: number }[]>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('calls the app over HTTP, JSON in and out', async () => {
    const response = await sut.call<{ received: unknown }>('POST', '/echo', { 'x-request-id': 'echo-1' }, { amount: '1.00' });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.body).toEqual({ received: { amount: '1.00' } });
  });

  it('produces events to their catalogue topic under the key and reads them back from the read topics', async () => {
    const pledgeId = newPledgeId();
    const [first, second] = [registered(pledgeId), registered(pledgeId)];
    const positions = await sut.produce(first, second);
    expect(positions.map((position) => position.topic)).toEqual([topicName('pledge', sut.prefix), topicName('pledge', sut.prefix)]);
    expect(positions[1].partition).toBe(positions[0].partition);
    expect(positions[1].offset).toBe(positions[0].offset + 1n);
    expect(await sut.publishedEvent('PledgeRegistered', pledgeId)).toEqual(first);
    expect(await sut.publishedEvents('PledgeRegistered', pledgeId, 2)).toEqual([first, second]);
    expect(sut.published).toEqual(expect.arrayContaining([first, second]));
  });

  it('reads any topic by its full name with a reader of its own', async () => {
    const pledgeId = newPledgeId();
    await sut.produce(registered(pledgeId));
    const keys = await sut.readTopic(topicName('pledge', sut.prefix), (value) => (JSON.parse(value) as EventEnvelope).key);
    await pollUntil(() => keys.includes(pledgeId), { description: `${pledgeId} read from the pledge topic` });
    expect(keys.filter((key) => key === pledgeId)).toHaveLength(1);
  });

  it('waits until the service’s consumer group has committed past a message, and up to the end of a topic', async () => {
    const [position] = await sut.produce(registered(newPledgeId()));
    const topic = topicName('pledge', sut.prefix);
    const admin = new Kafka({
      clientId: 'service-under-test-int',
      sasl: adminSasl(),
      brokers: testBrokers(),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      // Committed as the service's group would, up to the end of every partition (joining the
      // group takes seconds, so once).
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId: consumerGroupId('valuation', sut.prefix),
        topic,
        partitions: ends.map((end) => ({ partition: end.partition, offset: end.offset })),
      });
      await sut.consumedPast(position);
      await sut.consumedAll('pledge');
    } finally {
      await admin.disconnect();
    }
  });

  it('stops once, however often it is asked, and drops its database', async () => {
    expect(await databaseExists(sut.database.url)).toBe(true);
    await Promise.all([sut.stop(), sut.stop()]);
    await sut.stop();
    expect(await databaseExists(sut.database.url)).toBe(false);
  });

  it('stops what it started when the app does not start, and says why', async () => {
    let url = '';
    const failing = startServiceUnderTest(definition, {
      createApp: async (_definition, env) => {
        url = env.DATABASE_URL ?? '';
        throw new Error('the app does not start');
      },
    });
    await expect(failing).rejects.toThrow('the app does not start');
    expect(url).not.toBe('');
    expect(await databaseExists(url)).toBe(false);
  });
});
