// The audit trail's producing half: every command a service answers (any POST of the routes
// table, allowed or not), every denied request (401/403 on any route) and every 404 on a read
// (a bank probing another bank's ids meets the tenant checks' 404) becomes one CommandAudited
// event in the service's outbox. Its id is generated here (never the caller's x-request-id, which
// is kept as requestId); it carries the source address (trusted proxies only, client-address.ts)
// and the user agent.
//
// Where it is written:
// - a command that succeeded through UnitOfWork.run(ctx, work): inside that transaction, so the
//   effect and its audit record commit together (the handler's CommandContext carries the audit
//   state, and its receipt says the record committed);
// - anything else (a success without a unit of work such as a login or an idempotent replay, and
//   every error, recorded by the exception filter): in a short transaction of its own, unless the
//   request's receipt says it is audited already.
// Recording never turns an answer into an error: a failed append is logged and the answer sent.
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import {
  CommandAuditedV1,
  HTTP_ROUTES,
  type Actor,
  type AuditActor,
  type AuditOutcome,
  type HttpRoute,
  type PayloadOf,
} from '@ipledger/contracts';
import type { DatabaseClient } from '@ipledger/db';
import type { EventDraft, Outbox, OutboxRelay, SqlClient } from '@ipledger/messaging';
import { knownAuditState, rememberAuditState, type AuditState } from './audit-state';
import { sourceAddressOf } from './client-address';
import { receiptOf, type CommandReceipt } from './command-receipt';
import { newId } from './ids';
import type { Logger } from './logging';
import { findActor, requestIds } from './request-context';
import type { ServiceIdentity } from './service-identity';
import { LOGGER, OUTBOX, OUTBOX_RELAY, PRISMA, SERVICE_IDENTITY } from './tokens';
import { CONNECTION_WAIT_MS, TRANSACTION_TIMEOUT_MS } from './transaction-waits';

export type { AuditState } from './audit-state';

interface CompiledRoute {
  route: HttpRoute;
  pattern: RegExp;
}

const REASON_MAX = 500;
const TARGET_MAX = 200;
const USER_MAX = 128;
const USER_AGENT_MAX = 300;
/** Ids of things a command created (pl_…, ln_…): the only values taken from a response body. */
const CREATED_ID = /^[a-z]{2,4}_[0-9a-f]{32}$/;

export function outcomeOf(status: number): AuditOutcome {
  if (status === 401 || status === 403) return 'denied';
  if (status >= 500) return 'failed';
  if (status >= 400) return 'refused';
  return 'succeeded';
}

/**
 * Which answers are recorded: every POST whatever its outcome; a GET when denied (401/403) or
 * answered 404: tenant checks answer another organisation's ids with 404, so a cross-bank probe is
 * on the record even though it learns nothing. Allowed reads and other refused reads (a bad query)
 * are not recorded.
 */
export function isAudited(route: HttpRoute, status: number): boolean {
  return route.method === 'POST' || outcomeOf(status) === 'denied' || status === 404;
}

/**
 * Whether an answer is still to be recorded in a transaction of its own: when its route and status
 * are audited and no record of the request committed yet (the receipt of its unit of work).
 */
export function isLeftToRecord(route: HttpRoute, status: number, receipt: Pick<CommandReceipt, 'audited'>): boolean {
  return !receipt.audited && isAudited(route, status);
}

function compile(route: HttpRoute): CompiledRoute {
  const source = route.path
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { route, pattern: new RegExp(`^${source}/?$`) };
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** The User-Agent header as sent (control characters dropped), shortened; null when absent. */
function userAgentOf(request: Request): string | null {
  const header = request.headers['user-agent'];
  // eslint-disable-next-line no-control-regex
  const value = (Array.isArray(header) ? header[0] : header)?.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return value === undefined || value.length === 0 ? null : clip(value, USER_AGENT_MAX);
}

@Injectable()
export class AuditRecorder {
  private readonly routes: CompiledRoute[];
  private readonly systemActor: Actor;

  constructor(
    @Inject(PRISMA) private readonly prisma: DatabaseClient,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // Literal routes before templated ones, so /api/policies/presets is not /api/policies/{policyId}.
    this.routes = HTTP_ROUTES.filter((route) => route.service === identity.service)
      .map(compile)
      .sort((a, b) => (a.route.path.match(/\{/g)?.length ?? 0) - (b.route.path.match(/\{/g)?.length ?? 0));
    this.systemActor = { orgId: `ipledger-${identity.service}`, role: 'system', userId: null };
  }

  /** The audit state of a request to one of this service's routes; undefined for anything else (health, unknown paths). */
  stateOf(request: Request): AuditState | undefined {
    const known = knownAuditState(request);
    if (known !== undefined) return known ?? undefined;
    const method = request.method.toUpperCase();
    let state: AuditState | null = null;
    for (const { route, pattern } of this.routes) {
      if (route.method !== method) continue;
      const match = pattern.exec(request.path);
      if (match) {
        state = { request, route, params: match.slice(1).map(decode) };
        break;
      }
    }
    rememberAuditState(request, state);
    return state ?? undefined;
  }

  /**
   * Inside a command's transaction, after its work succeeded: appends the 'succeeded' record. A
   * record that cannot be built is logged and left to the after-answer path, never thrown.
   */
  async appendSucceeded(tx: SqlClient, state: AuditState, result: unknown): Promise<boolean> {
    const draft = this.draft(state, state.route.successStatus, null, result);
    if (!draft) return false;
    await this.outbox.append(tx, draft);
    return true;
  }

  /** After a successful answer: records it unless its unit of work already did (the receipt says so) or it is not audited. */
  async recordAnswer(request: Request, body: unknown): Promise<void> {
    const state = this.stateOf(request);
    if (!state || !isLeftToRecord(state.route, state.route.successStatus, receiptOf(request))) return;
    await this.recordAlone(state, state.route.successStatus, null, body);
  }

  /** After an error answer (the exception filter): records it when the route and status are audited and no record committed yet. */
  async recordError(request: Request, error: { status: number; code: string; message: string }): Promise<void> {
    const state = this.stateOf(request);
    if (!state || !isLeftToRecord(state.route, error.status, receiptOf(request))) return;
    await this.recordAlone(state, error.status, `${error.code}: ${error.message}`, undefined);
  }

  private async recordAlone(state: AuditState, status: number, reason: string | null, body: unknown): Promise<void> {
    const draft = this.draft(state, status, reason, body);
    if (!draft) return;
    try {
      // Waits as a command does (transaction-waits.ts): under load, Prisma's defaults lost records.
      await this.prisma.$transaction((tx) => this.outbox.append(tx, draft), {
        maxWait: CONNECTION_WAIT_MS,
        timeout: TRANSACTION_TIMEOUT_MS,
      });
      receiptOf(state.request).audited = true;
      this.relay.nudge();
    } catch (error) {
      this.logger.error({ err: error, requestId: draft.payload.requestId, path: draft.payload.path }, 'could not record the audit entry');
    }
  }

  private draft(state: AuditState, status: number, reason: string | null, result: unknown): EventDraft<'CommandAudited'> | undefined {
    const { request, route, params } = state;
    const actor = findActor(request);
    const { requestId, correlationId } = requestIds(request);
    const created = (result as { id?: unknown } | null | undefined)?.id;
    const firstParam = params[0];
    const targetId =
      firstParam !== undefined && firstParam.length > 0
        ? clip(firstParam, TARGET_MAX)
        : outcomeOf(status) === 'succeeded' && typeof created === 'string' && CREATED_ID.test(created)
          ? created
          : null;
    const payload: PayloadOf<'CommandAudited'> = {
      auditId: newId('audit'),
      at: new Date().toISOString(),
      service: this.identity.service,
      method: route.method,
      path: route.path,
      targetId,
      actor: actor ? { orgId: actor.orgId, role: actor.role, userId: actor.userId } : this.attemptedBy(state),
      requestId,
      correlationId,
      outcome: outcomeOf(status),
      status,
      reason: reason === null ? null : clip(reason, REASON_MAX),
      sourceAddress: clip(sourceAddressOf(request), 64),
      userAgent: userAgentOf(request),
    };
    const checked = CommandAuditedV1.safeParse(payload);
    if (!checked.success) {
      this.logger.error(
        { issues: checked.error.issues, requestId, path: route.path },
        'audit entry does not fit its contract; not recorded',
      );
      return undefined;
    }
    return { type: 'CommandAudited', payload: checked.data, actor: actor ?? this.systemActor, correlationId, causationId: requestId };
  }

  /** On the public login routes the actor is the username (or client id) attempted; never anything else of the body. */
  private attemptedBy(state: AuditState): AuditActor {
    if (!state.route.public) return { orgId: null, role: null, userId: null };
    const body = (state.request.body ?? {}) as { username?: unknown; clientId?: unknown };
    const attempted = typeof body.username === 'string' ? body.username : typeof body.clientId === 'string' ? body.clientId : undefined;
    return { orgId: null, role: null, userId: attempted !== undefined && attempted.length > 0 ? clip(attempted, USER_MAX) : null };
  }
}
