import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntryResponse, ListAuditQuery, PayloadOf } from '@ipledger/contracts';
import type { PrismaClient, TransactionClient } from './database';
import { PRISMA } from '@ipledger/service-kit';
import { AuditChainRepository } from './audit-chain.repository';

type AuditEntryRow = Awaited<ReturnType<PrismaClient['auditEntry']['findUniqueOrThrow']>> & { link?: { sequence: bigint } | null };

export function toAuditEntryResponse(row: AuditEntryRow): AuditEntryResponse {
  return {
    auditId: row.auditId,
    at: row.at.toISOString(),
    service: row.service as AuditEntryResponse['service'],
    method: row.method as AuditEntryResponse['method'],
    path: row.path,
    targetId: row.targetId,
    actor: { orgId: row.actorOrgId, role: row.actorRole as AuditEntryResponse['actor']['role'], userId: row.actorUserId },
    requestId: row.requestId,
    correlationId: row.correlationId,
    outcome: row.outcome as AuditEntryResponse['outcome'],
    status: row.status,
    reason: row.reason,
    sourceAddress: row.sourceAddress,
    userAgent: row.userAgent,
    recordedAt: row.recordedAt.toISOString(),
    sequence: row.link ? row.link.sequence.toString() : null,
  };
}

/** A CommandAudited record as consumed: the payload and the event that carried it. */
export interface AuditRecord {
  entry: PayloadOf<'CommandAudited'>;
  eventId: string;
}

function toEntryRow({ entry, eventId }: AuditRecord) {
  return {
    auditId: entry.auditId,
    eventId,
    at: new Date(entry.at),
    service: entry.service,
    method: entry.method,
    path: entry.path,
    targetId: entry.targetId,
    actorOrgId: entry.actor.orgId,
    actorRole: entry.actor.role,
    actorUserId: entry.actor.userId,
    requestId: entry.requestId,
    correlationId: entry.correlationId,
    outcome: entry.outcome,
    status: entry.status,
    reason: entry.reason,
    sourceAddress: entry.sourceAddress ?? null,
    userAgent: entry.userAgent ?? null,
  };
}

/**
 * The audit schema: the append-only entries table (the database rejects UPDATE, DELETE and
 * TRUNCATE), each entry linked into the hash chain in the transaction that stores it.
 */
@Injectable()
export class AuditRepository {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly chain: AuditChainRepository,
  ) {}

  /**
   * Stores records in their order and links the new ones at the chain's head, in the caller's
   * transaction (entries and links commit together); a record already stored (same audit id, even
   * twice in one call) is left as it is. Three statements for any number of records.
   */
  async storeAll(tx: TransactionClient, records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const stored = await tx.auditEntry.createManyAndReturn({ data: records.map(toEntryRow), skipDuplicates: true });
    if (stored.length === 0) return;
    // Linked in the order the records came (the order of the insert's answer is not promised).
    const byAuditId = new Map(stored.map((row) => [row.auditId, row]));
    const inOrder = [...new Set(records.map((record) => record.entry.auditId))].flatMap((auditId) => byAuditId.get(auditId) ?? []);
    await this.chain.linkAll(tx, inOrder);
  }

  find(query: ListAuditQuery) {
    return this.prisma.auditEntry.findMany({
      where: {
        targetId: query.targetId,
        actorUserId: query.userId,
        actorOrgId: query.orgId,
        outcome: query.outcome,
        at:
          query.from !== undefined || query.to !== undefined
            ? { gte: query.from && new Date(query.from), lt: query.to && new Date(query.to) }
            : undefined,
      },
      orderBy: [{ at: 'desc' }, { auditId: 'desc' }],
      take: query.limit,
      include: { link: { select: { sequence: true } } },
    });
  }
}
