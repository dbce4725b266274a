import { Inject, Injectable } from '@nestjs/common';
import { DisposalMethod, IpType, PledgeStatus, type Actor, type PledgeResponse } from '@ipledger/contracts';
import type { Prisma, PrismaClient, TransactionClient } from '@ipledger/db';
import { PRISMA, toDateString } from '@ipledger/service-kit';

const WITH_ITEMS = { ipItems: { orderBy: { position: 'asc' } } } satisfies Prisma.PledgeApplicationInclude;

export type PledgeRow = Prisma.PledgeApplicationGetPayload<{ include: typeof WITH_ITEMS }>;

export interface NewPledge {
  id: string;
  status: PledgeStatus;
  bankOrgId: string;
  pledgorUscc: string;
  pledgorName: string;
  requestedLoanAmount: string;
  termMonths: number;
  districtCode: string;
  ipItems: { ipType: string; number: string; title: string | null }[];
}

export interface PledgeTransitionRecord {
  pledgeId: string;
  fromStatus: PledgeStatus | null;
  toStatus: PledgeStatus;
  actor: Actor;
  causationId: string | null;
}

/** The columns a command may change; the version is bumped by the repository. */
export type PledgeChanges = Pick<
  Prisma.PledgeApplicationUncheckedUpdateManyInput,
  | 'status'
  | 'registrationNumber'
  | 'registrationDate'
  | 'loanId'
  | 'releasedOn'
  | 'loanDefaultedOn'
  | 'disposalMethod'
  | 'disposalGross'
  | 'disposalCosts'
  | 'disposalNet'
  | 'disposedOn'
>;

export function statusOf(row: { status: string }): PledgeStatus {
  return PledgeStatus.parse(row.status);
}

export function toPledgeResponse(row: PledgeRow): PledgeResponse {
  return {
    id: row.id,
    status: statusOf(row),
    bankOrgId: row.bankOrgId,
    pledgor: { uscc: row.pledgorUscc, name: row.pledgorName },
    ipItems: row.ipItems.map((item) => ({ ipType: IpType.parse(item.ipType), number: item.number, title: item.title })),
    requestedLoanAmount: row.requestedLoanAmount.toFixed(2),
    termMonths: row.termMonths,
    districtCode: row.districtCode,
    registrationNumber: row.registrationNumber,
    registrationDate: row.registrationDate ? toDateString(row.registrationDate) : null,
    loanId: row.loanId,
    releasedOn: row.releasedOn ? toDateString(row.releasedOn) : null,
    loanDefaultedOn: row.loanDefaultedOn ? toDateString(row.loanDefaultedOn) : null,
    disposal: disposalOf(row),
    submittedAt: row.submittedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The disposal columns are all set or all null (a CHECK in the database); null until disposed. */
function disposalOf(row: PledgeRow): PledgeResponse['disposal'] {
  if (row.disposedOn === null) return null;
  if (row.disposalMethod === null || row.disposalGross === null || row.disposalCosts === null || row.disposalNet === null) {
    throw new Error(`pledge ${row.id} was disposed of on ${toDateString(row.disposedOn)} but its disposal figures are incomplete`);
  }
  return {
    method: DisposalMethod.parse(row.disposalMethod),
    grossProceeds: row.disposalGross.toFixed(2),
    costs: row.disposalCosts.toFixed(2),
    netProceeds: row.disposalNet.toFixed(2),
    disposedOn: toDateString(row.disposedOn),
  };
}

/** The pledge_registration schema: applications, their IP items and their transitions. */
@Injectable()
export class PledgeRegistrationRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async insertPledge(tx: TransactionClient, pledge: NewPledge): Promise<PledgeRow> {
    const { ipItems, ...application } = pledge;
    return tx.pledgeApplication.create({
      data: {
        ...application,
        ipItems: { create: ipItems.map((item, position) => ({ position, ...item })) },
      },
      include: WITH_ITEMS,
    });
  }

  findPledge(tx: TransactionClient, id: string): Promise<PledgeRow | null> {
    return tx.pledgeApplication.findUnique({ where: { id }, include: WITH_ITEMS });
  }

  /**
   * Optimistic concurrency: applies the changes only if nobody changed the pledge since it was
   * read at `version`. False means someone did; the caller re-reads and decides again.
   */
  async updateIfUnchanged(tx: TransactionClient, id: string, version: number, changes: PledgeChanges): Promise<boolean> {
    const { count } = await tx.pledgeApplication.updateMany({
      where: { id, version },
      data: { ...changes, updatedAt: new Date(), version: { increment: 1 } },
    });
    return count === 1;
  }

  async recordTransition(tx: TransactionClient, record: PledgeTransitionRecord): Promise<void> {
    await tx.pledgeTransition.create({
      data: {
        pledgeId: record.pledgeId,
        fromStatus: record.fromStatus,
        toStatus: record.toStatus,
        actorOrgId: record.actor.orgId,
        actorRole: record.actor.role,
        actorUserId: record.actor.userId,
        causationId: record.causationId,
      },
    });
  }

  read(id: string): Promise<PledgeRow | null> {
    return this.prisma.pledgeApplication.findUnique({ where: { id }, include: WITH_ITEMS });
  }

  list(filter: { bankOrgId?: string; status?: PledgeStatus; limit: number }): Promise<PledgeRow[]> {
    return this.prisma.pledgeApplication.findMany({
      where: {
        ...(filter.bankOrgId === undefined ? {} : { bankOrgId: filter.bankOrgId }),
        ...(filter.status === undefined ? {} : { status: filter.status }),
      },
      include: WITH_ITEMS,
      orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
      take: filter.limit,
    });
  }
}
