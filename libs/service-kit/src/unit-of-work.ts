import { Inject, Injectable } from '@nestjs/common';
import type { DatabaseClient, SqlClient } from '@ipledger/db';
import type { EventToken } from '@ipledger/contracts';
import { FAULT_POINTS, reachFaultPoint, type Outbox, type OutboxRelay } from '@ipledger/messaging';
import { AuditRecorder, auditStorage } from './audit-recorder';
import { addCommandEvents, commandEventTokens } from './command-events';
import { findIdempotencyClaim, IdempotencyRaceError, IdempotencyStore } from './idempotency-store';
import type { ServiceIdentity } from './service-identity';
import { OUTBOX, OUTBOX_RELAY, PRISMA, SERVICE_IDENTITY } from './tokens';

/**
 * Runs a command's reads, writes and outbox appends in one database transaction, then nudges
 * the outbox relay so the events leave at once instead of at the next poll. Run for an HTTP
 * command (a POST of the routes table), the transaction also appends the command's
 * CommandAudited record: the effect and its audit record commit together, or neither does; so
 * does its Idempotency-Key when it carries one (idempotency-store.ts). Once committed, the events
 * the command appended are added to its answer (IPledger-Events, command-events.ts) and stored
 * with its key, so a replay lists them too. Tx is the service's own transaction client type
 * (its services/<name>/src/database.ts): `private readonly unitOfWork: UnitOfWork<TransactionClient>`.
 */
/**
 * How long a command may wait for a pooled connection, and how long its transaction may run
 * (including waiting for row locks). Generous on purpose: commands that race on one row (approvals
 * on one fund's budget year) queue on its lock, and a queue of a few dozen must finish, not fail.
 */
export const CONNECTION_WAIT_MS = 30_000;
export const TRANSACTION_TIMEOUT_MS = 30_000;

@Injectable()
export class UnitOfWork<Tx extends SqlClient = SqlClient> {
  private readonly idempotency: IdempotencyStore;

  constructor(
    @Inject(PRISMA) private readonly prisma: DatabaseClient<Tx>,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    private readonly audit: AuditRecorder,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
  ) {
    this.idempotency = new IdempotencyStore(identity.schema);
  }

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const command = this.audit.commandInProgress();
    const claim = command ? findIdempotencyClaim(command.request) : undefined;
    const claimOpen = claim !== undefined && !claim.recorded;
    // The HTTP request this unit of work runs for, if any (event handlers have none).
    const request = auditStorage.getStore()?.request;
    if (command) command.pending = true;
    let audited = false;
    let caused: EventToken[] = [];
    try {
      const result = await this.prisma.$transaction(
        async (tx) => {
          const appended = this.outbox.track(tx);
          // The key first: a concurrent request with the same key waits here for the first to
          // commit, then finds the key taken and answers its response instead of running again.
          if (claimOpen && !(await this.idempotency.record(tx, claim, null, []))) throw new IdempotencyRaceError(claim);
          const value = await work(tx);
          caused = commandEventTokens(appended);
          if (claimOpen) await this.idempotency.updateBody(tx, claim, value, caused);
          if (command) audited = await this.audit.appendSucceeded(tx, command, value);
          return value;
        },
        { timeout: TRANSACTION_TIMEOUT_MS, maxWait: CONNECTION_WAIT_MS },
      );
      if (claimOpen) claim.recorded = true;
      if (command && audited) command.recorded = true;
      if (request) addCommandEvents(request, caused);
      reachFaultPoint(FAULT_POINTS.commandAfterCommit);
      this.relay.nudge();
      return result;
    } finally {
      if (command) command.pending = false;
    }
  }
}
