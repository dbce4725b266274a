// The audit trail's hash chain in the database: linking an entry at the head (gap-free, under the
// head row's lock), linking entries stored before the chain existed, the checkpoints, and reading
// the chain in sequence order for the export.
import { Inject, Injectable } from '@nestjs/common';
import { chainAuditEntry, type ChainedAuditEntry, type HashedAuditEntry } from '@ipledger/audit-proof';
import type { PrismaClient, TransactionClient } from './database';
import type { Checkpoint } from '@ipledger/ledger-proof';
import { PRISMA } from '@ipledger/service-kit';

export type EntryRow = Awaited<ReturnType<PrismaClient['auditEntry']['findUniqueOrThrow']>>;
type CheckpointRow = Awaited<ReturnType<PrismaClient['auditCheckpoint']['findUniqueOrThrow']>>;

interface ChainedLink {
  sequence: bigint;
  auditId: string;
  previousHash: string;
  hash: string;
}

export interface ChainHead {
  sequence: bigint;
  hash: string;
}

/** What the hash covers, from a stored entry (without its sequence). */
export function hashedContent(row: EntryRow): Omit<HashedAuditEntry, 'sequence'> {
  return {
    auditId: row.auditId,
    eventId: row.eventId,
    at: row.at.toISOString(),
    service: row.service,
    method: row.method,
    path: row.path,
    targetId: row.targetId,
    actorOrgId: row.actorOrgId,
    actorRole: row.actorRole,
    actorUserId: row.actorUserId,
    requestId: row.requestId,
    correlationId: row.correlationId,
    outcome: row.outcome,
    status: row.status,
    reason: row.reason,
    sourceAddress: row.sourceAddress,
    userAgent: row.userAgent,
    recordedAt: row.recordedAt.toISOString(),
  };
}

function toCheckpoint(row: CheckpointRow): Checkpoint {
  return { sequence: row.sequence, hash: row.hash, signedAt: row.signedAt.toISOString(), keyId: row.keyId, signature: row.signature };
}

/** How many older entries are linked per transaction on start. */
const BACKLOG_BATCH = 500;

@Injectable()
export class AuditChainRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  private async lockHead(tx: TransactionClient): Promise<ChainHead> {
    const [head] = await tx.$queryRaw<
      { sequence: bigint; hash: string }[]
    >`SELECT sequence, hash FROM audit.chain_head WHERE id = 1 FOR UPDATE`;
    if (head === undefined) throw new Error('audit.chain_head has no row: the migration did not run');
    return head;
  }

  /** The links of `rows` after `head`, in order, and the head they leave. */
  private chainAfter(head: ChainHead, rows: readonly EntryRow[]): { links: ChainedLink[]; head: ChainHead } {
    const links: ChainedLink[] = [];
    let last = head;
    for (const row of rows) {
      const linked = chainAuditEntry(last, hashedContent(row));
      links.push({ sequence: linked.sequence, auditId: linked.auditId, previousHash: linked.previousHash, hash: linked.hash });
      last = { sequence: linked.sequence, hash: linked.hash };
    }
    return { links, head: last };
  }

  /** Links `rows` after the locked head and moves the head past them: one insert, one update. */
  private async append(tx: TransactionClient, head: ChainHead, rows: readonly EntryRow[]): Promise<void> {
    if (rows.length === 0) return;
    const chained = this.chainAfter(head, rows);
    await tx.auditChainLink.createMany({ data: chained.links });
    await this.moveHead(tx, chained.head);
  }

  private async moveHead(tx: TransactionClient, head: ChainHead): Promise<void> {
    await tx.auditChainHead.update({ where: { id: 1 }, data: { sequence: head.sequence, hash: head.hash } });
  }

  /** Links just-stored entries at the head, in their order, in the caller's transaction: entries and links commit together. */
  async linkAll(tx: TransactionClient, rows: readonly EntryRow[]): Promise<void> {
    await this.append(tx, await this.lockHead(tx), rows);
  }

  /** Links entries that have no link yet (stored before the chain existed), oldest first; how many. */
  async linkBacklog(): Promise<number> {
    let total = 0;
    for (;;) {
      const linked = await this.prisma.$transaction(
        async (tx) => {
          const head = await this.lockHead(tx);
          const rows = await tx.auditEntry.findMany({
            where: { link: null },
            orderBy: [{ recordedAt: 'asc' }, { auditId: 'asc' }],
            take: BACKLOG_BATCH,
          });
          await this.append(tx, head, rows);
          return rows.length;
        },
        { timeout: 60_000, maxWait: 10_000 },
      );
      total += linked;
      if (linked < BACKLOG_BATCH) return total;
    }
  }

  async head(): Promise<ChainHead> {
    return this.prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 }, select: { sequence: true, hash: true } });
  }

  async latestCheckpoint(): Promise<Checkpoint | null> {
    const row = await this.prisma.auditCheckpoint.findFirst({ orderBy: { sequence: 'desc' } });
    return row === null ? null : toCheckpoint(row);
  }

  /** Stores `checkpoint` unless one for its sequence exists (another instance signed first). */
  async insertCheckpoint(checkpoint: Checkpoint): Promise<void> {
    await this.prisma.auditCheckpoint.createMany({
      data: [
        {
          sequence: checkpoint.sequence,
          hash: checkpoint.hash,
          signedAt: new Date(checkpoint.signedAt),
          keyId: checkpoint.keyId,
          signature: checkpoint.signature,
        },
      ],
      skipDuplicates: true,
    });
  }

  /**
   * Chained entries with sequence in (after, through], in order, at most `limit` links: each link
   * with the entry as stored, or null when the entry row is gone (removed behind the database's back).
   */
  async chained(
    after: bigint,
    through: bigint,
    limit: number,
  ): Promise<{ sequence: bigint; auditId: string; entry: ChainedAuditEntry | null }[]> {
    const links = await this.prisma.auditChainLink.findMany({
      where: { sequence: { gt: after, lte: through } },
      orderBy: { sequence: 'asc' },
      take: limit,
    });
    const rows = await this.prisma.auditEntry.findMany({ where: { auditId: { in: links.map((link) => link.auditId) } } });
    const byId = new Map(rows.map((row) => [row.auditId, row]));
    return links.map((link) => {
      const row = byId.get(link.auditId);
      return {
        sequence: link.sequence,
        auditId: link.auditId,
        entry:
          row === undefined ? null : { ...hashedContent(row), sequence: link.sequence, previousHash: link.previousHash, hash: link.hash },
      };
    });
  }

  async checkpoints(through: bigint): Promise<Checkpoint[]> {
    const rows = await this.prisma.auditCheckpoint.findMany({ where: { sequence: { lte: through } }, orderBy: { sequence: 'asc' } });
    return rows.map(toCheckpoint);
  }
}
