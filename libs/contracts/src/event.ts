// Typed events, and the one parser every consumer uses: raw bytes in, a validated envelope or a
// reason (for the dead-letter topic) out.
import { z } from 'zod';
import { EventEnvelopeSchema, type RawEventEnvelope } from './envelope';
import { EVENTS, findEventDefinition, mayProduce, producersOf, type EventType, type PayloadOf } from './catalogue';

export type EventEnvelope<T extends EventType = EventType> = Omit<RawEventEnvelope, 'type' | 'payload'> & {
  type: T;
  payload: PayloadOf<T>;
};

export type AnyEventEnvelope = { [T in EventType]: EventEnvelope<T> }[EventType];

export type EventRejection =
  'malformed-json' | 'invalid-envelope' | 'unknown-event' | 'invalid-payload' | 'key-mismatch' | 'wrong-producer';

export type ParsedEvent = { ok: true; event: AnyEventEnvelope } | { ok: false; reason: EventRejection; message: string };

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

export function parseEvent(raw: string): ParsedEvent {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: 'malformed-json', message: `not JSON: ${(error as Error).message}` };
  }
  const envelope = EventEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { ok: false, reason: 'invalid-envelope', message: describeIssues(envelope.error) };
  }
  const { type, version, producer, key } = envelope.data;
  const definition = findEventDefinition(type, version);
  if (!definition) {
    return { ok: false, reason: 'unknown-event', message: `no event ${type} version ${version} in the catalogue` };
  }
  if (!mayProduce(definition, producer)) {
    return {
      ok: false,
      reason: 'wrong-producer',
      message: `${type} is produced only by ${producersOf(definition).join(', ')}, not ${producer}`,
    };
  }
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success) {
    return { ok: false, reason: 'invalid-payload', message: describeIssues(payload.error) };
  }
  const expectedKey = (payload.data as Record<string, unknown>)[definition.keyField];
  if (expectedKey !== key) {
    return { ok: false, reason: 'key-mismatch', message: `key ${key} differs from payload.${definition.keyField} ${String(expectedKey)}` };
  }
  return { ok: true, event: { ...envelope.data, payload: payload.data } as AnyEventEnvelope };
}

/** The current version of a type, for producers. */
export function currentVersion(type: EventType): number {
  return EVENTS[type].version;
}

/** Validates a payload against its current schema; producers call this before writing the outbox. */
export function validatePayload<T extends EventType>(type: T, payload: PayloadOf<T>): PayloadOf<T> {
  return EVENTS[type].payload.parse(payload) as PayloadOf<T>;
}

export function keyOf<T extends EventType>(type: T, payload: PayloadOf<T>): string {
  const value = (payload as Record<string, unknown>)[EVENTS[type].keyField];
  if (typeof value !== 'string') throw new Error(`${type} payload has no ${EVENTS[type].keyField}`);
  return value;
}
