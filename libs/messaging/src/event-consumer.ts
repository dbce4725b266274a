// The consuming half: an idempotent consumer with bounded retries and a dead-letter topic.
// - A message that is not a valid catalogue event goes straight to the dead-letter topic.
// - A valid event is handled in one transaction together with its inbox row (consumer group,
//   eventId): a redelivered event finds the row and changes nothing.
// - A handler that keeps failing is retried with backoff a bounded number of times, then
//   dead-lettered with the error and the attempt count, so a poison message never blocks its
//   partition. Offsets are committed only after the message is handled or dead-lettered.
import { Partitioners, type Consumer, type EachMessagePayload, type Kafka, type Producer } from 'kafkajs';
import { parseEvent, type AnyEventEnvelope, type DeadLetter, type EventRejection } from '@ipledger/contracts';
import { headersToStrings } from './kafka-headers';
import type { MessagingLogger } from './logger';
import { backoffMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { quoteSchema, type SqlClient, type TransactionalSqlClient } from './sql-client';

export type EventHandler<Tx extends SqlClient> = (event: AnyEventEnvelope, tx: Tx, attempt: number) => Promise<void>;

export interface EventConsumerOptions<Tx extends SqlClient> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  deadLetterTopic: string;
  db: TransactionalSqlClient<Tx>;
  /** The service's own schema, which holds its `inbox` table. */
  schema: string;
  /** Handlers by event type; events of other types on the same topics are skipped. */
  handlers: ReadonlyMap<string, EventHandler<Tx>>;
  logger: MessagingLogger;
  retry?: RetryPolicy;
  partitionsConsumedConcurrently?: number;
  /** Called after a handler's transaction commits (e.g. to nudge the outbox relay). */
  afterCommit?: () => void;
  fromBeginning?: boolean;
}

export class EventConsumer<Tx extends SqlClient = SqlClient> {
  private readonly consumer: Consumer;
  private readonly deadLetterProducer: Producer;
  private readonly inbox: string;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: EventConsumerOptions<Tx>) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: { retries: 10 },
    });
    this.deadLetterProducer = options.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    this.inbox = `${quoteSchema(options.schema)}.inbox`;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  async start(): Promise<void> {
    await this.deadLetterProducer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachMessage: (payload) => this.handleMessage(payload),
    });
  }

  /** Stops fetching, lets in-flight handlers finish, commits offsets and disconnects. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.deadLetterProducer.disconnect();
  }

  /** Resolves once the group has assigned partitions to this consumer. */
  waitUntilJoined(timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`consumer ${this.options.groupId} did not join within ${timeoutMs} ms`)), timeoutMs);
      const remove = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        remove();
        resolve();
      });
    });
  }

  private async handleMessage({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const raw = message.value?.toString() ?? '';
    const parsed = parseEvent(raw);
    if (!parsed.ok) {
      await this.deadLetter({ topic, partition, message }, parsed.reason, parsed.message, 0);
      return;
    }
    const handler = this.options.handlers.get(parsed.event.type);
    if (!handler) return;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.handleOnce(parsed.event, handler, attempt);
        this.options.afterCommit?.();
        return;
      } catch (error) {
        const reason = (error as Error).message;
        this.options.logger.warn(
          { eventId: parsed.event.eventId, type: parsed.event.type, attempt, err: reason, correlationId: parsed.event.correlationId },
          'event handler failed',
        );
        if (attempt >= this.retry.attempts) {
          await this.deadLetter({ topic, partition, message }, 'handler-failed', reason, attempt);
          return;
        }
        await heartbeat();
        await new Promise((resolve) => setTimeout(resolve, backoffMs(this.retry, attempt)));
      }
    }
  }

  private async handleOnce(event: AnyEventEnvelope, handler: EventHandler<Tx>, attempt: number): Promise<void> {
    await this.options.db.$transaction(
      async (tx) => {
        const inserted = await tx.$executeRawUnsafe(
          `INSERT INTO ${this.inbox} (consumer_group, event_id, type) VALUES ($1, $2::uuid, $3) ON CONFLICT DO NOTHING`,
          this.options.groupId,
          event.eventId,
          event.type,
        );
        if (inserted === 0) return; // handled before: a redelivery changes nothing
        await handler(event, tx, attempt);
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
  }

  private async deadLetter(
    source: Pick<EachMessagePayload, 'topic' | 'partition' | 'message'>,
    reason: EventRejection | 'handler-failed',
    error: string,
    attempts: number,
  ): Promise<void> {
    const record: DeadLetter = {
      consumerGroup: this.options.groupId,
      sourceTopic: source.topic,
      sourcePartition: source.partition,
      sourceOffset: source.message.offset,
      originalKey: source.message.key?.toString() ?? null,
      originalValue: source.message.value?.toString() ?? '',
      originalHeaders: headersToStrings(source.message.headers),
      reason,
      error,
      attempts,
      failedAt: new Date().toISOString(),
    };
    await this.deadLetterProducer.send({
      topic: this.options.deadLetterTopic,
      acks: -1,
      messages: [
        {
          key: source.message.key ?? null,
          value: JSON.stringify(record),
          headers: { 'dead-letter-reason': reason, 'consumer-group': this.options.groupId },
        },
      ],
    });
    this.options.logger.error(
      { topic: source.topic, partition: source.partition, offset: source.message.offset, reason, err: error, attempts },
      'message dead-lettered',
    );
  }
}
