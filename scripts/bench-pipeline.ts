// The event pipeline line of `npm run bench`: how fast one consuming service (statistics, a real
// process) drains a topic's backlog, against a plain kafkajs consumer reading the same messages
// from the same broker in the same run. The service does what every consumer does per event:
// parse and validate the envelope, check its signature, one inbox row, the handler's writes, the
// commit, then the offset. The baseline only fetches and counts.
//
// Then the read model is rebuilt as an operator does it: the service stopped, `ipledger stats
// rebuild` (the derived tables and the group's inbox rows emptied, the group rewound), the service
// started again and timed until it has replayed every event, against the same baseline.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { adminSasl, kafkaSecurityFromEnv, operatorKafkaEnv, pollUntil, serviceCredential } from '@ipledger/devstack';
import { peakRssMiB } from './bench-rss';
import { startBenchService, type BenchInfrastructure } from './bench-services';

export interface PipelineBenchInput extends BenchInfrastructure {
  topic: string;
  /** How many messages the topic holds (all of a type statistics consumes). */
  messages: number;
}

export interface PipelineBenchResult {
  serviceEventsPerSecond: number;
  /** Replaying the same events after `ipledger stats rebuild`. */
  rebuildEventsPerSecond: number;
  rawEventsPerSecond: number;
  statisticsPeakRssMiB: number | undefined;
}

/** Messages a second for a plain consumer group reading `topic` from its beginning, first batch to last. */
async function rawConsume(brokers: string[], topic: string, messages: number): Promise<number> {
  const consumer = new Kafka({ clientId: 'bench-raw', sasl: adminSasl(), brokers, logLevel: logLevel.NOTHING }).consumer({
    groupId: `bench-raw-${randomUUID().slice(0, 8)}`,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let first: bigint | undefined;
  let last = 0n;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      first ??= process.hrtime.bigint();
      seen += batch.messages.length;
      last = process.hrtime.bigint();
    },
  });
  await pollUntil(() => seen >= messages, {
    timeoutMs: 300_000,
    intervalMs: 20,
    description: `a plain consumer to read ${messages} messages`,
  });
  await consumer.disconnect();
  return messages / (Number(last - (first ?? last)) / 1e9);
}

/** Events a second the statistics service handled, from its first inbox row to its last (a row's time is its transaction's start). */
async function serviceDrain(input: PipelineBenchInput): Promise<{ eventsPerSecond: number; peakRssMiB: number | undefined }> {
  const statistics = await startBenchService('statistics', input);
  const client = new pg.Client({ connectionString: input.databaseUrl });
  await client.connect();
  try {
    // From the first batch's transaction start (its inbox rows' handled_at) to the first poll that
    // finds every event handled (the database's clock at that poll): the last batch's work counts,
    // which a span between inbox rows would leave out when a few large batches hold every event.
    const handled = async (): Promise<{ n: number; first: Date; seen: Date }> => {
      const { rows } = await client.query<{ n: string; first: Date; seen: Date }>(
        `SELECT count(*) AS n, min(handled_at) AS first, clock_timestamp() AS seen FROM statistics.inbox WHERE type = 'LoanDisbursed'`,
      );
      const row = rows[0];
      return { n: Number(row?.n ?? 0), first: row?.first ?? new Date(0), seen: row?.seen ?? new Date(0) };
    };
    const done = await pollUntil(
      async () => {
        const now = await handled();
        return now.n >= input.messages ? now : undefined;
      },
      {
        timeoutMs: 600_000,
        intervalMs: 25,
        description: `statistics to handle ${input.messages} events`,
      },
    );
    return {
      eventsPerSecond: input.messages / ((done.seen.getTime() - done.first.getTime()) / 1000),
      peakRssMiB: peakRssMiB(statistics.process.pid),
    };
  } finally {
    await client.end().catch(() => undefined);
    await statistics.stop();
  }
}

const CLI = path.resolve(__dirname, '../apps/cli/bin/ipledger.mjs');

/** `ipledger stats rebuild`, connected as the statistics service's role and the operator's Kafka principal. */
async function rebuildStatistics(input: PipelineBenchInput): Promise<void> {
  const security = kafkaSecurityFromEnv();
  if (security === undefined) throw new Error('IPLEDGER_KAFKA_SECURITY is not set');
  await promisify(execFile)(process.execPath, [CLI, 'stats', 'rebuild'], {
    env: {
      ...process.env,
      ...operatorKafkaEnv(security),
      DATABASE_URL: undefined,
      STATISTICS_DATABASE_URL: serviceCredential(input.databaseUrl, 'statistics', input.roleSecret).url,
      KAFKA_BROKERS: input.brokers.join(','),
      KAFKA_TOPIC_PREFIX: input.topicPrefix,
    },
    timeout: 300_000,
  });
}

export async function benchPipeline(input: PipelineBenchInput): Promise<PipelineBenchResult> {
  const rawEventsPerSecond = await rawConsume(input.brokers, input.topic, input.messages);
  const service = await serviceDrain(input);
  await rebuildStatistics(input);
  const rebuild = await serviceDrain(input);
  return {
    serviceEventsPerSecond: service.eventsPerSecond,
    rebuildEventsPerSecond: rebuild.eventsPerSecond,
    rawEventsPerSecond,
    statisticsPeakRssMiB: Math.max(service.peakRssMiB ?? 0, rebuild.peakRssMiB ?? 0) || undefined,
  };
}
