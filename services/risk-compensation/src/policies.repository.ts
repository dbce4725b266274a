import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient, TransactionClient } from './database';
import { PolicyDocument, type PolicyResponse } from '@ipledger/contracts';
import { PRISMA, toDateString } from '@ipledger/service-kit';

export type PolicyRow = Awaited<ReturnType<PrismaClient['compensationPolicy']['findUniqueOrThrow']>>;
export type PolicyStatus = PolicyResponse['status'];

export function toPolicyResponse(row: PolicyRow): PolicyResponse {
  return {
    id: row.id,
    seriesId: row.seriesId,
    version: row.policyVersion,
    status: row.status === 'PUBLISHED' ? 'PUBLISHED' : 'DRAFT',
    name: row.name,
    effectiveFrom: toDateString(row.effectiveFrom),
    effectiveTo: row.effectiveTo === null ? null : toDateString(row.effectiveTo),
    // Written only after validation; parsing again keeps the type honest.
    document: PolicyDocument.parse(row.document),
    createdByOrgId: row.createdByOrgId,
    createdAt: row.createdAt.toISOString(),
    publishedByOrgId: row.publishedByOrgId,
    publishedAt: row.publishedAt === null ? null : row.publishedAt.toISOString(),
  };
}

export interface NewPolicy {
  id: string;
  seriesId: string;
  policyVersion: number;
  document: PolicyDocument;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  createdByOrgId: string;
  createdByUserId: string | null;
}

/** The risk_compensation schema: compensation policy versions (published ones are frozen by a trigger). */
@Injectable()
export class PoliciesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  insertDraft(tx: TransactionClient, policy: NewPolicy): Promise<PolicyRow> {
    return tx.compensationPolicy.create({
      data: {
        id: policy.id,
        seriesId: policy.seriesId,
        name: policy.document.name,
        policyVersion: policy.policyVersion,
        status: 'DRAFT',
        effectiveFrom: policy.effectiveFrom,
        effectiveTo: policy.effectiveTo,
        document: policy.document satisfies Prisma.InputJsonObject,
        createdByOrgId: policy.createdByOrgId,
        createdByUserId: policy.createdByUserId,
      },
    });
  }

  find(tx: TransactionClient, id: string): Promise<PolicyRow | null> {
    return tx.compensationPolicy.findUnique({ where: { id } });
  }

  /** Optimistic concurrency: publishes only a DRAFT nobody changed since it was read at `version`. */
  async publishIfUnchanged(
    tx: TransactionClient,
    id: string,
    version: number,
    by: { orgId: string; userId: string | null; at: Date },
  ): Promise<boolean> {
    const { count } = await tx.compensationPolicy.updateMany({
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

  /** Every version of one policy, oldest first. */
  series(tx: TransactionClient, seriesId: string): Promise<PolicyRow[]> {
    return tx.compensationPolicy.findMany({ where: { seriesId }, orderBy: { policyVersion: 'asc' } });
  }

  /** Every published version: what a disbursed loan may be bound to. */
  published(tx: TransactionClient): Promise<PolicyRow[]> {
    return tx.compensationPolicy.findMany({ where: { status: 'PUBLISHED' } });
  }

  /** Every version of one policy, oldest first, outside a transaction. */
  readSeries(seriesId: string): Promise<PolicyRow[]> {
    return this.prisma.compensationPolicy.findMany({ where: { seriesId }, orderBy: { policyVersion: 'asc' } });
  }

  read(id: string): Promise<PolicyRow | null> {
    return this.prisma.compensationPolicy.findUnique({ where: { id } });
  }

  list(filter: { status?: PolicyStatus }): Promise<PolicyRow[]> {
    return this.prisma.compensationPolicy.findMany({
      where: filter.status === undefined ? {} : { status: filter.status },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }
}
