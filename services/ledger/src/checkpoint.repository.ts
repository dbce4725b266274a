// The ledger.checkpoints table (append-only): the newest checkpoint, storing a new one (once per
// sequence, whichever instance signs first), and reading them in sequence order.
import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient, TransactionClient } from './database';
import type { Checkpoint } from '@ipledger/ledger-proof';
import { PRISMA } from '@ipledger/service-kit';

type CheckpointRow = Awaited<ReturnType<PrismaClient['ledgerCheckpoint']['findUniqueOrThrow']>>;

export function toCheckpoint(row: CheckpointRow): Checkpoint {
  return { sequence: row.sequence, hash: row.hash, signedAt: row.signedAt.toISOString(), keyId: row.keyId, signature: row.signature };
}

@Injectable()
export class CheckpointRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async latest(db: TransactionClient = this.prisma): Promise<Checkpoint | null> {
    const row = await db.ledgerCheckpoint.findFirst({ orderBy: { sequence: 'desc' } });
    return row === null ? null : toCheckpoint(row);
  }

  /** Stores `checkpoint` unless one for its sequence exists (another instance signed first): true when stored. */
  async insert(checkpoint: Checkpoint): Promise<boolean> {
    const inserted = await this.prisma.$executeRawUnsafe(
      `INSERT INTO ledger.checkpoints (sequence, hash, signed_at, key_id, signature)
       VALUES ($1::bigint, $2, $3::timestamptz, $4, $5)
       ON CONFLICT (sequence) DO NOTHING`,
      checkpoint.sequence.toString(),
      checkpoint.hash,
      checkpoint.signedAt,
      checkpoint.keyId,
      checkpoint.signature,
    );
    return inserted === 1;
  }

  /** Checkpoints after `afterSequence` (up to `throughSequence`), in sequence order. */
  async list(
    options: { afterSequence: bigint; throughSequence?: bigint; limit: number },
    db: TransactionClient = this.prisma,
  ): Promise<Checkpoint[]> {
    const rows = await db.ledgerCheckpoint.findMany({
      where: {
        sequence: { gt: options.afterSequence, ...(options.throughSequence === undefined ? {} : { lte: options.throughSequence }) },
      },
      orderBy: { sequence: 'asc' },
      take: options.limit,
    });
    return rows.map(toCheckpoint);
  }
}
