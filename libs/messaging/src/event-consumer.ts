// The consuming half: an idempotent consumer with bounded retries and a dead-letter topic.
// - A message that is not a valid catalogue event, or not signed by the producer it names
//   (event-signature.ts), goes straight to the dead-letter topic and changes nothing.
// - A valid event is handled in one transaction together with its inbox row (consumer group,
//   eventId): a redelivered event finds the row and changes nothing. The consecutive valid events
//   of a fetched batch share one transaction (up to `batchEvents`, one inbox statement, one
//   commit); when that transaction fails for any reason, nothing of it stays and its events are
//   handled again one by one, each with the rules below, so one bad event is isolated, retried
//   and dead-lettered alone and never holds back or poisons the others.
// - A handler that keeps failing is retried with backoff a bounded number of times, then
//   dead-lettered with the error and the attempt count, so a poison message never blocks its
//   partition. Offsets are committed only after the message is handled or dead-lettered.
// - A handler failing because the database is unavailable (unavailable-error.ts) is retried until
//   the database is back, never dead-lettered: the event is fine, dropping it would lose its effect.
// - A handler waiting for a fact from another topic (awaiting-fact-error.ts) pauses its partition
//   and is tried again after a backoff, for up to the policy's awaitFactForMs, then dead-lettered.
//   Only that partition waits: kafkajs fetches again only when every batch of the last fetch is
//   done, so waiting inside the handler would hold back the very partition the fact is on.
// - Every delivery is logged with its ids (eventId, type, group, correlationId, causationId) and
//   outcome: handled or duplicate at info, a failed attempt at warn, a dead letter at error.
// - A crash on a transient error (a leader or coordinator moving during a broker failover, the
//   network) restarts the consumer after a backoff growing with the crashes in a row; only an
//   error a restart would not cure leaves it dead, with its reason (consumer-crash.ts).
// - A partition whose committed offset is out of range (records lost or deleted unread) is paused
//   and reported instead of silently reset (offset-loss.ts).
import { Partitioners, type Admin, type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage } from 'kafkajs';
import { parseEvent, type AnyEventEnvelope, type DeadLetter, type EventRejection } from '@ipledger/contracts';
import { isAwaitingFactError } from './awaiting-fact-error';
import { consumerRestartDelayMs, describeConsumerError, isTransientConsumerError } from './consumer-crash';
import type { EventVerifier, SignatureRejection } from './event-signature';
import { nextConsumerStatus, type ConsumerSignal, type ConsumerStatus } from './consumer-status';
import { FAULT_POINTS, reachFaultPoint } from './fault-points';
import { isContentionError, isDatabaseUnavailableError } from './unavailable-error';
import { headersToStrings } from './kafka-headers';
import { describeOffsetLoss, lossAtJoin, resetOnFirstFetch, type OffsetLoss } from './offset-loss';
import type { MessagingLogger } from './logger';
import { backoffMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { RenewableProducer } from './renewable-producer';
import { quoteSchema, type SqlClient, type TransactionalSqlClient } from './sql-client';

/** kafkajs' default: a crashed member's partitions wait up to 30 s for the group to end it. */
export const DEFAULT_SESSION_TIMEOUT_MS = 30_000;

export type EventHandler<Tx extends SqlClient> = (event: AnyEventEnvelope, tx: Tx, attempt: number) => Promise<void>;

/**
 * Handles the new events of a batch together in `tx`, in their order (in place of calling each
 * one's handler): for a service whose handling has a cost per transaction worth sharing (the
 * ledger's chain head). It throws when any event fails; the consumer then handles them one by one.
 */
export type BatchEventHandler<Tx extends SqlClient> = (events: readonly AnyEventEnvelope[], tx: Tx) => Promise<void>;

export interface EventConsumerOptions<Tx extends SqlClient> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  deadLetterTopic: string;
  /** Checks that each event is signed by the producer it names (else dead-lettered: unsigned, bad-signature). */
  verifier: EventVerifier;
  db: TransactionalSqlClient<Tx>;
  /** The service's own schema, which holds its `inbox` table. */
  schema: string;
  /** Handlers by event type; events of other types on the same topics are skipped. */
  handlers: ReadonlyMap<string, EventHandler<Tx>>;
  logger: MessagingLogger;
  /** Defaults: DEFAULT_RETRY_POLICY. */
  retry?: Partial<RetryPolicy>;
  partitionsConsumedConcurrently?: number;
  /** The most events handled in one transaction (consecutive valid events of a fetched batch). Default 100; 1: one each. */
  batchEvents?: number;
  /** Handles a batch's new events together instead of one handler call each (BatchEventHandler). */
  batchHandler?: BatchEventHandler<Tx>;
  /**
   * How long the broker waits for this member's heartbeat before ending it (default
   * DEFAULT_SESSION_TIMEOUT_MS): after a crash, its partitions wait this long. Heartbeats go every
   * third of it, at most every 3 s.
   */
  sessionTimeoutMs?: number;
  /** Called after a handler's transaction commits (e.g. to nudge the outbox relay). */
  afterCommit?: () => void;
  fromBeginning?: boolean;
}

/** A message whose partition is paused until it is tried again. */
interface AwaitedFact {
  eventId: string;
  /** When the first try found the fact missing (ms since the epoch). */
  since: number;
  /** Tries so far, over every delivery of it. */
  attempts: number;
  resumeTimer: NodeJS.Timeout | undefined;
}

type MessageOutcome = { kind: 'done' } | { kind: 'awaiting-fact'; awaited: AwaitedFact; retryInMs: number };

/** A fetched message read and checked: a valid event with its handler, or what to do instead. */
type CheckedMessage<Tx extends SqlClient> =
  | { kind: 'event'; message: KafkaMessage; event: AnyEventEnvelope; handler: EventHandler<Tx>; fields: Record<string, unknown> }
  | { kind: 'dead-letter'; message: KafkaMessage; reason: EventRejection | SignatureRejection; error: string; event?: AnyEventEnvelope }
  | { kind: 'skip'; message: KafkaMessage; fields: Record<string, unknown> };

type HandleableMessage<Tx extends SqlClient> = Extract<CheckedMessage<Tx>, { kind: 'event' }>;

export const DEFAULT_BATCH_EVENTS = 100;

export class EventConsumer<Tx extends SqlClient = SqlClient> {
  private readonly consumer: Consumer;
  private readonly deadLetterProducer: RenewableProducer;
  private readonly inbox: string;
  private readonly retry: RetryPolicy;
  private currentStatus: ConsumerStatus = 'idle';
  /** The event each paused partition waits to retry ("topic/partition" → since when, how often). */
  private readonly awaiting = new Map<string, AwaitedFact>();
  /** Crashes since the group was last joined: the restart backoff grows with them. */
  private crashesInARow = 0;
  /** Why the consumer is dead (a crash no restart cures); for readiness. */
  private deathReason: string | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly admin: Admin;
  /** The check of the last join (batches wait for it). */
  private joinCheck: Promise<void> = Promise.resolve();
  /** The offset the next message of each "topic/partition" must have: committed at join, then one past the last resolved. */
  private readonly nextOffset = new Map<string, string>();
  /** The last watermarks seen per "topic/partition", for the report. */
  private readonly watermarks = new Map<string, { low: string; high: string }>();
  /** Partitions paused because records were lost ("topic/partition"). */
  private readonly lost = new Map<string, OffsetLoss>();

  constructor(private readonly options: EventConsumerOptions<Tx>) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
      heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS) / 3)),
      // kafkajs fetches again from the leader it knows after a fetch timed out, and refreshes its
      // metadata only when older than this (default 5 minutes): a leader cut off from the network
      // would hold its partitions that long. Fresh every 10 s, the new leader is found soon after
      // the controller fenced the old one.
      metadataMaxAge: 10_000,
      // How long the broker may hold a fetch while a partition has nothing new (kafkajs' default is
      // 5 s). Stopping waits for the fetch in flight, so a shutdown took 5 s; an idle consumer now
      // asks once a second instead, which costs the broker next to nothing.
      maxWaitTimeInMs: 1_000,
      // kafkajs asks before restarting after an error it deems retriable: wait the backoff first.
      retry: { retries: 10, restartOnFailure: (error) => this.beforeRestart(error) },
    });
    const { GROUP_JOIN, REBALANCING, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, (event) => {
      this.crashesInARow = 0;
      // Synchronously, before the first fetch: partitions known lost stay paused (kafkajs would
      // otherwise reset them and commit over the offset that shows the loss).
      for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
        const lost = partitions.filter((partition) => this.lost.has(`${topic}/${partition}`));
        if (lost.length > 0) this.consumer.pause([{ topic, partitions: lost }]);
      }
      this.joinCheck = this.checkCommittedOffsets(event.payload.memberAssignment);
      this.signal({ kind: 'group-join' });
    });
    this.admin = options.kafka.admin();
    this.consumer.on(REBALANCING, () => this.signal({ kind: 'rebalancing' }));
    this.consumer.on(CRASH, (event) => this.onCrash(event.payload.error, event.payload.restart));
    // acks from every in-sync replica, and no duplicate dead letter when a send is retried; a
    // failed send retires the producer, so its partition's sequence cannot stay out of step.
    this.deadLetterProducer = new RenewableProducer({
      create: async () => {
        const producer = options.kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          allowAutoTopicCreation: false,
          createPartitioner: Partitioners.DefaultPartitioner,
        });
        await producer.connect();
        return producer;
      },
      onRenew: (reason) =>
        options.logger.warn(
          { consumerGroup: options.groupId, err: reason },
          'dead-letter send failed; the next goes through a new producer',
        ),
    });
    this.inbox = `${quoteSchema(options.schema)}.inbox`;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  /** Where the consumer is in its life (readiness asks). */
  status(): ConsumerStatus {
    return this.currentStatus;
  }

  /** The partitions paused because records were lost, oldest first. */
  offsetLosses(): OffsetLoss[] {
    return [...this.lost.values()];
  }

  /** Why the consumer is dead, when it is ('crashed'). */
  failure(): string | undefined {
    return this.currentStatus === 'crashed' ? this.deathReason : undefined;
  }

  private stoppingOrStopped(): boolean {
    return this.currentStatus === 'stopping' || this.currentStatus === 'stopped';
  }

  /** kafkajs' question before its own restart: wait the backoff, then restart unless stopping or the error is fatal. */
  private async beforeRestart(error: Error): Promise<boolean> {
    if (!isTransientConsumerError(error) || this.stoppingOrStopped()) return false;
    this.crashesInARow += 1;
    // kafkajs reports the crash only after this answer: readiness should not say "joined" meanwhile.
    this.signal({ kind: 'crash', restart: true });
    await new Promise((resolve) => setTimeout(resolve, consumerRestartDelayMs(this.crashesInARow)));
    return !this.stoppingOrStopped();
  }

  /**
   * A crash: kafkajs restarts by itself when `restartedByKafkajs`; a transient error kafkajs does
   * not restart from (a coordinator not found, a timeout) is restarted here after the backoff; any
   * other leaves the consumer dead with its reason.
   */
  private onCrash(error: Error, restartedByKafkajs: boolean): void {
    const reason = describeConsumerError(error);
    if (this.stoppingOrStopped()) return;
    const restartHere = !restartedByKafkajs && isTransientConsumerError(error);
    if (restartHere) this.crashesInARow += 1;
    const restart = restartedByKafkajs || restartHere;
    const fields = { consumerGroup: this.options.groupId, err: reason, restart, crashesInARow: this.crashesInARow };
    if (restart) this.options.logger.warn(fields, 'consumer crashed on a transient error; restarting');
    else
      this.options.logger.error(fields, 'consumer crashed on an error a restart would not cure; it is dead until the service is restarted');
    if (!restart) this.deathReason = reason;
    this.signal({ kind: 'crash', restart });
    if (restartHere) {
      clearTimeout(this.restartTimer);
      this.restartTimer = setTimeout(() => void this.restart(), consumerRestartDelayMs(this.crashesInARow));
    }
  }

  private async restart(): Promise<void> {
    if (this.stoppingOrStopped()) return;
    try {
      await this.consumer.connect();
      await this.run();
    } catch (error) {
      this.onCrash(error as Error, false);
    }
  }

  private signal(signal: ConsumerSignal): void {
    this.currentStatus = nextConsumerStatus(this.currentStatus, signal);
  }

  async start(): Promise<void> {
    this.signal({ kind: 'start' });
    await this.deadLetterProducer.connect();
    await this.admin.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    // Before the first fetch: kafkajs would reset an out-of-range offset (and commit its marker
    // over the group's offset) before a check after the join could read it.
    await this.checkCommittedOffsets(undefined);
    await this.run();
  }

  private async run(): Promise<void> {
    await this.consumer.run({
      autoCommit: true,
      // Offsets are resolved here, message by message: a message that waits for a fact is not.
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /**
   * Stops fetching, lets in-flight handlers finish, commits offsets and disconnects. kafkajs'
   * disconnect stops the runner, waits for the batches being handled, and with autoCommit commits
   * the offsets they resolved at the end of each batch before leaving the group.
   */
  async stop(): Promise<void> {
    if (this.currentStatus === 'stopped') return;
    this.signal({ kind: 'stop-requested' });
    clearTimeout(this.restartTimer);
    for (const awaited of this.awaiting.values()) clearTimeout(awaited.resumeTimer);
    this.awaiting.clear();
    await this.consumer.disconnect();
    await this.deadLetterProducer.disconnect();
    await this.admin.disconnect().catch(() => undefined);
    this.signal({ kind: 'stopped' });
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

  /**
   * The messages of one partition's batch in order, each resolved (its offset to be committed) once
   * it is handled, found a duplicate or dead-lettered. A message that waits for a fact pauses the
   * partition and ends the batch unresolved: the partition is fetched again from that message when
   * it resumes.
   */
  private async handleBatch({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    if (await this.foundLoss(topic, partition, batch.messages[0]?.offset)) {
      pause();
      return;
    }
    const checked = batch.messages.map((message) => this.check(topic, partition, message));
    const resolve = (message: KafkaMessage) => {
      resolveOffset(message.offset);
      this.nextOffset.set(`${topic}/${partition}`, (BigInt(message.offset) + 1n).toString());
    };
    // Messages before this index are handled one by one: those of a run whose transaction failed.
    let aloneUntil = 0;
    // The event whose handler failed in that run's transaction, and how: that try counts as its first.
    let failedTogether: { eventId: string; awaitingFact: boolean } | undefined;
    for (let index = 0; index < checked.length;) {
      if (!isRunning() || isStale()) return;
      if (index >= aloneUntil) {
        const run = this.runOfEvents(topic, partition, checked, index);
        if (run.length > 1) {
          const together = await this.handleTogether(topic, partition, run);
          if (together.committed) {
            for (const item of run) resolve(item.message);
            index += run.length;
            await heartbeat();
            continue;
          }
          aloneUntil = index + run.length;
          failedTogether = together.failedHandler;
        }
      }
      const item = checked[index];
      const triedTogether = item.kind === 'event' && item.event.eventId === failedTogether?.eventId ? failedTogether : undefined;
      const outcome = await this.handleChecked(topic, partition, item, heartbeat, {
        attempts: triedTogether ? 1 : 0,
        failures: triedTogether && !triedTogether.awaitingFact ? 1 : 0,
      });
      if (outcome.kind === 'awaiting-fact') {
        const resume = pause();
        outcome.awaited.resumeTimer = setTimeout(resume, outcome.retryInMs);
        return;
      }
      resolve(item.message);
      index += 1;
      await heartbeat();
    }
  }

  /**
   * The valid events with a handler from `start` on, up to `batchEvents`: what one transaction may
   * handle together. Empty when the message at `start` is not one, or is the event its partition
   * waits to retry (that one is tried alone, counting its earlier tries).
   */
  private runOfEvents(topic: string, partition: number, checked: CheckedMessage<Tx>[], start: number): HandleableMessage<Tx>[] {
    const limit = this.options.batchEvents ?? DEFAULT_BATCH_EVENTS;
    const run: HandleableMessage<Tx>[] = [];
    const awaited = this.awaiting.get(`${topic}/${partition}`);
    for (let index = start; index < checked.length && run.length < limit; index += 1) {
      const item = checked[index];
      if (item.kind !== 'event' || item.event.eventId === awaited?.eventId) break;
      run.push(item);
    }
    return run;
  }

  /**
   * The run's events in one transaction: one inbox statement for all (a redelivered event, or the
   * same event twice in the run, is a duplicate), then each new event's handler in order. True once
   * committed; otherwise nothing of it is kept, the caller handles the events one by one, and
   * `failedHandler` names the event whose handler threw (absent when the failure was another, e.g.
   * the commit), so that this try counts among its attempts. Logged at warn with the reason.
   */
  private async handleTogether(
    topic: string,
    partition: number,
    run: HandleableMessage<Tx>[],
  ): Promise<{ committed: true } | { committed: false; failedHandler?: { eventId: string; awaitingFact: boolean } }> {
    let outcomes: Array<'handled' | 'duplicate'>;
    let failedEventId: string | undefined;
    try {
      outcomes = await this.options.db.$transaction(
        async (tx) => {
          const inserted = await tx.$queryRawUnsafe<{ event_id: string }[]>(
            `INSERT INTO ${this.inbox} (consumer_group, event_id, type)
             SELECT $1, * FROM unnest($2::uuid[], $3::text[]) ON CONFLICT DO NOTHING RETURNING event_id::text`,
            this.options.groupId,
            run.map((item) => item.event.eventId),
            run.map((item) => item.event.type),
          );
          const fresh = new Set(inserted.map((row) => row.event_id));
          // Handled before (a redelivery), or earlier in this run: changes nothing.
          const done = run.map((item): 'handled' | 'duplicate' => (fresh.delete(item.event.eventId) ? 'handled' : 'duplicate'));
          const handled = run.filter((_, index) => done[index] === 'handled');
          const { batchHandler } = this.options;
          if (batchHandler !== undefined) {
            await batchHandler(
              handled.map((item) => item.event),
              tx,
            );
            return done;
          }
          for (const item of handled) {
            failedEventId = item.event.eventId;
            await item.handler(item.event, tx, 1);
            failedEventId = undefined;
          }
          return done;
        },
        { timeout: 30_000, maxWait: 10_000 },
      );
    } catch (error) {
      this.options.logger.warn(
        {
          consumerGroup: this.options.groupId,
          topic,
          partition,
          events: run.length,
          firstOffset: run[0]?.message.offset,
          err: (error as Error).message,
        },
        'a batch of events failed together; handling them one by one',
      );
      return {
        committed: false,
        failedHandler: failedEventId === undefined ? undefined : { eventId: failedEventId, awaitingFact: isAwaitingFactError(error) },
      };
    }
    reachFaultPoint(FAULT_POINTS.consumerAfterHandle);
    this.options.afterCommit?.();
    run.forEach((item, index) => {
      const outcome = outcomes[index];
      this.options.logger.info(
        { ...item.fields, outcome, attempt: 1, batch: run.length },
        outcome === 'handled' ? 'event handled' : 'event already handled',
      );
    });
    return { committed: true };
  }

  /**
   * Before the first fetch and on each join: the group's committed offset of every partition (all
   * of the subscribed topics, or those assigned) against its watermarks. A loss is recorded and its
   * partition paused; the rest is remembered, to compare with the first message fetched. A check
   * that fails (the broker away) is logged and skipped: it must not stop consumption.
   */
  private async checkCommittedOffsets(assignment: Record<string, number[]> | undefined): Promise<void> {
    const topics = assignment ? Object.keys(assignment).filter((topic) => assignment[topic].length > 0) : this.options.topics;
    for (const key of [...this.nextOffset.keys()]) if (!this.lost.has(key)) this.nextOffset.delete(key);
    if (topics.length === 0) return;
    try {
      const committed = await this.admin.fetchOffsets({ groupId: this.options.groupId, topics });
      for (const { topic, partitions } of committed) {
        const watermarks = new Map((await this.admin.fetchTopicOffsets(topic)).map((entry) => [entry.partition, entry]));
        for (const { partition, offset } of partitions) {
          if (assignment && !assignment[topic].includes(partition)) continue;
          const marks = watermarks.get(partition);
          if (!marks) continue;
          const key = `${topic}/${partition}`;
          this.watermarks.set(key, { low: marks.low, high: marks.high });
          const kind = lossAtJoin(offset, marks.low, marks.high);
          if (kind) {
            // Paused at once (when running), before kafkajs' next fetch would reset the offset.
            if (assignment) this.consumer.pause([{ topic, partitions: [partition] }]);
            this.recordLoss({
              topic,
              partition,
              kind,
              committedOffset: offset,
              earliestAvailable: marks.low,
              latestAvailable: marks.high,
              detectedAt: new Date().toISOString(),
            });
          } else if (BigInt(offset) >= 0n) {
            this.nextOffset.set(key, offset);
          }
        }
      }
    } catch (error) {
      this.options.logger.warn(
        { consumerGroup: this.options.groupId, err: (error as Error).message },
        'committed offsets could not be checked; consuming without the check',
      );
    }
  }

  /** Whether the partition lost records (found by the offset check, or by a first message other than the one due: a kafkajs reset). */
  private async foundLoss(topic: string, partition: number, firstOffset: string | undefined): Promise<boolean> {
    const key = `${topic}/${partition}`;
    await this.joinCheck;
    if (this.lost.has(key)) return true;
    const expected = this.nextOffset.get(key);
    if (expected === undefined || firstOffset === undefined || !resetOnFirstFetch(expected, firstOffset)) return false;
    const marks = this.watermarks.get(key);
    this.recordLoss({
      topic,
      partition,
      kind: 'reset-by-client',
      committedOffset: expected,
      earliestAvailable: marks?.low ?? firstOffset,
      latestAvailable: marks?.high ?? 'unknown',
      detectedAt: new Date().toISOString(),
    });
    return true;
  }

  private recordLoss(loss: OffsetLoss): void {
    const key = `${loss.topic}/${loss.partition}`;
    if (this.lost.has(key)) return;
    this.lost.set(key, loss);
    this.options.logger.error(
      { consumerGroup: this.options.groupId, ...loss },
      `records lost on ${describeOffsetLoss(loss)}; the partition is paused, nothing skipped silently (see docs/operations.md, "Records lost on a partition")`,
    );
  }

  /** Reads and checks a message: a catalogue event signed by the producer it names, with a handler here. */
  private check(topic: string, partition: number, message: KafkaMessage): CheckedMessage<Tx> {
    const parsed = parseEvent(message.value?.toString() ?? '');
    if (!parsed.ok) return { kind: 'dead-letter', message, reason: parsed.reason, error: parsed.message };
    const event = parsed.event;
    const signature = this.options.verifier.check(event.producer, message.value, message.headers);
    if (!signature.ok) return { kind: 'dead-letter', message, reason: signature.reason, error: signature.message, event };
    const fields = { ...this.eventFields(event), topic, partition, offset: message.offset };
    const handler = this.options.handlers.get(event.type);
    return handler ? { kind: 'event', message, event, handler, fields } : { kind: 'skip', message, fields };
  }

  /** One message on its own: dead-lettered, skipped, or handled with retries, waits for facts and the dead-letter topic. */
  private async handleChecked(
    topic: string,
    partition: number,
    item: CheckedMessage<Tx>,
    heartbeat: () => Promise<void>,
    /** Tries it had already in a batch's transaction, and how many of them failed (a wait for a fact is no failure). */
    triedBefore: { attempts: number; failures: number } = { attempts: 0, failures: 0 },
  ): Promise<MessageOutcome> {
    const { message } = item;
    if (item.kind === 'dead-letter') {
      await this.deadLetter({ topic, partition, message }, item.reason, item.error, 0, item.event);
      return { kind: 'done' };
    }
    if (item.kind === 'skip') {
      this.options.logger.debug({ ...item.fields, outcome: 'skipped' }, 'event skipped: no handler for its type');
      return { kind: 'done' };
    }
    const { event, handler, fields } = item;
    const partitionKey = `${topic}/${partition}`;
    const awaited = this.awaiting.get(partitionKey);
    const earlier = awaited?.eventId === event.eventId ? awaited : undefined;
    this.awaiting.delete(partitionKey);
    // `attempt` counts every try (waits for a fact included); `failures` only the failed ones the
    // retry policy bounds.
    let failures = triedBefore.failures;
    for (let attempt = (earlier?.attempts ?? 0) + triedBefore.attempts + 1; ; attempt += 1) {
      try {
        const outcome = await this.handleOnce(event, handler, attempt);
        reachFaultPoint(FAULT_POINTS.consumerAfterHandle);
        this.options.afterCommit?.();
        this.options.logger.info({ ...fields, outcome, attempt }, outcome === 'handled' ? 'event handled' : 'event already handled');
        return { kind: 'done' };
      } catch (error) {
        const reason = (error as Error).message;
        if (isAwaitingFactError(error)) {
          const since = earlier?.since ?? Date.now();
          const waitedMs = Date.now() - since;
          if (waitedMs >= this.retry.awaitFactForMs) {
            const waited = `${reason} (waited ${Math.round(waitedMs / 1000)} s for ${error.awaited}; the limit is ${Math.round(this.retry.awaitFactForMs / 1000)} s)`;
            await this.deadLetter({ topic, partition, message }, 'handler-failed', waited, attempt, event);
            return { kind: 'done' };
          }
          const retryInMs = backoffMs(this.retry, attempt - failures);
          this.options.logger.warn(
            { ...fields, outcome: 'awaiting-fact', attempt, awaited: error.awaited, waitedMs, retryInMs },
            'event waits for a fact not seen yet',
          );
          const next: AwaitedFact = { eventId: event.eventId, since, attempts: attempt, resumeTimer: undefined };
          this.awaiting.set(partitionKey, next);
          return { kind: 'awaiting-fact', awaited: next, retryInMs };
        }
        this.options.logger.warn({ ...fields, outcome: 'failed', attempt, err: reason }, 'event handler failed');
        // The database away, or a transaction that lost a race for a lock, is no fault of the event:
        // retry until it goes through (the partition waits, as every other one does), never
        // dead-letter; when stopping, leave the offset uncommitted.
        const unavailable = isDatabaseUnavailableError(error) || isContentionError(error);
        if (unavailable && (this.currentStatus === 'stopping' || this.currentStatus === 'stopped')) throw error;
        failures += 1;
        if (failures >= this.retry.attempts && !unavailable) {
          await this.deadLetter({ topic, partition, message }, 'handler-failed', reason, attempt, event);
          return { kind: 'done' };
        }
        await heartbeat();
        await new Promise((resolve) => setTimeout(resolve, backoffMs(this.retry, failures)));
      }
    }
  }

  /** The ids that follow an event through the logs. */
  private eventFields(event: AnyEventEnvelope): Record<string, unknown> {
    return {
      eventId: event.eventId,
      type: event.type,
      consumerGroup: this.options.groupId,
      correlationId: event.correlationId,
      causationId: event.causationId,
    };
  }

  private async handleOnce(event: AnyEventEnvelope, handler: EventHandler<Tx>, attempt: number): Promise<'handled' | 'duplicate'> {
    return this.options.db.$transaction(
      async (tx) => {
        const inserted = await tx.$executeRawUnsafe(
          `INSERT INTO ${this.inbox} (consumer_group, event_id, type) VALUES ($1, $2::uuid, $3) ON CONFLICT DO NOTHING`,
          this.options.groupId,
          event.eventId,
          event.type,
        );
        if (inserted === 0) return 'duplicate'; // handled before: a redelivery changes nothing
        await handler(event, tx, attempt);
        return 'handled';
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
  }

  private async deadLetter(
    source: { topic: string; partition: number; message: KafkaMessage },
    reason: EventRejection | SignatureRejection | 'handler-failed',
    error: string,
    attempts: number,
    event?: AnyEventEnvelope,
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
      {
        ...(event ? this.eventFields(event) : { consumerGroup: this.options.groupId }),
        topic: source.topic,
        partition: source.partition,
        offset: source.message.offset,
        outcome: 'dead-lettered',
        reason,
        err: error,
        attempts,
      },
      'message dead-lettered',
    );
  }
}
