import { z } from 'zod';
import { Actor, Timestamp } from './primitives';
import { SERVICE_NAMES } from './services';

/**
 * Every event on every topic is this envelope, serialised as JSON. `key` is the aggregate id
 * (pledge, loan, ...) and is also the Kafka message key, so one aggregate's events stay ordered.
 * `correlationId` follows a request through every event it causes; `causationId` is the id of
 * the event (or request) that directly caused this one.
 */
export const EventEnvelopeSchema = z.object({
  eventId: z.uuid(),
  type: z.string().min(1).max(100),
  version: z.number().int().positive(),
  occurredAt: Timestamp,
  key: z.string().min(1).max(200),
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  producer: z.enum(SERVICE_NAMES),
  actor: Actor,
  payload: z.unknown(),
});
export type RawEventEnvelope = z.infer<typeof EventEnvelopeSchema>;
