// The deals the bureau records (statistics owns them): rows in statistics.deals, handed out as
// domain records (deal-records.ts).
import { Inject, Injectable } from '@nestjs/common';
import type { LocalDate } from '@ipledger/calendar';
import type { DealKind } from '@ipledger/contracts';
import type { PrismaClient, TransactionClient } from './database';
import { fromDateString, PRISMA } from '@ipledger/service-kit';
import { toDeal, type Deal, type NewDeal } from './deal-records';

@Injectable()
export class DealsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async insert(tx: TransactionClient, deal: NewDeal): Promise<Deal> {
    const row = await tx.statisticsDeal.create({
      data: {
        ...deal,
        ipItems: deal.ipItems as object,
        amount: deal.amount.toString(),
        contractDate: fromDateString(deal.contractDate),
        status: 'RECORDED',
      },
    });
    return toDeal(row);
  }

  /** The deal, its row locked for the rest of the transaction. */
  async lock(tx: TransactionClient, id: string): Promise<Deal | null> {
    const locked = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM statistics.deals WHERE id = $1 FOR UPDATE`, id);
    if (locked.length === 0) return null;
    return this.find(tx, id);
  }

  async find(tx: TransactionClient, id: string): Promise<Deal | null> {
    const row = await tx.statisticsDeal.findUnique({ where: { id } });
    return row === null ? null : toDeal(row);
  }

  async findAll(tx: TransactionClient, ids: readonly string[]): Promise<Deal[]> {
    if (ids.length === 0) return [];
    const rows = await tx.statisticsDeal.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toDeal);
  }

  async markReversed(tx: TransactionClient, id: string, reversedOn: LocalDate, reason: string): Promise<Deal> {
    const row = await tx.statisticsDeal.update({
      where: { id },
      data: { status: 'REVERSED', reversedOn: fromDateString(reversedOn), reversalReason: reason, version: { increment: 1 } },
    });
    return toDeal(row);
  }

  async list(filter: { year?: number; kind?: DealKind; limit: number }): Promise<Deal[]> {
    const rows = await this.prisma.statisticsDeal.findMany({
      where: {
        ...(filter.kind === undefined ? {} : { kind: filter.kind }),
        ...(filter.year === undefined
          ? {}
          : { contractDate: { gte: new Date(Date.UTC(filter.year, 0, 1)), lt: new Date(Date.UTC(filter.year + 1, 0, 1)) } }),
      },
      orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
      take: filter.limit,
    });
    return rows.map(toDeal);
  }
}
