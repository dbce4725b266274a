// Waiting until the system has nothing left in flight, instead of guessing how long that takes:
// every outbox row published, every consumer group at the end of its topics, and no outbox row
// added meanwhile (a handler writes its outbox row before it commits its offset).
import pg from 'pg';
import { CONSUMERS, consumerGroupId, EVENT_CONSUMERS, EVENTS, topicName } from '@ipledger/contracts';
import { pollUntil, describeLag, lagAdmin, laggingPartitions } from '@ipledger/testing';
import type { RunningSystem } from './scenario';

const OUTBOX_SCHEMAS = ['pledge_registration', 'valuation', 'lending', 'ledger', 'risk_compensation', 'identity', 'audit', 'statistics'];

interface Outboxes {
  rows: number;
  unpublished: number;
}

async function outboxes(client: pg.Client): Promise<Outboxes> {
  const sql = `SELECT count(*)::int AS rows, (count(*) FILTER (WHERE published_at IS NULL))::int AS unpublished FROM (${OUTBOX_SCHEMAS.map(
    (schema) => `SELECT published_at FROM ${schema}.outbox`,
  ).join(' UNION ALL ')}) AS every_outbox`;
  return (await client.query<Outboxes>(sql)).rows[0] as Outboxes;
}

/** Resolves once every event so far is published and consumed by every consumer group of `system`. */
export async function waitUntilSettled(system: RunningSystem, timeoutMs = 30_000): Promise<void> {
  const groups = CONSUMERS.map((consumer) => ({
    groupId: consumerGroupId(consumer, system.prefix),
    topics: [...new Set(EVENT_CONSUMERS[consumer].map((type) => topicName(EVENTS[type].topic, system.prefix)))],
  }));
  const client = new pg.Client({ connectionString: system.database.url });
  const admin = lagAdmin(system.brokers);
  await client.connect();
  try {
    await admin.connect();
    await pollUntil(
      async () => {
        const before = await outboxes(client);
        if (before.unpublished > 0) throw new Error(`${before.unpublished} outbox rows not published yet`);
        const lagging = await laggingPartitions(admin, groups);
        if (lagging.length > 0) throw new Error(`still behind: ${describeLag(lagging)}`);
        const after = await outboxes(client);
        if (after.rows !== before.rows)
          throw new Error(`outbox rows added while the consumers were checked (${before.rows} → ${after.rows})`);
        return true;
      },
      { timeoutMs, description: 'every event published and consumed' },
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
    await client.end();
  }
}
