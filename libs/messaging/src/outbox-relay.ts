// The publishing half of the outbox: moves committed events from a service's outbox table to
// Kafka, in outbox order, and marks them published. A crash between publishing and marking
// publishes the batch again: delivery is at-least-once and consumers deduplicate by eventId.
// Each published batch is logged at debug with its events' ids and correlation ids. Every message
// is signed with the service's key (event-signature.ts): the signature covers the bytes sent.
import type { Producer } from 'kafkajs';
import type { EventSigner } from './event-signature';
import { FAULT_POINTS, reachFaultPoint } from './fault-points';
import type { MessagingLogger } from './logger';
import { quoteSchema, type SqlClient, type TransactionalSqlClient } from './sql-client';

export interface OutboxRelayOptions {
  db: TransactionalSqlClient;
  schema: string;
  /** An idempotent kafkajs producer (idempotent: true, maxInFlightRequests: 1), connected. */
  producer: Producer;
  /** Signs every message with the service's own key (consumers reject unsigned events). */
  signer: EventSigner;
  logger: MessagingLogger;
  batchSize?: number;
  pollIntervalMs?: number;
  /** Upper bound of the wait after a failed publish (doubles from pollIntervalMs). */
  maxBackoffMs?: number;
}

interface PublishedBatch {
  count: number;
  eventIds: string[];
  correlationIds: string[];
  topics: string[];
}

const NOTHING_PUBLISHED: PublishedBatch = { count: 0, eventIds: [], correlationIds: [], topics: [] };

interface OutboxRow {
  id: bigint;
  topic: string;
  key: string;
  type: string;
  version: number;
  envelope: string;
}

export class OutboxRelay {
  private readonly table: string;
  private readonly lockKey: string;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private consecutiveFailures = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = `${quoteSchema(options.schema)}.outbox`;
    this.lockKey = `ipledger.outbox.${options.schema}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Publish now instead of at the next poll (call after committing a transaction that appended events). */
  nudge(): void {
    this.wake?.();
  }

  /** Stops polling after the batch in flight; everything committed so far is published or left for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  /** Publishes until the outbox is empty; for shutdown and tests. Returns how many were published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published === 0) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
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
    const base = this.options.pollIntervalMs ?? 100;
    if (this.consecutiveFailures === 0) return base;
    return Math.min(base * 2 ** this.consecutiveFailures, this.options.maxBackoffMs ?? 5_000);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /**
   * One batch in one transaction. The advisory lock lets only one instance of a service publish
   * at a time, which keeps each key's events in outbox order across instances.
   */
  private async publishBatch(): Promise<number> {
    const batch = await this.options.db.$transaction(
      async (tx: SqlClient): Promise<PublishedBatch> => {
        const [{ locked }] = await tx.$queryRawUnsafe<{ locked: boolean }[]>(
          'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
          this.lockKey,
        );
        if (!locked) return NOTHING_PUBLISHED;
        const rows = await tx.$queryRawUnsafe<OutboxRow[]>(
          `SELECT id, topic, key, type, version, envelope::text AS envelope FROM ${this.table}
            WHERE published_at IS NULL ORDER BY id LIMIT $1`,
          this.options.batchSize ?? 200,
        );
        if (rows.length === 0) return NOTHING_PUBLISHED;
        reachFaultPoint(FAULT_POINTS.outboxBeforePublish);
        const topicMessages = this.groupByTopic(rows);
        await this.options.producer.sendBatch({ topicMessages, acks: -1 });
        reachFaultPoint(FAULT_POINTS.outboxAfterPublish);
        await tx.$executeRawUnsafe(
          `UPDATE ${this.table} SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])`,
          rows.map((row) => row.id.toString()),
        );
        const messages = topicMessages.flatMap((entry) => entry.messages);
        return {
          count: rows.length,
          eventIds: messages.map((message) => message.headers['event-id']),
          correlationIds: [...new Set(messages.map((message) => message.headers['correlation-id']))],
          topics: topicMessages.map((entry) => entry.topic),
        };
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    if (batch.count > 0) this.options.logger.debug({ schema: this.options.schema, ...batch }, 'outbox batch published');
    return batch.count;
  }

  private groupByTopic(rows: OutboxRow[]) {
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const row of rows) {
      const envelope = JSON.parse(row.envelope) as { eventId: string; correlationId: string; producer: string };
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({
        key: row.key,
        value: row.envelope,
        headers: {
          'event-id': envelope.eventId,
          'event-type': row.type,
          'event-version': String(row.version),
          'correlation-id': envelope.correlationId,
          producer: envelope.producer,
          ...this.options.signer.headersFor(row.envelope),
        },
      });
      byTopic.set(row.topic, messages);
    }
    return [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages }));
  }
}
