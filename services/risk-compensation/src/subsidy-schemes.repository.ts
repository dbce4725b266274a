// The risk_compensation schema's subsidy scheme versions (published ones are frozen by a trigger,
// and the database refuses a publication by the author: docs/subsidies.md).
import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient, TransactionClient } from './database';
import { SubsidySchemeDocument, type SubsidySchemeResponse } from '@ipledger/contracts';
import { PRISMA, toDateString } from '@ipledger/service-kit';

export type SubsidySchemeRow = Awaited<ReturnType<PrismaClient['subsidyScheme']['findUniqueOrThrow']>>;
export type SubsidySchemeStatus = SubsidySchemeResponse['status'];

export function toSubsidySchemeResponse(row: SubsidySchemeRow): SubsidySchemeResponse {
  return {
    id: row.id,
    seriesId: row.seriesId,
    version: row.schemeVersion,
    status: row.status === 'PUBLISHED' ? 'PUBLISHED' : 'DRAFT',
    name: row.name,
    effectiveFrom: toDateString(row.effectiveFrom),
    effectiveTo: row.effectiveTo === null ? null : toDateString(row.effectiveTo),
    // Written only after validation; parsing again keeps the type honest.
    document: SubsidySchemeDocument.parse(row.document),
    createdByOrgId: row.createdByOrgId,
    createdAt: row.createdAt.toISOString(),
    publishedByOrgId: row.publishedByOrgId,
    publishedAt: row.publishedAt === null ? null : row.publishedAt.toISOString(),
  };
}

export interface NewSubsidyScheme {
  id: string;
  seriesId: string;
  schemeVersion: number;
  document: SubsidySchemeDocument;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  createdByOrgId: string;
  createdByUserId: string | null;
}

@Injectable()
export class SubsidySchemesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  insertDraft(tx: TransactionClient, scheme: NewSubsidyScheme): Promise<SubsidySchemeRow> {
    return tx.subsidyScheme.create({
      data: {
        id: scheme.id,
        seriesId: scheme.seriesId,
        name: scheme.document.name,
        schemeVersion: scheme.schemeVersion,
        status: 'DRAFT',
        effectiveFrom: scheme.effectiveFrom,
        effectiveTo: scheme.effectiveTo,
        document: scheme.document satisfies Prisma.InputJsonObject,
        createdByOrgId: scheme.createdByOrgId,
        createdByUserId: scheme.createdByUserId,
      },
    });
  }

  find(tx: TransactionClient, id: string): Promise<SubsidySchemeRow | null> {
    return tx.subsidyScheme.findUnique({ where: { id } });
  }

  /** Every version of a series, oldest first. */
  series(tx: TransactionClient, seriesId: string): Promise<SubsidySchemeRow[]> {
    return tx.subsidyScheme.findMany({ where: { seriesId }, orderBy: { schemeVersion: 'asc' } });
  }

  /**
   * The series' published version in force on `day`: effective from on or before it and, when it
   * ends, until after it (effectiveTo is exclusive); the latest to take effect; null when none is.
   */
  inForce(tx: TransactionClient, seriesId: string, day: Date): Promise<SubsidySchemeRow | null> {
    return tx.subsidyScheme.findFirst({
      where: { seriesId, status: 'PUBLISHED', effectiveFrom: { lte: day }, OR: [{ effectiveTo: null }, { effectiveTo: { gt: day } }] },
      orderBy: [{ effectiveFrom: 'desc' }, { schemeVersion: 'desc' }],
    });
  }

  /** Optimistic concurrency: publishes only a DRAFT nobody changed since it was read at `version`. */
  async publishIfUnchanged(
    tx: TransactionClient,
    id: string,
    version: number,
    by: { orgId: string; userId: string | null; at: Date },
  ): Promise<boolean> {
    const { count } = await tx.subsidyScheme.updateMany({
      where: { id, version, status: 'DRAFT' },
      data: {
        status: 'PUBLISHED',
        publishedByOrgId: by.orgId,
        publishedByUserId: by.userId,
        publishedAt: by.at,
        updatedAt: by.at,
        version: { increment: 1 },
      },
    });
    return count === 1;
  }

  read(id: string): Promise<SubsidySchemeRow | null> {
    return this.prisma.subsidyScheme.findUnique({ where: { id } });
  }

  list(filter: { status?: SubsidySchemeStatus }): Promise<SubsidySchemeRow[]> {
    return this.prisma.subsidyScheme.findMany({
      where: filter.status === undefined ? {} : { status: filter.status },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }
}
