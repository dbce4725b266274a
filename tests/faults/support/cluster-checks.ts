// What the three-broker scenarios look at besides the common invariants: which broker leads the
// most of the traffic (the victim), how many messages each partition holds (before and after a
// broker lost its disk), whether every committed event is still on its topic, and the topics'
// replication as `ipledger topics check` sees it.
import pg from 'pg';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { adminSasl } from '@ipledger/devstack';
import { checkTopicReplication } from '@ipledger/messaging';
import { OUTBOX_SCHEMAS } from './quiet';
import type { Check } from './report';
import { readTopics } from './topic-messages';

async function withAdmin<T>(brokers: string[], use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Kafka({ clientId: 'faults-cluster', sasl: adminSasl(), brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Per "topic/partition": the earliest and the next offset. */
export type PartitionExtents = Map<string, { low: bigint; high: bigint }>;

export async function partitionExtents(brokers: string[], topics: string[]): Promise<PartitionExtents> {
  return withAdmin(brokers, async (admin) => {
    const extents: PartitionExtents = new Map();
    for (const topic of topics) {
      for (const partition of await admin.fetchTopicOffsets(topic)) {
        extents.set(`${topic}/${partition.partition}`, { low: BigInt(partition.low), high: BigInt(partition.high) });
      }
    }
    return extents;
  });
}

function total(extents: PartitionExtents): bigint {
  return [...extents.values()].reduce((sum, extent) => sum + extent.high - extent.low, 0n);
}

/**
 * The broker that leads the partitions holding the most messages of `topics` (the busiest topics
 * weigh most): the victim whose loss moves the most traffic.
 */
export async function busiestLeader(
  brokers: string[],
  topics: string[],
): Promise<{ nodeId: number; partitions: number; messages: bigint }> {
  const extents = await partitionExtents(brokers, topics);
  const byLeader = new Map<number, { partitions: number; messages: bigint }>();
  await withAdmin(brokers, async (admin) => {
    for (const topic of (await admin.fetchTopicMetadata({ topics })).topics) {
      for (const partition of topic.partitions) {
        const extent = extents.get(`${topic.name}/${partition.partitionId}`);
        const entry = byLeader.get(partition.leader) ?? { partitions: 0, messages: 0n };
        entry.partitions += 1;
        entry.messages += extent === undefined ? 0n : extent.high - extent.low;
        byLeader.set(partition.leader, entry);
      }
    }
  });
  const [nodeId, entry] =
    [...byLeader].sort(([, a], [, b]) => (a.messages === b.messages ? b.partitions - a.partitions : a.messages > b.messages ? -1 : 1))[0] ??
    [];
  if (nodeId === undefined || entry === undefined) throw new Error('no partition leader found');
  return { nodeId, ...entry };
}

/**
 * After a broker came back with an empty disk: no partition lost its beginning (low offset moved)
 * or its end (fewer messages than before the fault).
 */
export function extentsKeptCheck(before: PartitionExtents, after: PartitionExtents): Check {
  const problems: string[] = [];
  for (const [partition, was] of before) {
    const now = after.get(partition);
    if (now === undefined) problems.push(`${partition} gone`);
    else if (now.low !== was.low) problems.push(`${partition} starts at ${now.low}, started at ${was.low}`);
    else if (now.high < was.high) problems.push(`${partition} ends at ${now.high}, ended at ${was.high}`);
  }
  return {
    name: 'every partition kept its messages through the disk loss',
    ok: problems.length === 0,
    detail:
      problems.length === 0
        ? `${before.size} partitions: ${total(before)} messages before the fault, ${total(after)} after`
        : problems.slice(0, 5).join('; '),
  };
}

/** Every event any outbox committed is on the topics (by event id): nothing the brokers acknowledged was lost. */
export async function everyEventOnTopicsCheck(databaseUrl: string, brokers: string[], topics: string[]): Promise<Check> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let committed: string[];
  try {
    const sql = OUTBOX_SCHEMAS.map((schema) => `SELECT event_id::text AS id FROM ${schema}.outbox`).join(' UNION ALL ');
    committed = ((await client.query(sql)).rows as { id: string }[]).map((row) => row.id);
  } finally {
    await client.end();
  }
  const onTopics = new Set<string>();
  for (const message of await readTopics(brokers, topics)) {
    try {
      const id = (JSON.parse(message.value) as { eventId?: unknown }).eventId;
      if (typeof id === 'string') onTopics.add(id);
    } catch {
      // not an event: the invariants' dead-letter check deals with it
    }
  }
  const missing = committed.filter((id) => !onTopics.has(id));
  return {
    name: 'every committed event is still on its topic',
    ok: missing.length === 0,
    detail: `${committed.length} events in the outboxes, ${onTopics.size} distinct on the topics${missing.length > 0 ? `, ${missing.length} missing (e.g. ${missing.slice(0, 3).join(', ')})` : ''}`,
  };
}

/** `ipledger topics check` against the cluster: every topic with 3 replicas and min ISR 2. */
export async function replicationCheck(
  brokers: string[],
  topics: string[],
  expected: { replicationFactor: number; minInsyncReplicas: number },
): Promise<Check> {
  const report = await withAdmin(brokers, (admin) => checkTopicReplication(admin, topics, { ...expected, require: true }));
  const wrong = report.topics.filter(
    (assessment) =>
      assessment.status !== 'OK' ||
      assessment.topic.replicas !== expected.replicationFactor ||
      assessment.topic.minInsyncReplicas !== expected.minInsyncReplicas,
  );
  return {
    name: `topics have ${expected.replicationFactor} replicas and min ISR ${expected.minInsyncReplicas} (topics check)`,
    ok: wrong.length === 0 && report.topics.length === topics.length,
    detail:
      wrong.length === 0
        ? `${report.topics.length} topics OK on ${report.cluster.brokerCount} brokers`
        : wrong
            .slice(0, 3)
            .map(
              (assessment) =>
                `${assessment.topic.name}: ${assessment.status} ${assessment.topic.replicas} replicas, min ISR ${String(assessment.topic.minInsyncReplicas)}`,
            )
            .join('; '),
  };
}
