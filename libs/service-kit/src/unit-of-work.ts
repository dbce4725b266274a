import { Inject, Injectable } from '@nestjs/common';
import type { DatabaseClient, SqlClient } from '@ipledger/db';
import type { EventToken } from '@ipledger/contracts';
import { FAULT_POINTS, reachFaultPoint, type AppendedEvent, type Outbox, type OutboxRelay } from '@ipledger/messaging';
import { AuditRecorder } from './audit-recorder';
import type { CommandContext } from './command-context';
import { commandEventTokens } from './command-events';
import { commandWrites, noteCommitted } from './command-receipt';
import { IdempotencyRaceError, IdempotencyStore } from './idempotency-store';
import type { ServiceIdentity } from './service-identity';
import { CONNECTION_WAIT_MS, TRANSACTION_TIMEOUT_MS } from './transaction-waits';
import { OUTBOX, OUTBOX_RELAY, PRISMA, SERVICE_IDENTITY } from './tokens';

/**
 * Runs a command's reads, writes and outbox appends in one database transaction, then nudges
 * the outbox relay so the events leave at once instead of at the next poll.
 *
 * `run(ctx, work)` is for an HTTP command: its context (`@Context() ctx: CommandContext`) names
 * the Idempotency-Key claim and the audit record, and the transaction writes them with the effect:
 * the key first, then the work, then the answer with the key and the 'succeeded' CommandAudited
 * record. The effect, its key and its audit record commit together, or none does. Once committed,
 * the receipt (ctx.receipt, command-receipt.ts) says so, and lists the events the command appended
 * (its IPledger-Events, command-events.ts, also stored with the key so a replay lists them too);
 * the interceptors and the exception filter read the receipt afterwards and write nothing twice.
 *
 * `runJob(work)` is for work that is no HTTP command (a startup job): no audit record, no key.
 *
 * Tx is the service's own transaction client type (its services/<name>/src/database.ts):
 * `private readonly unitOfWork: UnitOfWork<TransactionClient>`.
 */
@Injectable()
export class UnitOfWork<Tx extends SqlClient = SqlClient> {
  private readonly idempotency: IdempotencyStore;
  /** Commands whose unit of work is running: a second one inside it would wait for its own key's lock. */
  private readonly running = new WeakSet<CommandContext>();

  constructor(
    @Inject(PRISMA) private readonly prisma: DatabaseClient<Tx>,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    private readonly audit: AuditRecorder,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
  ) {
    this.idempotency = new IdempotencyStore(identity.schema);
  }

  /** A command: its key, its effect, its events and its audit record in one transaction. */
  async run<T>(ctx: CommandContext, work: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.running.has(ctx)) throw new Error(`request ${ctx.requestId}: a unit of work is already running for this command`);
    const { claim, audit } = commandWrites(ctx);
    this.running.add(ctx);
    try {
      let audited = false;
      let events: EventToken[] = [];
      const result = await this.transact(async (tx, appended) => {
        // The key first: a concurrent request with the same key waits here for the first to
        // commit, then finds the key taken and answers its response instead of running again.
        if (claim && !(await this.idempotency.record(tx, claim, null, []))) throw new IdempotencyRaceError(claim);
        const value = await work(tx);
        events = commandEventTokens(appended);
        if (claim) await this.idempotency.updateBody(tx, claim, value, events);
        if (audit) audited = await this.audit.appendSucceeded(tx, audit, value);
        return value;
      });
      noteCommitted(ctx.receipt, { keyStored: claim !== undefined, audited, events });
      return this.committed(result);
    } finally {
      this.running.delete(ctx);
    }
  }

  /** Work that is no HTTP command (a startup job): its writes and events in one transaction, no audit record, no key. */
  async runJob<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.committed(await this.transact((tx) => work(tx)));
  }

  private transact<T>(work: (tx: Tx, appended: readonly AppendedEvent[]) => Promise<T>): Promise<T> {
    return this.prisma.$transaction((tx) => work(tx, this.outbox.track(tx)), {
      timeout: TRANSACTION_TIMEOUT_MS,
      maxWait: CONNECTION_WAIT_MS,
    });
  }

  private committed<T>(result: T): T {
    reachFaultPoint(FAULT_POINTS.commandAfterCommit);
    this.relay.nudge();
    return result;
  }
}
