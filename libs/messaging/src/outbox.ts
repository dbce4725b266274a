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
  type AnyEventEnvelope,
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
    const [envelope] = await this.appendAll(tx, [draft]);
    return envelope as EventEnvelope<T>;
  }

  /** Appends events inside `tx` in one statement, in the order given; returns the envelopes written. */
  async appendAll(tx: SqlClient, drafts: readonly EventDraft<EventType>[]): Promise<AnyEventEnvelope[]> {
    if (drafts.length === 0) return [];
    const envelopes = drafts.map((draft) => this.envelopeOf(draft));
    await tx.$executeRawUnsafe(
      `INSERT INTO ${this.table} (event_id, topic, key, type, version, envelope)
       SELECT event_id, topic, key, type, version, envelope
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::jsonb[])
              WITH ORDINALITY AS appended(event_id, topic, key, type, version, envelope, position)
        ORDER BY position`,
      envelopes.map((envelope) => envelope.eventId),
      envelopes.map((envelope) => topicName(EVENTS[envelope.type].topic, this.options.topicPrefix)),
      envelopes.map((envelope) => envelope.key),
      envelopes.map((envelope) => envelope.type),
      envelopes.map((envelope) => envelope.version),
      envelopes.map((envelope) => JSON.stringify(envelope)),
    );
    const tracked = this.tracked.get(tx);
    for (const envelope of envelopes) tracked?.push({ type: envelope.type, eventId: envelope.eventId });
    return envelopes;
  }

  /** The envelope of a draft this service may produce, its payload validated. */
  private envelopeOf(draft: EventDraft<EventType>): AnyEventEnvelope {
    const definition = EVENTS[draft.type];
    if (!mayProduce(definition, this.options.producer)) {
      throw new Error(`${this.options.producer} may not produce ${draft.type}; its producer is ${producersOf(definition).join(', ')}`);
    }
    const payload = validatePayload(draft.type, draft.payload);
    return {
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
    } as AnyEventEnvelope;
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
