// Graceful shutdown of a real consuming service process (statistics): SIGTERM in the middle of a
// burst of events and HTTP commands must answer readiness 503, finish what is in flight, commit
// exactly the offsets of the events handled, publish the outbox, and exit 0; a restart then
// handles the rest and nothing twice.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Admin } from 'kafkajs';
import { adminSasl } from '@ipledger/devstack';
import pg from 'pg';
import { consumerGroupId, deadLetterTopicName, EVENTS, HEADERS, topicName, topicNames, type EventEnvelope } from '@ipledger/contracts';
import { newId } from '@ipledger/service-kit';
import {
  createTestDatabase,
  createTopicsForPrefix,
  pollUntil,
  startServiceProcess,
  testBrokers,
  testEnvironment,
  testToken,
  uniqueTopicPrefix,
  type ServiceEnvironment,
  type ServiceProcess,
  type TestDatabase,
  signedMessage,
} from '@ipledger/testing';
import { licensingDealRecorded, licensingDealRequest } from './support/deals';

const BURST = 800;
const BUREAU = { orgId: 'bureau-cq', role: 'bureau' as const, userId: 'wang.fang' };

/** A valid DealRecorded event as another statistics instance would have published it. */
function dealRecorded(): EventEnvelope<'DealRecorded'> {
  const dealId = newId('deal');
  return {
    eventId: randomUUID(),
    type: 'DealRecorded',
    version: EVENTS.DealRecorded.version,
    occurredAt: new Date().toISOString(),
    key: dealId,
    correlationId: `burst-${dealId}`,
    causationId: null,
    producer: 'statistics',
    actor: { orgId: BUREAU.orgId, role: BUREAU.role, userId: BUREAU.userId },
    payload: licensingDealRecorded(dealId, BUREAU.orgId, { amount: '1200000.00' }),
  } as EventEnvelope<'DealRecorded'>;
}

interface LogLine {
  msg?: string;
  outcome?: string;
  [field: string]: unknown;
}

function parseLine(line: string): LogLine | undefined {
  try {
    return JSON.parse(line) as LogLine;
  } catch {
    return undefined;
  }
}

describe('graceful shutdown of a consuming service process', () => {
  let database: TestDatabase;
  let db: pg.Client;
  let admin: Admin;
  let kafka: Kafka;
  let prefix: string;
  let env: ServiceEnvironment;
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    prefix = uniqueTopicPrefix('graceful-shutdown');
    await createTopicsForPrefix(prefix, topicNames(prefix));
    env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'info',
      IPLEDGER_JWT_PUBLIC_KEY: testEnvironment().jwtPublicKey,
      // Long enough for the test to see readiness answer 503 before the listener closes.
      SHUTDOWN_READINESS_DELAY_MS: '500',
    };
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    kafka = new Kafka({ clientId: 'e2e-graceful-shutdown', sasl: adminSasl(), brokers: testBrokers(), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
    await admin?.disconnect();
    await db?.end();
    await database?.drop();
  });

  const groupId = () => consumerGroupId('statistics', prefix);
  const dealTopic = () => topicName('deal', prefix);

  async function handledCount(): Promise<number> {
    const result = await db.query<{ n: string }>('SELECT count(*) AS n FROM statistics.inbox WHERE consumer_group = $1', [groupId()]);
    return Number(result.rows[0]?.n);
  }

  async function committedOffsets(topic: string, group: string): Promise<number> {
    const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return (entry?.partitions ?? []).reduce((sum, partition) => sum + (partition.offset === '-1' ? 0 : Number(partition.offset)), 0);
  }

  async function messagesOn(topic: string): Promise<number> {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  }

  async function start(lines: LogLine[]): Promise<ServiceProcess> {
    const service = await startServiceProcess('statistics', env, {
      onLine: (line) => {
        const parsed = parseLine(line);
        if (parsed) lines.push(parsed);
      },
    });
    running.push(service);
    return service;
  }

  async function produceBurst(count: number): Promise<void> {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      const messages = Array.from({ length: count }, () => {
        const envelope = dealRecorded();
        return signedMessage(envelope);
      });
      for (let from = 0; from < messages.length; from += 500) {
        await producer.send({ topic: dealTopic(), acks: -1, messages: messages.slice(from, from + 500) });
      }
    } finally {
      await producer.disconnect();
    }
  }

  /** POST /api/deals one after the other until the service stops answering; counts the 201s. */
  async function commandsUntilRefused(url: string, stop: { requested: boolean }): Promise<number> {
    const token = testToken(BUREAU);
    let created = 0;
    for (let n = 0; n < 10_000; n += 1) {
      try {
        const answer = await fetch(`${url}/api/deals`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', [HEADERS.correlationId]: `shutdown-cmd-${n}` },
          body: JSON.stringify(licensingDealRequest()),
        });
        await answer.arrayBuffer();
        if (answer.status === 201) created += 1;
        else if (stop.requested) return created;
        else throw new Error(`POST /api/deals answered ${answer.status} before the shutdown`);
      } catch (error) {
        if (stop.requested) return created;
        throw error;
      }
    }
    return created;
  }

  /** GET /health/ready until the listener is gone; the answers seen. */
  async function readinessUntilClosed(url: string): Promise<{ status: number; body: { status?: string; failed?: string[] } }[]> {
    const seen: { status: number; body: { status?: string; failed?: string[] } }[] = [];
    for (;;) {
      try {
        const answer = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5_000) });
        seen.push({ status: answer.status, body: (await answer.json()) as { status?: string; failed?: string[] } });
      } catch {
        return seen;
      }
    }
  }

  it('on SIGTERM answers 503, finishes in-flight work, commits exactly what it handled, drains the outbox, exits 0; a restart handles the rest once', async () => {
    const firstRun: LogLine[] = [];
    const service = await start(firstRun);
    const stop = { requested: false };
    const commands = commandsUntilRefused(service.url, stop);
    await produceBurst(BURST);
    await pollUntil(async () => (await handledCount()) >= 100, { intervalMs: 10, description: 'the service to be handling the burst' });

    stop.requested = true;
    const exited = service.process.stop({ timeoutMs: 30_000 });
    const readiness = readinessUntilClosed(service.url);
    const exit = await exited;
    const created = await commands;

    expect(exit).toEqual({ code: 0, signal: null });
    // Readiness went 503 "shutting-down" before the listener closed.
    expect(
      (await readiness).some(
        (answer) => answer.status === 503 && answer.body.status === 'shutting-down' && answer.body.failed?.includes('shutdown'),
      ),
    ).toBe(true);
    expect(created).toBeGreaterThan(0);

    // The steps, in order.
    expect(firstRun.filter((line) => line.msg?.startsWith('shutdown:')).map((line) => line.msg)).toEqual([
      'shutdown: started',
      'shutdown: readiness answers 503 shutting-down',
      'shutdown: HTTP listener closed; requests in flight finished',
      'shutdown: event consumer stopped; in-flight handlers finished, their offsets committed',
      'shutdown: outbox drained',
      'shutdown: producer disconnected',
      'shutdown: database disconnected',
      'shutdown: complete',
    ]);

    // Every event handled is committed, and nothing more: a restart redelivers nothing handled.
    const handledBefore = await handledCount();
    expect(await committedOffsets(dealTopic(), groupId())).toBe(handledBefore);
    // Every command's events (DealRecorded, CommandAudited) left the outbox.
    const outbox = await db.query<{ unpublished: string; published: string }>(
      'SELECT count(*) FILTER (WHERE published_at IS NULL) AS unpublished, count(*) FILTER (WHERE published_at IS NOT NULL) AS published FROM statistics.outbox',
    );
    expect(Number(outbox.rows[0]?.unpublished)).toBe(0);
    expect(Number(outbox.rows[0]?.published)).toBe(created * 2);
    const total = await messagesOn(dealTopic());
    expect(total).toBe(BURST + created);

    const secondRun: LogLine[] = [];
    const restarted = await start(secondRun);
    await pollUntil(async () => (await handledCount()) === total, {
      timeoutMs: 60_000,
      description: `all ${total} deal events handled after the restart`,
    });
    await pollUntil(async () => (await committedOffsets(dealTopic(), groupId())) === total, {
      description: 'the restart to commit its offsets',
    });
    // Its log lines travel through a pipe and may come a moment after the offsets are committed.
    const handledLines = () => secondRun.filter((line) => line.msg === 'event handled').length;
    await pollUntil(() => handledLines() >= total - handledBefore, {
      timeoutMs: 10_000,
      description: `the restart to log the ${total - handledBefore} events it handled`,
    });
    expect(secondRun.filter((line) => line.msg === 'event already handled')).toEqual([]);
    expect(handledLines()).toBe(total - handledBefore);
    expect(await messagesOn(deadLetterTopicName('statistics', prefix))).toBe(0);

    expect(await restarted.process.stop({ timeoutMs: 30_000 })).toEqual({ code: 0, signal: null });
  }, 240_000);
});
