// Waiting until the system has nothing left in flight: every outbox published and every consumer
// group at the end of its topics (bounded; fails naming what is still pending).
import pg from 'pg';
import { CONSUMERS, consumerGroupId, EVENT_CONSUMERS, EVENTS, topicName } from '@ipledger/contracts';
import { pollUntil, waitUntilConsumed } from '@ipledger/testing';
import { TOPIC_PREFIX, type FaultSystem } from './system';

export const OUTBOX_SCHEMAS = [
  'pledge_registration',
  'valuation',
  'lending',
  'ledger',
  'risk_compensation',
  'identity',
  'audit',
  'statistics',
];

/** Every consumer group of the system with the topics it reads. */
export function consumerGroups(prefix = TOPIC_PREFIX): { groupId: string; topics: string[] }[] {
  return CONSUMERS.map((consumer) => ({
    groupId: consumerGroupId(consumer, prefix),
    topics: [...new Set(EVENT_CONSUMERS[consumer].map((type) => topicName(EVENTS[type].topic, prefix)))],
  }));
}

export async function waitForOutboxesDrained(databaseUrl: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const sql = OUTBOX_SCHEMAS.map(
      (schema) => `SELECT '${schema}' AS schema, count(*)::int AS n FROM ${schema}.outbox WHERE published_at IS NULL`,
    ).join(' UNION ALL ');
    await pollUntil(async () => ((await client.query(sql)).rows as { schema: string; n: number }[]).every((row) => row.n === 0), {
      timeoutMs,
      description: 'every outbox to be published',
    });
  } finally {
    await client.end();
  }
}

/** Outboxes drained, then every group caught up, then outboxes drained again (handlers publish too). */
export async function waitForQuiet(system: FaultSystem, timeoutMs = 90_000): Promise<void> {
  await system.awaitAllRunning();
  await waitForOutboxesDrained(system.databaseUrl, timeoutMs);
  await waitUntilConsumed(system.brokers, consumerGroups(), timeoutMs);
  await waitForOutboxesDrained(system.databaseUrl, timeoutMs);
  await waitUntilConsumed(system.brokers, consumerGroups(), timeoutMs);
}
