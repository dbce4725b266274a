// Following one request: the correlation id an HTTP command carries appears in the service's
// access-log line, in the envelope of the event it caused on Kafka, in the relay's publish log, in
// the consuming handler's log line, and in another process's handler line (the audit service
// storing the command's CommandAudited); the health endpoints answer without a token.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { adminSasl } from '@ipledger/devstack';
import { consumerGroupId, HEADERS, topicName, topicNames, type RawEventEnvelope } from '@ipledger/contracts';
import {
  createTestDatabase,
  createTopicsForPrefix,
  pollUntil,
  startServiceProcess,
  testBrokers,
  testEnvironment,
  testToken,
  uniqueTopicPrefix,
  type ServiceProcess,
  type TestDatabase,
} from '@ipledger/testing';
import { licensingDealRequest } from './support/deals';

type LogLine = Record<string, unknown> & { msg?: string };

describe('observability of a service process', () => {
  let database: TestDatabase;
  let prefix: string;
  let service: ServiceProcess;
  let audit: ServiceProcess;
  const lines: LogLine[] = [];
  const rawLines: string[] = [];
  const auditLines: LogLine[] = [];

  /** Collects a process's output: every line, and the JSON log records among them. */
  const collectInto = (records: LogLine[], raw?: string[]) => (line: string) => {
    raw?.push(line);
    try {
      records.push(JSON.parse(line) as LogLine);
    } catch {
      // not a log record
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    prefix = uniqueTopicPrefix('observability');
    await createTopicsForPrefix(prefix, topicNames(prefix));
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'debug',
      IPLEDGER_JWT_PUBLIC_KEY: testEnvironment().jwtPublicKey,
    };
    [service, audit] = await Promise.all([
      startServiceProcess('statistics', env, { onLine: collectInto(lines, rawLines) }),
      startServiceProcess('audit', env, { onLine: collectInto(auditLines) }),
    ]);
  });

  afterAll(async () => {
    await service?.stop();
    await audit?.stop();
    await database?.drop();
  });

  it('answers liveness and readiness without a token; readiness names the consumer', async () => {
    const live = await fetch(`${service.url}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'alive', service: 'statistics' });
    for (const path of ['/health/ready', '/health']) {
      const ready = await fetch(`${service.url}${path}`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ok',
        service: 'statistics',
        checks: {
          database: 'up',
          kafka: 'up',
          consumer: 'joined',
          outbox: { failingPartitions: [], oldestUnpublishedAgeMs: null, unpublished: 0, republishing: 0 },
        },
      });
    }
  });

  it('serves its metrics without a token, in Prometheus text: consumer state, lost partitions, the outbox backlog', async () => {
    const answer = await fetch(`${service.url}/metrics`);
    expect(answer.status).toBe(200);
    const contentType = answer.headers.get('content-type') ?? '';
    expect(
      contentType
        .split(';')
        .map((part) => part.trim())
        .sort(),
    ).toEqual(['charset=utf-8', 'text/plain', 'version=0.0.4']);
    const samples = (await answer.text()).split('\n').filter((line) => !line.startsWith('#'));
    expect(samples).toEqual(
      expect.arrayContaining([
        'ipledger_consumer_status{status="joined",service="statistics"} 1',
        'ipledger_consumer_lost_partitions{service="statistics"} 0',
        'ipledger_outbox_failing_partitions{service="statistics"} 0',
        'ipledger_outbox_unpublished_events{service="statistics"} 0',
      ]),
    );
    expect(samples.some((line) => line.startsWith('process_cpu_user_seconds_total{service="statistics"} '))).toBe(true);
  });

  it('carries a command’s correlation id from the HTTP request to the access log, the event on Kafka, the handler log and another service’s handler log', async () => {
    const correlationId = `obs-${randomUUID()}`;
    const token = testToken({ orgId: 'bureau-cq', role: 'bureau', userId: 'wang.fang' });
    const answer = await fetch(`${service.url}/api/deals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', [HEADERS.correlationId]: correlationId },
      body: JSON.stringify(licensingDealRequest({ amount: '12500000.00' })),
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get(HEADERS.correlationId)).toBe(correlationId);
    const requestId = answer.headers.get(HEADERS.requestId);
    expect(requestId).toEqual(expect.any(String));

    // 1. The access-log line: route template, status, ids, actor; no token anywhere in the output.
    const access = await pollUntil(() => lines.find((line) => line.msg === 'http request' && line.correlationId === correlationId), {
      description: 'the access-log line of the command',
    });
    expect(access).toMatchObject({
      level: 30,
      service: 'statistics',
      method: 'POST',
      route: '/api/deals',
      path: '/api/deals',
      status: 201,
      requestId,
      correlationId,
      actorOrg: 'bureau-cq',
      actorRole: 'bureau',
    });
    expect(access.durationMs).toEqual(expect.any(Number));
    expect(rawLines.some((line) => line.includes(token))).toBe(false);

    // 2. The event on Kafka carries it (and names the request as its cause).
    const kafka = new Kafka({ clientId: 'e2e-observability', sasl: adminSasl(), brokers: testBrokers(), logLevel: logLevel.NOTHING });
    const reader = kafka.consumer({ groupId: `e2e-observability-${randomUUID()}` });
    const seen: RawEventEnvelope[] = [];
    await reader.connect();
    await reader.subscribe({ topics: [topicName('deal', prefix)], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => void seen.push(JSON.parse(message.value?.toString() ?? '{}') as RawEventEnvelope),
    });
    const envelope = await pollUntil(() => seen.find((event) => event.correlationId === correlationId), {
      description: 'the DealRecorded event on Kafka',
    });
    await reader.disconnect();
    expect(envelope).toMatchObject({ type: 'DealRecorded', correlationId, causationId: requestId, producer: 'statistics' });

    // 3. The relay's publish log (debug) lists it; the consuming handler's line carries it.
    const published = await pollUntil(
      () => lines.find((line) => line.msg === 'outbox batch published' && (line.eventIds as string[]).includes(envelope.eventId)),
      { description: 'the outbox publish log line' },
    );
    expect(published.correlationIds).toContain(correlationId);
    const handled = await pollUntil(() => lines.find((line) => line.msg === 'event handled' && line.eventId === envelope.eventId), {
      description: 'the handler log line of the event',
    });
    expect(handled).toMatchObject({
      type: 'DealRecorded',
      consumerGroup: consumerGroupId('statistics', prefix),
      correlationId,
      causationId: requestId,
      outcome: 'handled',
      attempt: 1,
    });

    // 4. Another process: the audit service stores the command's CommandAudited (written by
    // statistics in the command's transaction) and its handler line carries the same ids.
    const audited = await pollUntil(
      () =>
        auditLines.find((line) => line.msg === 'event handled' && line.type === 'CommandAudited' && line.correlationId === correlationId),
      { description: 'the audit service’s handler line of the command’s CommandAudited' },
    );
    expect(audited).toMatchObject({
      service: 'audit',
      consumerGroup: consumerGroupId('audit', prefix),
      correlationId,
      causationId: requestId,
      topic: topicName('audit', prefix),
      outcome: 'handled',
    });
  });
});
