// The deals the bureau records (statistics owns them): rows in statistics.deals.
import { Inject, Injectable } from '@nestjs/common';
import type { DealResponse } from '@ipledger/contracts';
import type { PrismaClient, TransactionClient } from './database';
import { PRISMA, toDateString } from '@ipledger/service-kit';
import type { DealKind } from '@ipledger/contracts';

export interface DealRow {
  id: string;
  kind: string;
  status: string;
  ipItems: unknown;
  fromUscc: string;
  fromName: string;
  toUscc: string;
  toName: string;
  amount: { toFixed(digits: number): string };
  contractDate: Date;
  districtCode: string;
  industry: string;
  recordedByOrgId: string;
  recordedAt: Date;
  reversedOn: Date | null;
  reversalReason: string | null;
}

export type NewDeal = Omit<DealRow, 'status' | 'recordedAt' | 'reversedOn' | 'reversalReason' | 'amount'> & { amount: string };

@Injectable()
export class DealsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  insert(tx: TransactionClient, deal: NewDeal): Promise<DealRow> {
    return tx.statisticsDeal.create({ data: { ...deal, ipItems: deal.ipItems as object, status: 'RECORDED' } });
  }

  /** The deal, its row locked for the rest of the transaction. */
  async lock(tx: TransactionClient, id: string): Promise<DealRow | null> {
    const locked = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM statistics.deals WHERE id = $1 FOR UPDATE`, id);
    if (locked.length === 0) return null;
    return tx.statisticsDeal.findUnique({ where: { id } });
  }

  find(tx: TransactionClient, id: string): Promise<DealRow | null> {
    return tx.statisticsDeal.findUnique({ where: { id } });
  }

  markReversed(tx: TransactionClient, id: string, reversedOn: Date, reason: string): Promise<DealRow> {
    return tx.statisticsDeal.update({
      where: { id },
      data: { status: 'REVERSED', reversedOn, reversalReason: reason, version: { increment: 1 } },
    });
  }

  list(filter: { year?: number; kind?: DealKind; limit: number }): Promise<DealRow[]> {
    return this.prisma.statisticsDeal.findMany({
      where: {
        ...(filter.kind === undefined ? {} : { kind: filter.kind }),
        ...(filter.year === undefined
          ? {}
          : { contractDate: { gte: new Date(Date.UTC(filter.year, 0, 1)), lt: new Date(Date.UTC(filter.year + 1, 0, 1)) } }),
      },
      orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
      take: filter.limit,
    });
  }
}

export function toDealResponse(row: DealRow): DealResponse {
  return {
    id: row.id,
    kind: row.kind as DealKind,
    status: row.status as DealResponse['status'],
    ipItems: row.ipItems as DealResponse['ipItems'],
    from: { uscc: row.fromUscc, name: row.fromName },
    to: { uscc: row.toUscc, name: row.toName },
    amount: row.amount.toFixed(2),
    contractDate: toDateString(row.contractDate),
    districtCode: row.districtCode,
    industry: row.industry,
    reversedOn: row.reversedOn === null ? null : toDateString(row.reversedOn),
    reversalReason: row.reversalReason,
    recordedAt: row.recordedAt.toISOString(),
  };
}
