// What every handler knows about the request: who acts (organisation, role, user) and the ids
// that follow it into every event it causes; for a command also its Idempotency-Key claim, its
// audit record and its receipt (command-context.ts).
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { HEADERS, type Actor } from '@ipledger/contracts';
import { findAuditState } from './audit-state';
import { causeOfRequest, type CommandContext } from './command-context';
import { receiptOf } from './command-receipt';
import { UnauthenticatedError } from './errors';
import { findIdempotencyClaim } from './idempotency-store';

const SafeId = /^[A-Za-z0-9._:-]{1,128}$/;

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const IDS = Symbol('ipledger.request-ids');
type RequestWithIds = Request & { [IDS]?: { correlationId: string; requestId: string } };

/**
 * The request's id and correlation id: the caller's when well-formed, else a new UUID. Decided
 * once per request, so the handler's events, the error body and the audit record agree.
 */
export function requestIds(request: Request): { correlationId: string; requestId: string } {
  const known = (request as RequestWithIds)[IDS];
  if (known) return known;
  const requestId = header(request, HEADERS.requestId);
  const correlationId = header(request, HEADERS.correlationId);
  const safeRequestId = requestId && SafeId.test(requestId) ? requestId : randomUUID();
  const ids = { requestId: safeRequestId, correlationId: correlationId && SafeId.test(correlationId) ? correlationId : safeRequestId };
  (request as RequestWithIds)[IDS] = ids;
  return ids;
}

const ACTOR = Symbol('ipledger.actor');
type RequestWithActor = Request & { [ACTOR]?: Actor };

/** Called by the authentication guard once the bearer token checked out. */
export function attachActor(request: Request, actor: Actor): void {
  (request as RequestWithActor)[ACTOR] = actor;
}

/** The actor the bearer token named, if the request passed authentication. */
export function findActor(request: Request): Actor | undefined {
  return (request as RequestWithActor)[ACTOR];
}

/** The actor the bearer token named; only routes that passed authentication have one. */
export function readActor(request: Request): Actor {
  const actor = (request as RequestWithActor)[ACTOR];
  if (actor === undefined) throw new UnauthenticatedError('this route needs a bearer token');
  return actor;
}

/**
 * The handler's context: `@Context() ctx: RequestContext` on a read, `@Context() ctx: CommandContext`
 * on a command. Nest resolves handler parameters after the interceptors ran, so the audit state
 * (AuditInterceptor) and the Idempotency-Key claim (IdempotencyInterceptor) are there to take.
 */
export function commandContextOf(request: Request): CommandContext {
  const actor = readActor(request);
  const { requestId, correlationId } = requestIds(request);
  const idempotency = findIdempotencyClaim(request);
  const audit = findAuditState(request);
  return {
    actor,
    requestId,
    correlationId,
    cause: causeOfRequest({ actor, requestId, correlationId }),
    ...(idempotency === undefined ? {} : { idempotency }),
    ...(audit === undefined ? {} : { audit }),
    receipt: receiptOf(request),
  };
}

export const Context = createParamDecorator((_data: unknown, ctx: ExecutionContext): CommandContext => {
  return commandContextOf(ctx.switchToHttp().getRequest<Request>());
});
