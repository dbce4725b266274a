// Where a command's Idempotency-Key and its answer are kept (`<schema>.idempotency_keys`).
//
// The key is written INSIDE the command's own transaction (UnitOfWork.run(ctx, work), which finds
// the claim in ctx.idempotency): the effect and the record that it happened commit together or
// not at all. So a process killed after the commit leaves a key that answers the retry, and a
// process killed before it leaves no key, so the retry runs the command (once). A claim that no
// unit of work stored (a command without one: the receipt's keyStored is false) is recorded after
// the answer: such commands are idempotent by themselves.
import type { Request } from 'express';
import { formatEventTokens, parseEventTokens, type EventToken } from '@ipledger/contracts';
import { quoteSchema, type SqlClient } from '@ipledger/messaging';

export interface IdempotencyClaim {
  orgId: string;
  key: string;
  requestHash: string;
  /** The route's success status: what a replay answers. */
  status: number;
}

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
  /** The events the command caused (its IPledger-Events), answered again on a replay. */
  events: EventToken[];
}

const CLAIM = Symbol('ipledger.idempotency-claim');
type RequestWithClaim = Request & { [CLAIM]?: IdempotencyClaim };

/** Called by IdempotencyInterceptor; the handler's context (`@Context()`) takes the claim from the request. */
export function attachIdempotencyClaim(request: Request, claim: IdempotencyClaim): void {
  (request as RequestWithClaim)[CLAIM] = claim;
}

export function findIdempotencyClaim(request: Request): IdempotencyClaim | undefined {
  return (request as RequestWithClaim)[CLAIM];
}

/** Thrown inside a unit of work when another request with the same key committed first. */
export class IdempotencyRaceError extends Error {
  constructor(readonly claim: IdempotencyClaim) {
    super(`Idempotency-Key ${claim.key} was used by a concurrent request that committed first`);
    this.name = 'IdempotencyRaceError';
  }
}

export class IdempotencyStore {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${quoteSchema(schema)}.idempotency_keys`;
  }

  async find(db: SqlClient, orgId: string, key: string): Promise<StoredAnswer | undefined> {
    const rows = await db.$queryRawUnsafe<
      { request_hash: string; response_status: number; response_body: unknown; response_events: string }[]
    >(
      `SELECT request_hash, response_status, response_body, response_events FROM ${this.table} WHERE actor_org_id = $1 AND key = $2`,
      orgId,
      key,
    );
    const row = rows[0];
    if (!row) return undefined;
    const events = parseEventTokens(row.response_events);
    return { requestHash: row.request_hash, status: row.response_status, body: row.response_body, events: events.ok ? events.tokens : [] };
  }

  /** Records the answer; false when the key was taken already (by a request that committed first). */
  async record(db: SqlClient, claim: IdempotencyClaim, body: unknown, events: readonly EventToken[]): Promise<boolean> {
    const inserted = await db.$executeRawUnsafe(
      `INSERT INTO ${this.table} (actor_org_id, key, request_hash, response_status, response_body, response_events)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6) ON CONFLICT DO NOTHING`,
      claim.orgId,
      claim.key,
      claim.requestHash,
      claim.status,
      JSON.stringify(body ?? null),
      formatEventTokens(events),
    );
    return inserted > 0;
  }

  /**
   * Replaces the recorded body with what was really sent (a controller may shape the unit of work's
   * value); with `events`, also the events the command caused (inside its unit of work).
   */
  async updateBody(db: SqlClient, claim: IdempotencyClaim, body: unknown, events?: readonly EventToken[]): Promise<void> {
    if (events !== undefined) {
      await db.$executeRawUnsafe(
        `UPDATE ${this.table} SET response_body = $3::jsonb, response_events = $4 WHERE actor_org_id = $1 AND key = $2`,
        claim.orgId,
        claim.key,
        JSON.stringify(body ?? null),
        formatEventTokens(events),
      );
      return;
    }
    await db.$executeRawUnsafe(
      `UPDATE ${this.table} SET response_body = $3::jsonb WHERE actor_org_id = $1 AND key = $2 AND response_body IS DISTINCT FROM $3::jsonb`,
      claim.orgId,
      claim.key,
      JSON.stringify(body ?? null),
    );
  }
}
