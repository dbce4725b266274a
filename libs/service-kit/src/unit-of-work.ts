import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient, TransactionClient } from '@ipledger/db';
import type { OutboxRelay } from '@ipledger/messaging';
import { OUTBOX_RELAY, PRISMA } from './tokens';

/**
 * Runs a command's reads, writes and outbox appends in one database transaction, then nudges
 * the outbox relay so the events leave at once instead of at the next poll.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (tx: TransactionClient) => Promise<T>): Promise<T> {
    const result = await this.prisma.$transaction((tx) => work(tx), { timeout: 15_000, maxWait: 10_000 });
    this.relay.nudge();
    return result;
  }
}
