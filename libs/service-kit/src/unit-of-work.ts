import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient, TransactionClient } from '@ipledger/db';
import type { OutboxRelay } from '@ipledger/messaging';
import { AuditRecorder } from './audit-recorder';
import { OUTBOX_RELAY, PRISMA } from './tokens';

/**
 * Runs a command's reads, writes and outbox appends in one database transaction, then nudges
 * the outbox relay so the events leave at once instead of at the next poll. Run for an HTTP
 * command (a POST of the routes table), the transaction also appends the command's
 * CommandAudited record: the effect and its audit record commit together, or neither does.
 */
/**
 * How long a command may wait for a pooled connection, and how long its transaction may run
 * (including waiting for row locks). Generous on purpose: commands that race on one row (approvals
 * on one fund's budget year) queue on its lock, and a queue of a few dozen must finish, not fail.
 */
export const CONNECTION_WAIT_MS = 30_000;
export const TRANSACTION_TIMEOUT_MS = 30_000;

@Injectable()
export class UnitOfWork {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    private readonly audit: AuditRecorder,
  ) {}

  async run<T>(work: (tx: TransactionClient) => Promise<T>): Promise<T> {
    const command = this.audit.commandInProgress();
    if (command) command.pending = true;
    let audited = false;
    try {
      const result = await this.prisma.$transaction(
        async (tx) => {
          const value = await work(tx);
          if (command) audited = await this.audit.appendSucceeded(tx, command, value);
          return value;
        },
        { timeout: TRANSACTION_TIMEOUT_MS, maxWait: CONNECTION_WAIT_MS },
      );
      if (command && audited) command.recorded = true;
      this.relay.nudge();
      return result;
    } finally {
      if (command) command.pending = false;
    }
  }
}
