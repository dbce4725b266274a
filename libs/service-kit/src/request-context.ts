// What every handler knows about the request: who acts (organisation, role, user) and the ids
// that follow it into every event it causes.
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Actor, HEADERS, type FieldIssue } from '@ipledger/contracts';
import { MissingActorError } from './errors';
import { zodIssuesToFieldIssues } from './field-issues';

export interface RequestContext {
  actor: Actor;
  correlationId: string;
  requestId: string;
}

const ActorHeaders = z.object({
  [HEADERS.actorOrg]: Actor.shape.orgId,
  [HEADERS.actorRole]: Actor.shape.role,
  [HEADERS.actorUser]: z.string().min(1).max(128).optional(),
});

const SafeId = /^[A-Za-z0-9._:-]{1,128}$/;

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function requestIds(request: Request): { correlationId: string; requestId: string } {
  const requestId = header(request, HEADERS.requestId);
  const correlationId = header(request, HEADERS.correlationId);
  const safeRequestId = requestId && SafeId.test(requestId) ? requestId : randomUUID();
  return { requestId: safeRequestId, correlationId: correlationId && SafeId.test(correlationId) ? correlationId : safeRequestId };
}

export function readActor(request: Request): Actor {
  const parsed = ActorHeaders.safeParse({
    [HEADERS.actorOrg]: header(request, HEADERS.actorOrg),
    [HEADERS.actorRole]: header(request, HEADERS.actorRole),
    [HEADERS.actorUser]: header(request, HEADERS.actorUser),
  });
  if (!parsed.success) {
    const details: FieldIssue[] = zodIssuesToFieldIssues(parsed.error).map((issue) => ({
      field: `header ${issue.field}`,
      rule: issue.rule,
    }));
    throw new MissingActorError(details);
  }
  return {
    orgId: parsed.data[HEADERS.actorOrg],
    role: parsed.data[HEADERS.actorRole],
    userId: parsed.data[HEADERS.actorUser] ?? null,
  };
}

/** The acting organisation, role and user plus correlation ids: `@Context() ctx: RequestContext`. */
export const Context = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestContext => {
  const request = ctx.switchToHttp().getRequest<Request>();
  return { actor: readActor(request), ...requestIds(request) };
});
