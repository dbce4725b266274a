// Asks the services' own relays to publish a range of their outbox again: connected as
// ipledger_outbox_operator, which may read the outboxes' bookkeeping and set republish_requested_at,
// nothing else. Nothing is produced to Kafka here: each row goes out again through its service's
// relay, with the service's Kafka identity and signing key, under its original event id.
//
// One database transaction for every selected service:
// 1. take each relay's batch lock (the publishing relay holds it around each batch only, so this
//    waits for the batch in flight at most; the relay skips its batches while it is held), so no
//    relay publishes between the next two steps;
// 2. count the selected rows per topic, and read each of those topics' partition ends from the
//    broker (a topic that does not exist is refused: the relay could not publish to it);
// 3. mark the rows, in batches of `batchSize` along the outbox order (bounded memory, whatever the
//    range), and commit: the relays publish the marked rows in outbox order, before anything newer.
// So every message on a partition after the end read in step 2 is a republished event or a newer
// one, in outbox order: a consumer group moved to that offset reads the range in its first order.
import type { ServiceName } from '@ipledger/contracts';
import type { Admin } from 'kafkajs';
import type pg from 'pg';
import { CliError, EXIT } from '../errors';
import { outboxSchema, rangeCondition, type RepublishSelection } from './republish-range';

export interface TopicRange {
  service: ServiceName;
  topic: string;
  events: number;
  firstPosition: string;
  lastPosition: string;
  firstCreatedAt: Date;
  lastCreatedAt: Date;
}

export interface PartitionEnd {
  partition: number;
  /** The offset the first message published after the request gets (the high watermark then). */
  offset: string;
}

/** The oldest row an outbox keeps: retention prunes published rows older than OUTBOX_RETENTION_DAYS. */
export interface OldestKept {
  position: string;
  createdAt: Date;
}

export interface RepublishResult {
  dryRun: boolean;
  ranges: TopicRange[];
  /** Per topic of the ranges: where the republished messages begin on each partition. */
  partitionEnds: Map<string, PartitionEnd[]>;
  /** Per service: the oldest row its outbox keeps (undefined: empty), to show whether the range was all there. */
  oldest: Map<ServiceName, OldestKept | undefined>;
}

/** The relay's batch lock of a service (libs/messaging publisher-lease.ts: `ipledger.outbox.<schema>`). */
export const relayLockKey = (service: ServiceName) => `ipledger.outbox.${outboxSchema(service)}`;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
const table = (service: ServiceName) => `${quote(outboxSchema(service))}.outbox`;

interface Span {
  first: string | null;
  last: string | null;
}

/** The id span the range can lie in (uses the created_at index for times), so no scan starts at the table's beginning. */
async function idSpan(db: pg.Client, service: ServiceName, selection: RepublishSelection): Promise<Span> {
  const first =
    selection.from.kind === 'position' ? selection.from.id.toString() : await boundId(db, service, 'min', '>=', selection.from.at);
  let last: string | null;
  if (selection.to === undefined) last = await boundId(db, service, 'max');
  else if (selection.to.kind === 'position') last = (selection.to.id - 1n).toString();
  else last = await boundId(db, service, 'max', '<', selection.to.at);
  return { first, last };
}

async function boundId(db: pg.Client, service: ServiceName, fn: 'min' | 'max', op?: '>=' | '<', at?: Date): Promise<string | null> {
  const where = op === undefined ? '' : `WHERE created_at ${op} $1::timestamptz`;
  const { rows } = await db.query<{ id: string | null }>(
    `SELECT ${fn}(id)::text AS id FROM ${table(service)} ${where}`,
    at === undefined ? [] : [at.toISOString()],
  );
  return rows[0]?.id ?? null;
}

async function countByTopic(db: pg.Client, service: ServiceName, selection: RepublishSelection, span: Span): Promise<TopicRange[]> {
  if (span.first === null || span.last === null) return [];
  const condition = rangeCondition(selection, 3);
  const { rows } = await db.query<{ topic: string; events: string; first_id: string; last_id: string; first_at: Date; last_at: Date }>(
    `SELECT topic, count(*)::text AS events, min(id)::text AS first_id, max(id)::text AS last_id, min(created_at) AS first_at, max(created_at) AS last_at
       FROM ${table(service)} WHERE id BETWEEN $1::bigint AND $2::bigint AND ${condition.sql}
      GROUP BY topic ORDER BY topic`,
    [span.first, span.last, ...condition.params],
  );
  return rows.map((row) => ({
    service,
    topic: row.topic,
    events: Number(row.events),
    firstPosition: row.first_id,
    lastPosition: row.last_id,
    firstCreatedAt: row.first_at,
    lastCreatedAt: row.last_at,
  }));
}

/** Marks the range batch by batch along the outbox order; returns how many rows were marked. */
async function markRange(
  db: pg.Client,
  service: ServiceName,
  selection: RepublishSelection,
  span: Span,
  batchSize: number,
): Promise<number> {
  if (span.first === null || span.last === null) return 0;
  const condition = rangeCondition(selection, 4);
  let cursor = (BigInt(span.first) - 1n).toString();
  let marked = 0;
  for (;;) {
    const result = await db.query<{ last: string | null; marked: string }>(
      `WITH batch AS (
         SELECT id FROM ${table(service)} WHERE id > $1::bigint AND id <= $2::bigint AND ${condition.sql} ORDER BY id LIMIT $3
       ), marked AS (
         UPDATE ${table(service)} AS outbox SET republish_requested_at = now() FROM batch WHERE outbox.id = batch.id RETURNING outbox.id
       )
       SELECT max(id)::text AS last, count(*)::text AS marked FROM marked`,
      [cursor, span.last, batchSize, ...condition.params],
    );
    const { last, marked: count } = result.rows[0] ?? { last: null, marked: '0' };
    marked += Number(count);
    if (last === null || Number(count) < batchSize) return marked;
    cursor = last;
  }
}

async function oldestRow(db: pg.Client, service: ServiceName): Promise<OldestKept | undefined> {
  const { rows } = await db.query<{ id: string; created_at: Date }>(
    `SELECT id::text AS id, created_at FROM ${table(service)} ORDER BY id LIMIT 1`,
  );
  return rows[0] === undefined ? undefined : { position: rows[0].id, createdAt: rows[0].created_at };
}

async function partitionEnds(admin: Admin, topics: readonly string[]): Promise<Map<string, PartitionEnd[]>> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length > 0) {
    throw new CliError(
      `${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist on the broker: create ${missing.length === 1 ? 'it' : 'them'} first (the deployment's topic setup, e.g. npm start), then republish; nothing was marked`,
      EXIT.refused,
    );
  }
  const ends = new Map<string, PartitionEnd[]>();
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    ends.set(
      topic,
      offsets.map((entry) => ({ partition: entry.partition, offset: entry.high })).sort((a, b) => a.partition - b.partition),
    );
  }
  return ends;
}

export interface RepublishTarget {
  /** Connected as ipledger_outbox_operator. */
  db: pg.Client;
  /** Connected, as the operator principal. */
  admin: Admin;
  dryRun?: boolean;
  /** Rows marked per statement (default 5 000). */
  batchSize?: number;
}

export async function requestRepublish(selection: RepublishSelection, target: RepublishTarget): Promise<RepublishResult> {
  const { db, admin } = target;
  await db.query('BEGIN');
  try {
    // In one order (the catalogue's), so two concurrent runs cannot deadlock; a relay only tries.
    for (const service of selection.services) await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [relayLockKey(service)]);
    const spans = new Map<ServiceName, Span>();
    const ranges: TopicRange[] = [];
    const oldest = new Map<ServiceName, OldestKept | undefined>();
    for (const service of selection.services) {
      const span = await idSpan(db, service, selection);
      spans.set(service, span);
      ranges.push(...(await countByTopic(db, service, selection, span)));
      oldest.set(service, await oldestRow(db, service));
    }
    const ends = await partitionEnds(admin, [...new Set(ranges.map((range) => range.topic))].sort());
    if (!target.dryRun) {
      for (const service of selection.services) {
        const expected = ranges.filter((range) => range.service === service).reduce((sum, range) => sum + range.events, 0);
        const marked = await markRange(
          db,
          service,
          selection,
          spans.get(service) ?? { first: null, last: null },
          target.batchSize ?? 5_000,
        );
        // The relay's lock is held, and retention prunes published rows only under that lock
        // (prune_outbox): the two agree.
        if (marked !== expected)
          throw new CliError(`${service}: counted ${expected} rows but marked ${marked}; nothing was marked`, EXIT.failure);
      }
    }
    await db.query(target.dryRun ? 'ROLLBACK' : 'COMMIT');
    return { dryRun: target.dryRun === true, ranges, partitionEnds: ends, oldest };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
