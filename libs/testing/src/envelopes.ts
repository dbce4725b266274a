// Envelopes for tests that hand events to a consumer: a catalogue event of `type` around `payload`,
// in the type's current version (or an earlier one still read, `version`), keyed by the payload's key field, stated by the type's (first)
// producer, with a fresh event id and the current time unless a field says otherwise.
import { randomUUID } from 'node:crypto';
import { EVENTS, producersOf, type EventEnvelope, type EventType, type PayloadOf } from '@ipledger/contracts';

export type TestEnvelopeFields<T extends EventType> = Partial<
  Pick<EventEnvelope<T>, 'eventId' | 'occurredAt' | 'key' | 'correlationId' | 'producer' | 'actor' | 'version'>
>;

const TEST_ACTOR = { orgId: 'ipledger-test', role: 'system', userId: null } as const;

export function testEnvelope<T extends EventType>(type: T, payload: PayloadOf<T>, fields: TestEnvelopeFields<T> = {}): EventEnvelope<T> {
  const definition = EVENTS[type];
  const key = fields.key ?? ((payload as Record<string, unknown>)[definition.keyField] as string);
  return {
    eventId: fields.eventId ?? randomUUID(),
    type,
    version: fields.version ?? definition.version,
    occurredAt: fields.occurredAt ?? new Date().toISOString(),
    key,
    correlationId: fields.correlationId ?? `corr-${key}`,
    causationId: null,
    producer: fields.producer ?? producersOf(definition)[0],
    actor: fields.actor ?? TEST_ACTOR,
    payload,
  } as EventEnvelope<T>;
}
