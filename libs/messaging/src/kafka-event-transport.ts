// A NestJS microservice transport on kafkajs, so event handlers read like
//   @EventPattern('LoanDisbursed') onLoanDisbursed(@Payload() event, @Ctx() ctx: EventContext<Tx>)
// We do not use Nest's stock Kafka transport: it retries a failing handler forever (blocking the
// partition), has no dead-letter topic, and rewrites group ids. See docs/ARCHITECTURE.md.
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { consumerGroupId, deadLetterTopicName, EVENTS, isEventType, topicName, type ConsumerName } from '@ipledger/contracts';
import type { ConsumerStatus } from './consumer-status';
import { EventConsumer, type BatchEventHandler, type EventHandler } from './event-consumer';
import { EventContext } from './event-context';
import type { EventVerifier } from './event-signature';
import type { MessagingLogger } from './logger';
import type { OffsetLoss } from './offset-loss';
import type { RetryPolicy } from './retry-policy';
import type { SqlClient, TransactionalSqlClient } from './sql-client';

export interface KafkaEventTransportOptions<Tx extends SqlClient> {
  kafka: Kafka;
  consumer: ConsumerName;
  topicPrefix: string;
  verifier: EventVerifier;
  db: TransactionalSqlClient<Tx>;
  schema: string;
  logger: MessagingLogger;
  retry?: Partial<RetryPolicy>;
  /** The most events handled in one transaction (EventConsumer's batchEvents). */
  batchEvents?: number;
  /** Handles a batch's new events together (EventConsumer's batchHandler). */
  batchHandler?: BatchEventHandler<Tx>;
  /** EventConsumer's sessionTimeoutMs. */
  sessionTimeoutMs?: number;
  afterCommit?: () => void;
}

export class KafkaEventTransport<Tx extends SqlClient = SqlClient> extends Server implements CustomTransportStrategy {
  private eventConsumer: EventConsumer<Tx> | undefined;
  private closed = false;

  constructor(private readonly options: KafkaEventTransportOptions<Tx>) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const handlers = this.collectHandlers();
      const topics = [...new Set([...handlers.keys()].map((type) => topicName(this.eventTopic(type), this.options.topicPrefix)))];
      this.eventConsumer = new EventConsumer<Tx>({
        kafka: this.options.kafka,
        groupId: consumerGroupId(this.options.consumer, this.options.topicPrefix),
        topics,
        deadLetterTopic: deadLetterTopicName(this.options.consumer, this.options.topicPrefix),
        verifier: this.options.verifier,
        db: this.options.db,
        schema: this.options.schema,
        handlers,
        logger: this.options.logger,
        retry: this.options.retry,
        batchEvents: this.options.batchEvents,
        batchHandler: this.options.batchHandler,
        sessionTimeoutMs: this.options.sessionTimeoutMs,
        afterCommit: this.options.afterCommit,
      });
      // Both awaited together: a join that times out while start() is still running is this
      // listen's error, not an unhandled rejection that would end the process.
      await Promise.all([this.eventConsumer.waitUntilJoined(), this.eventConsumer.start()]);
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Stops the consumer: in-flight handlers finish and their offsets are committed. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.eventConsumer?.stop();
    this.eventConsumer = undefined;
  }

  /** The consumer's state for readiness: 'idle' before listen, 'stopped' after close. */
  consumerStatus(): ConsumerStatus {
    if (this.eventConsumer) return this.eventConsumer.status();
    return this.closed ? 'stopped' : 'idle';
  }

  /** The partitions paused because records were lost (offset-loss.ts). */
  offsetLosses(): OffsetLoss[] {
    return this.eventConsumer?.offsetLosses() ?? [];
  }

  /** Why the consumer is dead, when it crashed on an error no restart cures. */
  consumerFailure(): string | undefined {
    return this.eventConsumer?.failure();
  }

  on(): never {
    throw new Error('KafkaEventTransport does not emit status events');
  }

  unwrap<T>(): T {
    if (!this.eventConsumer) throw new Error('KafkaEventTransport is not listening');
    return this.eventConsumer as T;
  }

  private eventTopic(type: string) {
    if (!isEventType(type)) throw new Error(`@EventPattern('${type}') names no event in the catalogue`);
    return EVENTS[type].topic;
  }

  private collectHandlers(): Map<string, EventHandler<Tx>> {
    const handlers = new Map<string, EventHandler<Tx>>();
    for (const [pattern, handler] of this.messageHandlers) {
      if (!handler.isEventHandler) throw new Error(`${pattern}: only @EventPattern handlers are supported`);
      this.eventTopic(pattern);
      handlers.set(pattern, async (event, tx, attempt) => {
        const result = await handler(event, new EventContext<Tx>(event, tx, attempt));
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      });
    }
    return handlers;
  }
}
