// Rebuilding a read model from the event topics, connected as the consuming service's own database
// role (it can touch nothing outside that service's schema): refuse while the consumer group has members;
// then, inside one database transaction, empty the derived tables and the group's inbox rows and
// set the group's committed offsets to the earliest of every topic it reads; commit last. If the
// offsets cannot be reset, the transaction rolls back and nothing changed; if the commit failed
// after the reset, the service would replay into its intact inbox, which changes nothing.
import { consumerGroupId, EVENT_CONSUMERS, EVENTS, topicName } from '@ipledger/contracts';
import type { Admin, Kafka } from 'kafkajs';
import type pg from 'pg';
import { CliError, EXIT } from '../errors';
import type { ReadModel } from './read-models';
import { commitGroupOffsets } from './rewind-group';

export interface RebuildTarget {
  kafka: Kafka;
  admin: Admin;
  /** The deployment's topic and consumer-group prefix. */
  prefix: string;
  /** A connected client on the service's database. */
  db: pg.Client;
}

export interface TopicReset {
  topic: string;
  /** Per partition: the offset committed before and the earliest offset set now. */
  partitions: { partition: number; from: string; to: string; end: string }[];
}

export interface RebuildResult {
  groupId: string;
  emptied: { table: string; rows: number }[];
  inboxRowsDeleted: number;
  resets: TopicReset[];
  /** Messages on the topics from the earliest offsets to their ends: what the service will replay. */
  messagesToReplay: bigint;
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** The topics of the events the consumer handles (the catalogue), and any other it has offsets on. */
export async function topicsOfGroup(admin: Admin, model: ReadModel, prefix: string, groupId: string): Promise<string[]> {
  const catalogue = EVENT_CONSUMERS[model.consumer].map((type) => topicName(EVENTS[type].topic, prefix));
  const committed = (await admin.fetchOffsets({ groupId })).map((entry) => entry.topic);
  const existing = new Set(await admin.listTopics());
  return [...new Set([...catalogue, ...committed])].filter((topic) => existing.has(topic)).sort();
}

/** Throws (exit 4) when the group has active members: the service must be stopped first. */
export async function assertGroupStopped(admin: Admin, model: ReadModel, groupId: string): Promise<void> {
  const { groups } = await admin.describeGroups([groupId]);
  const members = groups.find((group) => group.groupId === groupId)?.members ?? [];
  if (members.length > 0) {
    const who = members.map((member) => `${member.clientId}@${member.clientHost}`).join(', ');
    throw new CliError(
      `the ${model.consumer} consumer group ${groupId} has ${members.length} active member${members.length === 1 ? '' : 's'} (${who}): stop the ${model.consumer} service first`,
      EXIT.refused,
    );
  }
}

export async function rebuildReadModel(model: ReadModel, target: RebuildTarget): Promise<RebuildResult> {
  const { admin, db, prefix } = target;
  const groupId = consumerGroupId(model.consumer, prefix);
  await assertGroupStopped(admin, model, groupId);
  const topics = await topicsOfGroup(admin, model, prefix, groupId);
  const committed = new Map<string, string>();
  for (const entry of await admin.fetchOffsets({ groupId, topics })) {
    for (const partition of entry.partitions) committed.set(`${entry.topic}/${partition.partition}`, partition.offset);
  }

  await db.query('BEGIN');
  try {
    // DELETE, not TRUNCATE: the command runs with the statistics service's own role, which may
    // delete rows of its derived tables and nothing more (libs/devstack/src/database-roles.ts).
    const emptied: RebuildResult['emptied'] = [];
    for (const table of model.derivedTables) {
      const deleted = await db.query(`DELETE FROM ${quote(model.schema)}.${quote(table)}`);
      emptied.push({ table: `${model.schema}.${table}`, rows: deleted.rowCount ?? 0 });
    }
    const inbox = await db.query(`DELETE FROM ${quote(model.schema)}.inbox WHERE consumer_group = $1`, [groupId]);

    const resets: TopicReset[] = [];
    let messagesToReplay = 0n;
    for (const topic of topics) {
      const offsets = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition);
      resets.push({
        topic,
        partitions: offsets.map((entry) => ({
          partition: entry.partition,
          from: committed.get(`${topic}/${entry.partition}`) ?? '-1',
          to: entry.low,
          end: entry.high,
        })),
      });
      messagesToReplay += offsets.reduce((sum, entry) => sum + BigInt(entry.high) - BigInt(entry.low), 0n);
    }
    const earliest = resets.flatMap((reset) =>
      reset.partitions.map((partition) => ({ topic: reset.topic, partition: partition.partition, offset: partition.to })),
    );
    await commitGroupOffsets(target.kafka, groupId, earliest).catch((error: unknown) => {
      const why = error instanceof Error ? error.message : String(error);
      throw new CliError(
        `could not set the offsets of consumer group ${groupId} (did a ${model.consumer} instance start?): ${why}; nothing was changed`,
        EXIT.failure,
      );
    });
    await db.query('COMMIT');
    return { groupId, emptied, inboxRowsDeleted: inbox.rowCount ?? 0, resets, messagesToReplay };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** What was done, for people. */
export function describeRebuild(model: ReadModel, result: RebuildResult): string {
  const lines = [
    `consumer group ${result.groupId}: no active members`,
    ...result.emptied.map((entry) => `emptied ${entry.table} (${entry.rows} row${entry.rows === 1 ? '' : 's'})`),
    `deleted ${result.inboxRowsDeleted} row${result.inboxRowsDeleted === 1 ? '' : 's'} of ${result.groupId} from ${model.schema}.inbox`,
    `kept ${Object.entries(model.keptTables)
      .map(([table, why]) => `${model.schema}.${table} (${why})`)
      .join(', ')}`,
    ...result.resets.map(
      (reset) =>
        `reset ${reset.topic}: ${reset.partitions.map((partition) => `[${partition.partition}] ${partition.from === '-1' ? 'none' : partition.from} → ${partition.to}`).join(', ')}`,
    ),
    `start the ${model.consumer} service: it replays ${result.messagesToReplay} message${result.messagesToReplay === 1n ? '' : 's'} from ${result.resets.length} topic${result.resets.length === 1 ? '' : 's'} into the emptied tables`,
  ];
  return `${lines.join('\n')}\n`;
}
