// The producing half of the transactional outbox: an event is written in the same database
// transaction as the change it reports, so either both happen or neither does.
import { v7 as uuidv7 } from 'uuid';
import {
  EVENTS,
  keyOf,
  mayProduce,
  producersOf,
  topicName,
  validatePayload,
  type Actor,
  type EventEnvelope,
  type EventType,
  type PayloadOf,
  type ServiceName,
} from '@ipledger/contracts';
import { quoteSchema, type SqlClient } from './sql-client';

export interface EventDraft<T extends EventType> {
  type: T;
  payload: PayloadOf<T>;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
}

export interface OutboxOptions {
  /** The service's own PostgreSQL schema, which holds its `outbox` table. */
  schema: string;
  producer: ServiceName;
  topicPrefix: string;
  clock?: () => Date;
}

/** One event an outbox wrote: what a command's answer lists (IPledger-Events). */
export interface AppendedEvent {
  type: EventType;
  eventId: string;
}

export class Outbox {
  private readonly table: string;
  /**
   * The transactions whose appends are being listed (track), keyed by the transaction's client: a
   * unit of work tells its caller which events its command caused. Weak, so a finished
   * transaction's list goes with its client; untracked transactions (event handlers) list nothing.
   */
  private readonly tracked = new WeakMap<SqlClient, AppendedEvent[]>();

  constructor(private readonly options: OutboxOptions) {
    this.table = `${quoteSchema(options.schema)}.outbox`;
  }

  /** Appends an event inside the caller's transaction `tx`; returns the envelope written. */
  async append<T extends EventType>(tx: SqlClient, draft: EventDraft<T>): Promise<EventEnvelope<T>> {
    const definition = EVENTS[draft.type];
    if (!mayProduce(definition, this.options.producer)) {
      throw new Error(`${this.options.producer} may not produce ${draft.type}; its producer is ${producersOf(definition).join(', ')}`);
    }
    const payload = validatePayload(draft.type, draft.payload);
    const envelope = {
      eventId: uuidv7(),
      type: draft.type,
      version: definition.version,
      occurredAt: (this.options.clock?.() ?? new Date()).toISOString(),
      key: keyOf(draft.type, payload),
      correlationId: draft.correlationId,
      causationId: draft.causationId,
      producer: this.options.producer,
      actor: draft.actor,
      payload,
    } as EventEnvelope<T>;
    await tx.$executeRawUnsafe(
      `INSERT INTO ${this.table} (event_id, topic, key, type, version, envelope) VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb)`,
      envelope.eventId,
      topicName(definition.topic, this.options.topicPrefix),
      envelope.key,
      envelope.type,
      envelope.version,
      JSON.stringify(envelope),
    );
    this.tracked.get(tx)?.push({ type: envelope.type, eventId: envelope.eventId });
    return envelope;
  }

  /**
   * From now on, lists every event appended inside transaction `tx`; the returned array fills as
   * the transaction appends (in order).
   */
  track(tx: SqlClient): readonly AppendedEvent[] {
    const list = this.tracked.get(tx) ?? [];
    this.tracked.set(tx, list);
    return list;
  }
}
