import { Inject, Injectable } from '@nestjs/common';
import type { Actor, CorrectionReason, PledgeStatus } from '@ipledger/contracts';
import type { Prisma, PrismaClient, TransactionClient } from './database';
import { PRISMA } from '@ipledger/service-kit';
import type { z } from 'zod';
import type { Pledge, PledgeStep, RegistrationVersion } from './domain/pledge';
import { registerOf, type RegisteredRight } from './domain/register-rules';
import { localDateOf, toPledge, toPledgeStep, toRegistrationVersion, WITH_ITEMS } from './pledge-records';

export interface NewPledge {
  id: string;
  status: PledgeStatus;
  bankOrgId: string;
  pledgorUscc: string;
  pledgorName: string;
  pledgorFirmSize: string | null;
  pledgorIndustry: string | null;
  requestedLoanAmount: string;
  termMonths: number;
  districtCode: string;
  appraiserOrgId: string;
  submittedAt: Date;
  receivedAt: Date;
  ipItems: NewIpItem[];
}

export interface NewIpItem {
  ipType: string;
  number: string;
  title: string | null;
}

/** A corrected application (补正) replacing the one returned. */
export type CorrectedApplication = Omit<NewPledge, 'id' | 'status' | 'bankOrgId' | 'submittedAt'>;

export interface PledgeTransitionRecord {
  pledgeId: string;
  fromStatus: PledgeStatus | null;
  toStatus: PledgeStatus;
  actor: Actor;
  causationId: string | null;
  /** The lifecycle command (pledge-lifecycle.ts), its server time and date, its particulars. */
  command: string;
  at: Date;
  onDate: Date;
  details?: Prisma.InputJsonValue;
}

export interface NewRegistrationVersion {
  pledgeId: string;
  version: number;
  registrationNumber: string;
  effectiveOn: Date;
  securedAmount: string;
  termMonths: number;
  pledgorName: string;
  note: string | null;
  actor: Actor;
  recordedAt: Date;
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
  | 'pledgorName'
  | 'requestedLoanAmount'
  | 'termMonths'
  | 'correctionReasons'
  | 'refusalReason'
  | 'refusalNote'
  | 'registrationVersion'
  | 'appraiserOrgId'
>;

export type CorrectionReasons = z.infer<typeof CorrectionReason>[];

/** The pledge_registration schema: applications, their IP items and their transitions. */
@Injectable()
export class PledgeRegistrationRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async insertPledge(tx: TransactionClient, pledge: NewPledge): Promise<Pledge> {
    const { ipItems, ...application } = pledge;
    const row = await tx.pledgeApplication.create({
      data: {
        ...application,
        ipItems: { create: ipItems.map((item, position) => ({ position, ...item })) },
      },
      include: WITH_ITEMS,
    });
    return toPledge(row);
  }

  async findPledge(tx: TransactionClient, id: string): Promise<Pledge | null> {
    const row = await tx.pledgeApplication.findUnique({ where: { id }, include: WITH_ITEMS });
    return row === null ? null : toPledge(row);
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

  /** 补正: the corrected application replaces the returned one, items included (same version check). */
  async replaceApplication(
    tx: TransactionClient,
    id: string,
    version: number,
    corrected: CorrectedApplication,
    changes: PledgeChanges,
  ): Promise<boolean> {
    const { ipItems, ...application } = corrected;
    const { count } = await tx.pledgeApplication.updateMany({
      where: { id, version },
      data: { ...application, ...changes, updatedAt: new Date(), version: { increment: 1 } },
    });
    if (count !== 1) return false;
    await tx.pledgeIpItem.deleteMany({ where: { pledgeId: id } });
    await tx.pledgeIpItem.createMany({ data: ipItems.map((item, position) => ({ pledgeId: id, position, ...item })) });
    return true;
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
        command: record.command,
        at: record.at,
        onDate: record.onDate,
        ...(record.details === undefined ? {} : { details: record.details }),
      },
    });
  }

  async insertRegistrationVersion(tx: TransactionClient, version: NewRegistrationVersion): Promise<void> {
    const { actor, ...rest } = version;
    await tx.pledgeRegistrationVersion.create({
      data: { ...rest, actorOrgId: actor.orgId, actorRole: actor.role, actorUserId: actor.userId },
    });
  }

  // ── the register of pledged rights ─────────────────────────────────────────
  // A right is keyed by its register's type and number (rightRegisterOf: a geographical indication
  // is its mark's trademark number), so one right pledged under either type is one right.

  /** The rights among `items` that a registered pledge holds now (committed rows, not freed). */
  async registeredRightsAmong(tx: TransactionClient, items: readonly { ipType: string; number: string }[]): Promise<RegisteredRight[]> {
    if (items.length === 0) return [];
    const rows = await tx.pledgedRight.findMany({
      where: { freedOn: null, OR: items.map((item) => ({ ipType: registerOf(item.ipType), number: item.number })) },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => ({
      pledgeId: row.pledgeId,
      ipType: row.ipType,
      number: row.number,
      registrationNumber: row.registrationNumber,
      registeredOn: localDateOf(row.registeredOn),
    }));
  }

  /**
   * Enters the pledge's rights into the register, in a fixed order (by type and number, so two
   * registrations sharing rights queue instead of deadlocking). An insert that meets a live row
   * of the same right, committed or committing, is skipped by the partial unique index
   * (ON CONFLICT … DO NOTHING waits for the other transaction and then skips): the rights
   * returned are the ones another registered pledge holds, and the caller rolls back.
   */
  async enterRights(
    tx: TransactionClient,
    pledgeId: string,
    items: readonly { ipType: string; number: string }[],
    registration: { registrationNumber: string; registeredOn: Date },
  ): Promise<{ ipType: string; number: string }[]> {
    const ordered = [...items].sort((a, b) => (a.ipType === b.ipType ? compare(a.number, b.number) : compare(a.ipType, b.ipType)));
    const taken: { ipType: string; number: string }[] = [];
    for (const item of ordered) {
      const inserted = await tx.$queryRaw<{ id: bigint }[]>`
        INSERT INTO pledge_registration.pledged_rights (pledge_id, ip_type, number, registration_number, registered_on)
        VALUES (${pledgeId}, ${registerOf(item.ipType)}, ${item.number}, ${registration.registrationNumber}, ${registration.registeredOn}::date)
        ON CONFLICT (ip_type, number) WHERE freed_on IS NULL DO NOTHING
        RETURNING id`;
      if (inserted.length === 0) taken.push(item);
    }
    return taken;
  }

  /** Release (注销) or disposal: the pledge's rights leave the register; the rows stay as history. */
  async freeRights(tx: TransactionClient, pledgeId: string, freedOn: Date, freedBy: 'released' | 'disposed'): Promise<void> {
    await tx.pledgedRight.updateMany({ where: { pledgeId, freedOn: null }, data: { freedOn, freedBy } });
  }

  async history(pledgeId: string): Promise<{ steps: PledgeStep[]; versions: RegistrationVersion[] }> {
    const [transitions, versions] = await Promise.all([
      this.prisma.pledgeTransition.findMany({ where: { pledgeId }, orderBy: { id: 'asc' } }),
      this.prisma.pledgeRegistrationVersion.findMany({ where: { pledgeId }, orderBy: { version: 'asc' } }),
    ]);
    return { steps: transitions.map(toPledgeStep), versions: versions.map(toRegistrationVersion) };
  }

  async read(id: string): Promise<Pledge | null> {
    const row = await this.prisma.pledgeApplication.findUnique({ where: { id }, include: WITH_ITEMS });
    return row === null ? null : toPledge(row);
  }

  async list(filter: { bankOrgId?: string; status?: PledgeStatus; limit: number }): Promise<Pledge[]> {
    const rows = await this.prisma.pledgeApplication.findMany({
      where: {
        ...(filter.bankOrgId === undefined ? {} : { bankOrgId: filter.bankOrgId }),
        ...(filter.status === undefined ? {} : { status: filter.status }),
      },
      include: WITH_ITEMS,
      // The bureau's queue: the deadline grows with the last receipt, so the oldest receipt comes
      // first, and with it every overdue application before the ones still in time.
      orderBy: filter.status === 'SUBMITTED' ? [{ receivedAt: 'asc' }, { id: 'asc' }] : [{ submittedAt: 'desc' }, { id: 'desc' }],
      take: filter.limit,
    });
    return rows.map(toPledge);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
