// The publishing half of the outbox: moves committed events from a service's outbox table to
// Kafka, in outbox order, and marks them published. A crash between publishing and marking
// publishes the batch again: delivery is at-least-once and consumers deduplicate by eventId.
// No database transaction (nor pooled connection) is held while the broker is waited on: a batch
// is read in one statement, sent, and its outcome recorded in one statement more. Only one
// instance of a service publishes (publisher-lease.ts: session advisory locks on a connection of
// the relay's own). Each row records its send attempts (`attempts`, acknowledged or not) and the
// reason of the latest failed one (`last_error`, cleared when the broker acknowledged the row).
// Each published batch is logged at debug with its events' ids and correlation ids. Every message
// is signed with the service's key (event-signature.ts): the signature covers the bytes sent.
// A batch is sent per topic/partition (outbox-partitions.ts): a partition whose leader is away
// holds back only its own rows, which are retried with backoff while the others flow; each key's
// events stay in order because a key lives on one partition and waits with it.
// Rows marked for republishing (`ipledger outbox republish` sets republish_requested_at) are
// selected with the unpublished ones, by id, and sent again under the same event id and with the
// service's own key; the mark is cleared when the broker acknowledged, unless it was set again
// after the row was read (apps/cli/src/outbox).
// The relay wakes when events are committed: nudged by its own service's unit of work, and
// notified by PostgreSQL (publisher-lease.ts) for commits of other instances and republish
// requests; it polls every `pollIntervalMs` besides, for held partitions, for another instance's
// publisher lock, and in case a notification was lost with a connection.
import type { EventSigner } from './event-signature';
import { FAULT_POINTS, reachFaultPoint } from './fault-points';
import type { MessagingLogger } from './logger';
import { groupByPartition, PartitionHolds, type PartitionGroup } from './outbox-partitions';
import { PublisherLease } from './publisher-lease';
import type { RenewableProducer } from './renewable-producer';
import { quoteSchema, type SqlClient } from './sql-client';
import type { TopicPartitionCounts } from './topic-partition-counts';

/** The relay's fallback poll: commits wake it at once (nudge, and the outbox channel's notifications). */
export const DEFAULT_POLL_INTERVAL_MS = 1_000;

/** Rows the relay publishes: never published, or marked for republishing (the partial index outbox_pending_idx). */
const PENDING = '(published_at IS NULL OR republish_requested_at IS NOT NULL)';

export interface OutboxRelayOptions {
  /** Reads and marks the outbox, one short statement at a time (the service's pooled client). */
  db: SqlClient;
  /** The service's database URL (its own role), for the relay's own connection that holds its advisory locks. */
  databaseUrl: string;
  schema: string;
  /**
   * The relay's idempotent producer, replaced after a send failed or timed out (a send given up on
   * would otherwise leave its partition's sequence out of step with the broker: renewable-producer.ts).
   * The relay disconnects it on close().
   */
  producer: RenewableProducer;
  /** Signs every message with the service's own key (consumers reject unsigned events). */
  signer: EventSigner;
  /** Each topic's partition count, to send every key to its partition (KafkaTopicPartitionCounts). */
  partitionCounts: TopicPartitionCounts;
  logger: MessagingLogger;
  batchSize?: number;
  pollIntervalMs?: number;
  /** Upper bound of the wait after a failed publish (doubles from pollIntervalMs). */
  maxBackoffMs?: number;
  /** How long one partition's send may take before its rows are left for a retry (default 5 s). */
  partitionSendTimeoutMs?: number;
  /** The hold of a failing partition: doubles from the first (default 500 ms) up to the max (default 30 s). */
  partitionBackoffMs?: { initialMs: number; maxMs: number };
  /**
   * How long the publisher's own connection may stay idle before PostgreSQL ends it, releasing the
   * publisher lock to another instance (default 30 s; publisher-lease.ts): a publisher frozen or hung
   * that long holds the others back no longer. Longer than a batch's sends (partitionSendTimeoutMs).
   */
  publisherIdleTimeoutMs?: number;
}

interface PublishedBatch {
  count: number;
  eventIds: string[];
  correlationIds: string[];
  topics: string[];
  /** "topic/partition" of each group whose send failed in this batch. */
  failed: string[];
}

const NOTHING_PUBLISHED: PublishedBatch = { count: 0, eventIds: [], correlationIds: [], topics: [], failed: [] };

interface OutboxRow {
  id: bigint;
  topic: string;
  key: string;
  type: string;
  version: number;
  envelope: string;
  /** republish_requested_at as read (text, exact): what marking may clear. */
  requested_at: string | null;
}

interface SendResult {
  group: PartitionGroup<OutboxRow>;
  messages: OutboxMessage[];
  /** Why the send failed; undefined when the broker acknowledged every message. */
  error?: string;
}

export class OutboxRelay {
  private readonly table: string;
  private readonly lease: PublisherLease;
  private running = false;
  private closed = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A nudge that came while a batch was under way: the next pause is skipped, so it is not lost. */
  private wakeRequested = false;
  private consecutiveFailures = 0;
  private readonly holds: PartitionHolds;

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = `${quoteSchema(options.schema)}.outbox`;
    this.lease = new PublisherLease({
      url: options.databaseUrl,
      schema: options.schema,
      logger: options.logger,
      idleTimeoutMs: options.publisherIdleTimeoutMs,
      onOutboxChanged: () => this.nudge(),
    });
    this.holds = new PartitionHolds(options.partitionBackoffMs ?? { initialMs: 500, maxMs: 30_000 });
  }

  /** The partitions whose sends fail now (held with backoff), for health and logs. */
  failingPartitions(): ReturnType<PartitionHolds['failing']> {
    return this.holds.failing();
  }

  /** How many events wait to be published, and since when the oldest (health: is the relay behind?). */
  async backlog(): Promise<{ unpublished: number; oldestAgeMs: number | null; republishing: number }> {
    const [row] = await this.options.db.$queryRawUnsafe<{ unpublished: bigint; oldest_age_ms: number | null; republishing: bigint }[]>(
      `SELECT count(*) FILTER (WHERE published_at IS NULL) AS unpublished,
              (extract(epoch FROM now() - min(created_at) FILTER (WHERE published_at IS NULL)) * 1000)::float8 AS oldest_age_ms,
              count(*) FILTER (WHERE published_at IS NOT NULL) AS republishing
         FROM ${this.table} WHERE ${PENDING}`,
    );
    return {
      unpublished: Number(row.unpublished),
      oldestAgeMs: row.oldest_age_ms === null ? null : Math.round(row.oldest_age_ms),
      republishing: Number(row.republishing),
    };
  }

  /** Whether this instance is its service's publisher (the others wait for the publisher lock). */
  isPublisher(): boolean {
    return this.lease.isPublisher();
  }

  /**
   * Gives up publishing (another instance takes over at its next poll), then releases the producer
   * and the cluster connection used for partition counts (after the last drain). Once: a second
   * call does nothing.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lease.release();
    await this.options.partitionCounts.close();
    await this.options.producer.disconnect();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Publish now instead of at the next poll (call after committing a transaction that appended events). */
  nudge(): void {
    if (this.wake) this.wake();
    else this.wakeRequested = true;
  }

  /** Stops polling after the batch in flight; everything committed so far is published or left for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  /**
   * Publishes until the outbox is empty; for shutdown and tests. Returns how many were published
   * (0 when another instance is the publisher, or the batch lock is held by a republish or retention);
   * throws after publishing what it could if a partition's sends failed (those rows stay unpublished).
   */
  async drain(): Promise<number> {
    let total = 0;
    const failed = new Set<string>();
    for (;;) {
      const batch = await this.publishBatch();
      total += batch.count;
      for (const partition of batch.failed) failed.add(partition);
      if (batch.count === 0) break;
    }
    if (failed.size > 0)
      throw new Error(`outbox: publishing to ${[...failed].join(', ')} failed after ${total} published; those events stay unpublished`);
    return total;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = (await this.publishBatch()).count;
        this.consecutiveFailures = 0;
      } catch (error) {
        this.consecutiveFailures += 1;
        this.options.logger.error(
          { err: (error as Error).message, schema: this.options.schema, failures: this.consecutiveFailures },
          'outbox publish failed; will retry',
        );
      }
      if (published === 0 && this.running) await this.sleep(this.delayMs());
    }
  }

  private delayMs(): number {
    const base = this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    if (this.consecutiveFailures === 0) return base;
    return Math.min(base * 2 ** this.consecutiveFailures, this.options.maxBackoffMs ?? 5_000);
  }

  private sleep(ms: number): Promise<void> {
    if (this.wakeRequested) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        this.wake = undefined;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /**
   * One batch, with no transaction open while it is sent: read the pending rows (one statement),
   * send them per topic/partition, the groups concurrently, then record the outcome (one statement
   * each for the acknowledged and the failed rows). Only the publisher sends (publisher-lease.ts),
   * which keeps each key's events in outbox order across instances; it holds the batch lock meanwhile.
   */
  private async publishBatch(): Promise<PublishedBatch> {
    const batch = (await this.lease.runBatch(() => this.readSendAndRecord())) ?? NOTHING_PUBLISHED;
    if (batch.count > 0) this.options.logger.debug({ schema: this.options.schema, ...batch }, 'outbox batch published');
    return batch;
  }

  private async readSendAndRecord(): Promise<PublishedBatch> {
    const rows = await this.options.db.$queryRawUnsafe<OutboxRow[]>(
      `SELECT id, topic, key, type, version, envelope::text AS envelope, republish_requested_at::text AS requested_at
         FROM ${this.table}
        WHERE ${PENDING} AND NOT (topic || E'\\n' || key = ANY($2::text[]))
        ORDER BY id LIMIT $1`,
      this.options.batchSize ?? 200,
      this.holds.heldKeys(),
    );
    if (rows.length === 0) return NOTHING_PUBLISHED;
    reachFaultPoint(FAULT_POINTS.outboxBeforePublish);
    const counts = await this.options.partitionCounts.of(rows.map((row) => row.topic));
    const { groups, held } = groupByPartition(rows, counts, (topic, partition) => this.holds.isHeld(topic, partition));
    for (const { row, partition } of held) this.holds.holdKey(row.topic, partition, row.key);
    const results = await Promise.all(groups.map((group) => this.sendGroup(group)));
    reachFaultPoint(FAULT_POINTS.outboxAfterPublish);
    const acknowledged = results.filter((result) => result.error === undefined);
    await this.recordPublished(acknowledged.flatMap((result) => result.group.rows));
    await this.recordFailures(results.filter((result) => result.error !== undefined));
    const sent = acknowledged.flatMap((result) => result.messages.map((message) => ({ ...message, topic: result.group.topic })));
    return {
      count: sent.length,
      eventIds: sent.map((message) => message.headers['event-id']),
      correlationIds: [...new Set(sent.map((message) => message.headers['correlation-id']))],
      topics: [...new Set(sent.map((message) => message.topic))],
      failed: results.filter((result) => result.error !== undefined).map((result) => `${result.group.topic}/${result.group.partition}`),
    };
  }

  /**
   * Marks acknowledged rows published (one attempt more, no error). A republish request is cleared
   * only if it is still the one read with the row: a request made while the row was on its way
   * (`ipledger outbox republish` does not wait for a batch whose lock went with a lost connection)
   * came after a send it cannot rely on, so the row goes out again.
   */
  private async recordPublished(rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.options.db.$executeRawUnsafe(
      `UPDATE ${this.table} AS outbox
          SET republished_at = CASE WHEN outbox.published_at IS NULL THEN outbox.republished_at ELSE now() END,
              published_at = coalesce(outbox.published_at, now()),
              republish_requested_at = CASE WHEN outbox.republish_requested_at IS NOT DISTINCT FROM sent.requested_at::timestamptz
                                            THEN NULL ELSE outbox.republish_requested_at END,
              attempts = outbox.attempts + 1,
              last_error = NULL
         FROM unnest($1::bigint[], $2::text[]) AS sent(id, requested_at)
        WHERE outbox.id = sent.id`,
      rows.map((row) => row.id.toString()),
      rows.map((row) => row.requested_at),
    );
  }

  /** Counts the failed attempt on each row of a partition whose send failed, with the broker's (or the timeout's) reason. */
  private async recordFailures(failures: SendResult[]): Promise<void> {
    const rows = failures.flatMap((result) => result.group.rows.map((row) => ({ id: row.id.toString(), error: result.error ?? '' })));
    if (rows.length === 0) return;
    await this.options.db.$executeRawUnsafe(
      `UPDATE ${this.table} AS outbox SET attempts = outbox.attempts + 1, last_error = failed.error
         FROM unnest($1::bigint[], $2::text[]) AS failed(id, error)
        WHERE outbox.id = failed.id`,
      rows.map((row) => row.id),
      rows.map((row) => row.error),
    );
  }

  /**
   * Sends one partition's rows in order, bounded in time: a partition whose leader is away is held
   * for a backoff and its rows stay unpublished. A send that times out may still land later; the
   * rows are then published again (at-least-once, consumers deduplicate by eventId), through a new
   * producer: a failed or abandoned send retires the one that made it (renewable-producer.ts).
   */
  private async sendGroup(group: PartitionGroup<OutboxRow>): Promise<SendResult> {
    // Signed together: one signature for the group, each message with its proof (event-signature.ts).
    const signatures = this.options.signer.headersForAll(group.rows.map((row) => row.envelope));
    const messages = group.rows.map((row, index) => this.messageOf(row, group.partition, signatures[index]));
    const timeoutMs = this.options.partitionSendTimeoutMs ?? 5_000;
    try {
      await this.options.producer.send({ topic: group.topic, messages, acks: -1 }, { timeoutMs });
      this.holds.succeed(group.topic, group.partition);
      return { group, messages };
    } catch (error) {
      const reason = (error as Error).message;
      const { failures, retryInMs } = this.holds.fail(
        group.topic,
        group.partition,
        group.rows.map((row) => row.key),
        reason,
      );
      this.options.logger.warn(
        {
          schema: this.options.schema,
          topic: group.topic,
          partition: group.partition,
          events: group.rows.length,
          failures,
          retryInMs,
          err: reason,
        },
        'outbox publish to a partition failed; its events wait, the other partitions go on',
      );
      return { group, messages, error: reason };
    }
  }

  private messageOf(row: OutboxRow, partition: number, signature: Record<string, string> | undefined): OutboxMessage {
    if (signature === undefined) throw new Error(`outbox row ${row.id} has no signature`);
    const envelope = JSON.parse(row.envelope) as { eventId: string; correlationId: string; producer: string };
    return {
      key: row.key,
      value: row.envelope,
      partition,
      headers: {
        'event-id': envelope.eventId,
        'event-type': row.type,
        'event-version': String(row.version),
        'correlation-id': envelope.correlationId,
        producer: envelope.producer,
        ...signature,
      },
    };
  }
}

interface OutboxMessage {
  key: string;
  value: string;
  partition: number;
  headers: Record<string, string>;
}
