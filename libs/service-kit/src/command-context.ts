// What a command handler is handed, explicitly: who acts, the cause its events and transition rows
// carry, the Idempotency-Key claim the request made, the audit record to write with its effect,
// and the receipt the unit of work fills in once it committed. Built per request by `@Context()`
// (request-context.ts) from what the guards and interceptors attached; UnitOfWork.run(ctx, work)
// takes it, so the call site shows that the command is audited and keyed in its transaction.
import type { Actor } from '@ipledger/contracts';
import type { AuditState } from './audit-state';
import type { CommandReceipt } from './command-receipt';
import type { IdempotencyClaim } from './idempotency-store';

/**
 * Who and why of an event draft or a transition row: spread it into an append,
 * `outbox.append(tx, { type, payload, ...ctx.cause })`. A command's cause is its request; an event
 * handler's is the event it handles (causeOfEvent).
 */
export interface EventCause {
  actor: Actor;
  correlationId: string;
  /** The request id (a command) or the event id (an event handler); null when nothing caused it (a startup job). */
  causationId: string | null;
}

/** What every handler knows about the request: who acts and the ids that follow it into every event it causes. */
export interface RequestContext {
  actor: Actor;
  correlationId: string;
  requestId: string;
}

export interface CommandContext extends RequestContext {
  /** The cause of the events the command writes: `{ actor, correlationId, causationId: requestId }`. */
  readonly cause: EventCause;
  /** Set when the request carried an Idempotency-Key (IdempotencyInterceptor). */
  readonly idempotency?: IdempotencyClaim;
  /** The audit record the unit of work writes with the effect (AuditRecorder.stateOf); absent outside the routes table. */
  readonly audit?: AuditState;
  readonly receipt: CommandReceipt;
}

/** The cause of what an event handler writes: the event it handles, acted by the service itself. */
export function causeOfEvent(envelope: { eventId: string; correlationId: string }, actor: Actor): EventCause {
  return { actor, correlationId: envelope.correlationId, causationId: envelope.eventId };
}

/** The cause of what a command writes: its request. */
export function causeOfRequest(ctx: RequestContext): EventCause {
  return { actor: ctx.actor, correlationId: ctx.correlationId, causationId: ctx.requestId };
}
