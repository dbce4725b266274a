// Which route of the routes table a request is, worked out once per request by AuditRecorder.stateOf
// and kept on the request, so the handler's context (request-context.ts) hands the same state to the
// unit of work that writes the command's audit record.
import type { Request } from 'express';
import type { HttpRoute } from '@ipledger/contracts';

/** What the audit trail knows of one request of the routes table. */
export interface AuditState {
  request: Request;
  route: HttpRoute;
  /** Path parameter values in the order of the route template. */
  params: string[];
}

const STATE = Symbol('ipledger.audit-state');
type RequestWithAudit = Request & { [STATE]?: AuditState | null };

/** The state worked out for this request: undefined when not worked out yet, null when it is no route of the table. */
export function knownAuditState(request: Request): AuditState | null | undefined {
  return (request as RequestWithAudit)[STATE];
}

export function rememberAuditState(request: Request, state: AuditState | null): void {
  (request as RequestWithAudit)[STATE] = state;
}

/** The request's audit state, if AuditRecorder.stateOf found it to be a route of the table. */
export function findAuditState(request: Request): AuditState | undefined {
  return knownAuditState(request) ?? undefined;
}
