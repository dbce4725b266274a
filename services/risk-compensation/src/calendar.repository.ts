import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient, TransactionClient } from './database';
import { PRISMA } from '@ipledger/service-kit';

export type CalendarYearRow = Awaited<ReturnType<PrismaClient['workingCalendarYear']['findUniqueOrThrow']>>;

export interface NewCalendarYear {
  id: string;
  year: number;
  revision: number;
  status: 'DRAFT' | 'PUBLISHED';
  source: string;
  holidays: readonly string[];
  makeUpWorkingDays: readonly string[];
  draftedBy: { orgId: string; userId: string | null } | null;
  publishedAt: Date | null;
}

/** The risk_compensation schema's working-day calendar: revisions of years (published ones are frozen by a trigger). */
@Injectable()
export class CalendarRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  insert(tx: TransactionClient, row: NewCalendarYear): Promise<CalendarYearRow> {
    return tx.workingCalendarYear.create({
      data: {
        id: row.id,
        year: row.year,
        revision: row.revision,
        status: row.status,
        source: row.source,
        holidays: [...row.holidays].sort(),
        makeUpWorkingDays: [...row.makeUpWorkingDays].sort(),
        draftedByOrgId: row.draftedBy?.orgId ?? null,
        draftedByUserId: row.draftedBy?.userId ?? null,
        publishedAt: row.publishedAt,
      },
    });
  }

  /** Locks the revision row until the transaction ends; null when there is none. */
  async lock(tx: TransactionClient, id: string): Promise<CalendarYearRow | null> {
    await tx.$queryRaw`SELECT id FROM risk_compensation.calendar_years WHERE id = ${id} FOR UPDATE`;
    return tx.workingCalendarYear.findUnique({ where: { id } });
  }

  async publish(tx: TransactionClient, id: string, by: { orgId: string; userId: string | null; at: Date }): Promise<CalendarYearRow> {
    return tx.workingCalendarYear.update({
      where: { id },
      data: { status: 'PUBLISHED', publishedByOrgId: by.orgId, publishedByUserId: by.userId, publishedAt: by.at },
    });
  }

  revisionsOf(tx: TransactionClient, year: number): Promise<CalendarYearRow[]> {
    return tx.workingCalendarYear.findMany({ where: { year }, orderBy: { revision: 'asc' } });
  }

  /** The years with at least one revision (drafted or published). */
  async yearsEntered(tx: TransactionClient): Promise<Set<number>> {
    const rows = await tx.workingCalendarYear.findMany({ select: { year: true }, distinct: ['year'] });
    return new Set(rows.map((row) => row.year));
  }

  /** The revision in force of every year: its highest published one. */
  async inForce(tx: TransactionClient | PrismaClient = this.prisma): Promise<CalendarYearRow[]> {
    const published = await tx.workingCalendarYear.findMany({
      where: { status: 'PUBLISHED' },
      orderBy: [{ year: 'asc' }, { revision: 'desc' }],
    });
    return published.filter((row, index) => index === 0 || published[index - 1].year !== row.year);
  }

  list(filter: { year?: number; status?: 'DRAFT' | 'PUBLISHED' }): Promise<CalendarYearRow[]> {
    return this.prisma.workingCalendarYear.findMany({
      where: {
        ...(filter.year === undefined ? {} : { year: filter.year }),
        ...(filter.status === undefined ? {} : { status: filter.status }),
      },
      orderBy: [{ year: 'asc' }, { revision: 'asc' }],
    });
  }
}
