// What is still in flight when a scenario goes wrong (a workload step that waited minutes for an
// event): each outbox's unpublished rows, each consumer group's partitions behind the end of their
// topics and the group's state, and every service's readiness answer. Printed with the failure, so
// a stall in CI explains itself without a rerun.
import pg from 'pg';
import { APP_NAMES } from '@ipledger/devstack';
import { describeLag, lagAdmin, laggingPartitions } from '@ipledger/testing';
import { consumerGroups, OUTBOX_SCHEMAS } from './quiet';
import type { FaultSystem } from './system';

async function unpublishedOutboxes(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const sql = OUTBOX_SCHEMAS.map(
      (schema) =>
        `SELECT '${schema}' AS schema, topic, count(*)::int AS n, round(extract(epoch FROM now() - min(created_at)))::int AS oldest_s
           FROM ${schema}.outbox WHERE published_at IS NULL GROUP BY topic`,
    ).join(' UNION ALL ');
    const rows = (await client.query(sql)).rows as { schema: string; topic: string; n: number; oldest_s: number }[];
    return rows.length === 0 ? 'none' : rows.map((row) => `${row.schema} → ${row.topic}: ${row.n} (oldest ${row.oldest_s} s)`).join('; ');
  } finally {
    await client.end();
  }
}

async function consumersBehind(brokers: string[]): Promise<string> {
  const admin = lagAdmin(brokers);
  await admin.connect();
  try {
    const groups = consumerGroups();
    const lagging = await laggingPartitions(admin, groups);
    const described = await admin.describeGroups(groups.map((group) => group.groupId));
    const states = described.groups.map((group) => `${group.groupId} ${group.state} (${group.members.length} members)`).join('; ');
    return `behind: ${lagging.length === 0 ? 'none' : describeLag(lagging)}\n  groups: ${states}`;
  } finally {
    await admin.disconnect();
  }
}

async function readiness(system: FaultSystem): Promise<string> {
  const answers = await Promise.all(
    APP_NAMES.filter((name) => name !== 'gateway').map(async (name) => {
      try {
        const response = await fetch(`${system.urls[name]}/health`, { signal: AbortSignal.timeout(3_000) });
        return `${name} ${response.status} ${await response.text()}`;
      } catch (error) {
        return `${name} no answer (${(error as Error).message})`;
      }
    }),
  );
  return answers.join('\n  ');
}

/** A multi-line description of what is in flight; each part says so when it could not be read. */
export async function describeInFlight(system: FaultSystem): Promise<string> {
  const part = async (title: string, read: () => Promise<string>) => {
    try {
      return `${title}: ${await read()}`;
    } catch (error) {
      return `${title}: could not read (${(error as Error).message})`;
    }
  };
  return [
    await part('unpublished outbox rows', () => unpublishedOutboxes(system.databaseUrl)),
    await part('consumer groups', () => consumersBehind(system.brokers)),
    await part('readiness', () => readiness(system)),
  ].join('\n');
}
