// What a command's units of work committed, and so what is left to do after its answer: the audit
// record (AuditInterceptor, the exception filter), the Idempotency-Key (IdempotencyInterceptor) and
// the answer's IPledger-Events (CommandEventsInterceptor). UnitOfWork.run(ctx, work) decides from
// the receipt what its transaction writes (commandWrites) and fills it in once it committed
// (noteCommitted); nothing else decides what is written.
import type { Request } from 'express';
import type { EventToken } from '@ipledger/contracts';
import type { AuditState } from './audit-state';
import type { IdempotencyClaim } from './idempotency-store';

export interface CommandReceipt {
  /** The command's CommandAudited record committed (with its effect, or alone after the answer). */
  audited: boolean;
  /** Its Idempotency-Key committed with its effect; the stored answer only has to be brought up to date. */
  keyStored: boolean;
  /** The events it appended (its IPledger-Events); on a replay, those of the first run. */
  events: EventToken[];
}

/** What a unit of work writes besides the command's effect. */
export interface CommandWrites {
  /** The key to store first, so a concurrent request with the same key waits for this one. */
  claim?: IdempotencyClaim;
  /** The 'succeeded' audit record to append after the effect. */
  audit?: AuditState;
}

export function emptyReceipt(): CommandReceipt {
  return { audited: false, keyStored: false, events: [] };
}

/**
 * The key and the audit record, each only once per command: a command that runs a second unit of
 * work finds them in its receipt and writes neither again. Only a POST of the routes table is audited here.
 */
export function commandWrites(command: { idempotency?: IdempotencyClaim; audit?: AuditState; receipt: CommandReceipt }): CommandWrites {
  const { idempotency, audit, receipt } = command;
  return {
    ...(idempotency !== undefined && !receipt.keyStored ? { claim: idempotency } : {}),
    ...(audit !== undefined && audit.route.method === 'POST' && !receipt.audited ? { audit } : {}),
  };
}

/** After the commit: what this unit of work wrote goes on the receipt. */
export function noteCommitted(
  receipt: CommandReceipt,
  committed: { keyStored: boolean; audited: boolean; events: readonly EventToken[] },
): void {
  if (committed.keyStored) receipt.keyStored = true;
  if (committed.audited) receipt.audited = true;
  receipt.events = [...receipt.events, ...committed.events];
}

const RECEIPT = Symbol('ipledger.command-receipt');
type RequestWithReceipt = Request & { [RECEIPT]?: CommandReceipt };

/** The request's receipt, created empty on first use: the handler's context and the interceptors share it. */
export function receiptOf(request: Request): CommandReceipt {
  const holder = request as RequestWithReceipt;
  holder[RECEIPT] ??= emptyReceipt();
  return holder[RECEIPT];
}
