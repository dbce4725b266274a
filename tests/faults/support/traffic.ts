// When to strike: once the workload is busy. A fixed sleep is either before the traffic (a loaded
// machine) or after the workload has finished (an idle one), and a fault with no events committed
// during it measures nothing.
import pg from 'pg';
import { pollUntil } from '@ipledger/testing';
import { OUTBOX_SCHEMAS } from './quiet';

async function countOutboxEvents(client: pg.Client): Promise<number> {
  const sql = `SELECT (${OUTBOX_SCHEMAS.map((schema) => `(SELECT count(*) FROM ${schema}.outbox)`).join(' + ')})::int AS n`;
  return ((await client.query(sql)).rows[0] as { n: number }).n;
}

/** How many events every outbox holds together (the baseline before a workload starts). */
export async function outboxEventCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await countOutboxEvents(client);
  } finally {
    await client.end();
  }
}

/** Waits until the outboxes hold `events` more than `baseline` (the workload is under way); bounded. */
export async function awaitOutboxGrowth(databaseUrl: string, baseline: number, events: number, timeoutMs = 120_000): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await pollUntil(async () => (await countOutboxEvents(client)) >= baseline + events, {
      timeoutMs,
      intervalMs: 100,
      description: `${events} new events in the outboxes (the workload under way)`,
    });
  } finally {
    await client.end();
  }
}
