import { Inject, Injectable } from '@nestjs/common';
import { IpType, LOAN_CLOSE_REASONS, LoanStatus, type Actor, type LoanResponse, type PayloadOf } from '@ipledger/contracts';
import type { Prisma, PrismaClient, TransactionClient } from './database';
import { Money, Rate } from '@ipledger/money';
import { fromDateString, PRISMA, toDateString } from '@ipledger/service-kit';
import type { LoanCloseReason } from './domain/loan-lifecycle';
import type { PledgeFacts, ValuationFacts } from './domain/pledge-facts';

type Db = PrismaClient | TransactionClient;
type FactsRow = Prisma.LendingPledgeFactsGetPayload<true>;

const WITH_REPAYMENTS = {
  repayments: { orderBy: [{ repaidOn: 'asc' }, { recordedAt: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.LoanInclude;

export type LoanRow = Prisma.LoanGetPayload<{ include: typeof WITH_REPAYMENTS }>;

function dateOrNull(date: Date | null): string | null {
  return date === null ? null : toDateString(date);
}

/** The application's columns, filled together by PledgeApplicationSubmitted; null until it arrives. */
function applicationOf(row: FactsRow): PledgeFacts['application'] {
  const { bankOrgId, pledgorUscc, pledgorName, requestedLoanAmount, termMonths, districtCode } = row;
  if (
    row.applicationEventId === null ||
    bankOrgId === null ||
    pledgorUscc === null ||
    pledgorName === null ||
    requestedLoanAmount === null ||
    termMonths === null ||
    districtCode === null
  ) {
    return null;
  }
  return {
    bankOrgId,
    pledgor: { uscc: pledgorUscc, name: pledgorName },
    requestedLoanAmount: Money.of(requestedLoanAmount.toFixed(2)),
    termMonths,
    districtCode,
    ipTypes: row.ipTypes.map((ipType) => IpType.parse(ipType)),
  };
}

export function toPledgeFacts(row: FactsRow): PledgeFacts {
  const registrationDate = dateOrNull(row.registrationDate);
  const valuationDate = dateOrNull(row.valuationDate);
  const validUntil = dateOrNull(row.valuationValidUntil);
  return {
    pledgeId: row.pledgeId,
    application: applicationOf(row),
    registration:
      row.registrationNumber === null || registrationDate === null
        ? null
        : { registrationNumber: row.registrationNumber, registrationDate },
    releasedOn: dateOrNull(row.releasedOn),
    valuation:
      row.valuationId === null || row.appraisedValue === null || valuationDate === null || validUntil === null
        ? null
        : {
            valuationId: row.valuationId,
            appraiserOrgId: row.appraiserOrgId,
            appraisedValue: Money.of(row.appraisedValue.toFixed(2)),
            valuationDate,
            validUntil,
          },
  };
}

/** Rates come back from DECIMAL columns with padding ("0.250000"); on the wire they are "0.25". */
function rateString(value: Prisma.Decimal): string {
  return Rate.of(value.toFixed()).toString();
}

export function loanStatusOf(row: { status: string }): LoanStatus {
  return LoanStatus.parse(row.status);
}

/** Why a CLOSED loan closed; null while it is open. */
export function closeReasonOf(row: { closeReason: string | null }): LoanCloseReason | null {
  const { closeReason } = row;
  if (closeReason === null) return null;
  const known = LOAN_CLOSE_REASONS.find((reason) => reason === closeReason);
  if (known === undefined) throw new Error(`unknown loan close reason ${closeReason}`);
  return known;
}

export function toLoanResponse(row: LoanRow): LoanResponse {
  return {
    id: row.id,
    pledgeId: row.pledgeId,
    bankOrgId: row.bankOrgId,
    borrowerUscc: row.borrowerUscc,
    status: loanStatusOf(row),
    principal: row.principal.toFixed(2),
    outstandingPrincipal: row.outstandingPrincipal.toFixed(2),
    interestPaid: row.interestPaid.toFixed(2),
    annualInterestRate: rateString(row.annualInterestRate),
    termMonths: row.termMonths,
    disbursedOn: toDateString(row.disbursedOn),
    maturityDate: toDateString(row.maturityDate),
    loanToValueLimit: rateString(row.loanToValueLimit),
    closedOn: dateOrNull(row.closedOn),
    closeReason: closeReasonOf(row),
    guarantorOrgId: row.guarantorOrgId,
    insurerOrgId: row.insurerOrgId,
    overdueSince: dateOrNull(row.overdueSince),
    daysPastDue: row.daysPastDue,
    overdueInterest: row.overdueInterest === null ? null : row.overdueInterest.toFixed(2),
    defaultedOn: dateOrNull(row.defaultedOn),
    accruedInterest: row.accruedInterest === null ? null : row.accruedInterest.toFixed(2),
    repayments: row.repayments.map((repayment) => ({
      id: repayment.id,
      loanId: repayment.loanId,
      principalAmount: repayment.principalAmount.toFixed(2),
      interestAmount: repayment.interestAmount.toFixed(2),
      repaidOn: toDateString(repayment.repaidOn),
      outstandingAfter: repayment.outstandingAfter.toFixed(2),
      recordedAt: repayment.recordedAt.toISOString(),
    })),
  };
}

export interface NewLoan {
  id: string;
  pledgeId: string;
  bankOrgId: string;
  borrowerUscc: string;
  status: LoanStatus;
  principal: string;
  annualInterestRate: string;
  termMonths: number;
  disbursedOn: string;
  maturityDate: string;
  loanToValueLimit: string;
  guarantorOrgId: string | null;
  insurerOrgId: string | null;
}

export interface NewRepayment {
  id: string;
  loanId: string;
  principalAmount: string;
  interestAmount: string;
  repaidOn: string;
  outstandingAfter: string;
  actor: Actor;
}

export interface LoanChanges {
  status: LoanStatus;
  outstandingPrincipal: string;
  interestPaid: string;
  closedOn: string | null;
  closeReason: LoanCloseReason | null;
}

/** What closing a DEFAULTED loan on its recovery settlement changes. */
export interface SettlementChanges {
  status: LoanStatus;
  closedOn: string;
  closeReason: LoanCloseReason;
}

/** What an overdue report (the overdue fields) or a default report (the default fields) changes. */
export type DelinquencyChanges =
  | { kind: 'overdue'; status: LoanStatus; overdueSince: string; daysPastDue: number; overdueInterest: string }
  | { kind: 'default'; status: LoanStatus; defaultedOn: string; accruedInterest: string };

export interface LoanTransitionRecord {
  loanId: string;
  fromStatus: LoanStatus | null;
  toStatus: LoanStatus;
  actor: Actor;
  causationId: string | null;
}

/** The lending schema: pledge facts copied from events, loans, repayments and transitions. */
@Injectable()
export class LendingRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  // ── pledge facts ────────────────────────────────────────────────────────────

  /** Makes sure the pledge has a facts row, whichever of its events comes first (INSERT … ON CONFLICT DO NOTHING). */
  private async ensureFacts(tx: TransactionClient, pledgeId: string): Promise<void> {
    await tx.lendingPledgeFacts.createMany({ data: [{ pledgeId }], skipDuplicates: true });
  }

  /**
   * The application, as submitted or as corrected (补正: the corrected one replaces the one kept; it
   * is ordered after it on the pledge topic).
   */
  async recordApplication(
    tx: TransactionClient,
    pledge: PayloadOf<'PledgeApplicationSubmitted' | 'PledgeApplicationResubmitted'>,
    eventId: string,
  ): Promise<void> {
    await this.ensureFacts(tx, pledge.pledgeId);
    await tx.lendingPledgeFacts.update({
      where: { pledgeId: pledge.pledgeId },
      data: {
        applicationEventId: eventId,
        bankOrgId: pledge.bankOrgId,
        pledgorUscc: pledge.pledgor.uscc,
        pledgorName: pledge.pledgor.name,
        requestedLoanAmount: pledge.requestedLoanAmount,
        termMonths: pledge.termMonths,
        districtCode: pledge.districtCode,
        ipTypes: pledge.ipItems.map((item) => item.ipType),
      },
    });
  }

  /** The registration version kept (null: none, or version 1), read with the row locked. */
  async registrationVersionForUpdate(tx: TransactionClient, pledgeId: string): Promise<number | null> {
    await this.ensureFacts(tx, pledgeId);
    const [row] = await tx.$queryRaw<{ registration_version: number | null }[]>`
      SELECT registration_version FROM lending.pledge_facts WHERE pledge_id = ${pledgeId} FOR UPDATE`;
    return row?.registration_version ?? null;
  }

  /** 变更登记: the amount secured, term and pledgor's name of a later registration version. */
  async recordRegistrationChange(tx: TransactionClient, change: PayloadOf<'PledgeRegistrationChanged'>): Promise<void> {
    await tx.lendingPledgeFacts.update({
      where: { pledgeId: change.pledgeId },
      data: {
        registrationVersion: change.registrationVersion,
        requestedLoanAmount: change.securedAmount,
        termMonths: change.termMonths,
        pledgorName: change.pledgorName,
      },
    });
  }

  /** PledgeReleased: the pledge secures no new loan (the same release again writes the same day). */
  async recordRelease(tx: TransactionClient, release: PayloadOf<'PledgeReleased'>): Promise<void> {
    await this.ensureFacts(tx, release.pledgeId);
    await tx.lendingPledgeFacts.update({ where: { pledgeId: release.pledgeId }, data: { releasedOn: fromDateString(release.releasedOn) } });
  }

  async recordRegistration(tx: TransactionClient, registration: PayloadOf<'PledgeRegistered'>, eventId: string): Promise<void> {
    await this.ensureFacts(tx, registration.pledgeId);
    await tx.lendingPledgeFacts.update({
      where: { pledgeId: registration.pledgeId },
      data: {
        registrationEventId: eventId,
        registrationNumber: registration.registrationNumber,
        registrationDate: fromDateString(registration.registrationDate),
      },
    });
  }

  /** The facts row, created empty if this is the first the service hears of the pledge. */
  async factsForUpdate(tx: TransactionClient, pledgeId: string): Promise<PledgeFacts> {
    await this.ensureFacts(tx, pledgeId);
    return toPledgeFacts(await tx.lendingPledgeFacts.findUniqueOrThrow({ where: { pledgeId } }));
  }

  async recordValuation(tx: TransactionClient, pledgeId: string, valuation: ValuationFacts, eventId: string): Promise<void> {
    await tx.lendingPledgeFacts.update({
      where: { pledgeId },
      data: {
        valuationEventId: eventId,
        valuationId: valuation.valuationId,
        appraiserOrgId: valuation.appraiserOrgId,
        appraisedValue: valuation.appraisedValue.toString(),
        valuationDate: fromDateString(valuation.valuationDate),
        valuationValidUntil: fromDateString(valuation.validUntil),
      },
    });
  }

  async findFacts(db: Db, pledgeId: string): Promise<PledgeFacts | null> {
    const row = await db.lendingPledgeFacts.findUnique({ where: { pledgeId } });
    return row === null ? null : toPledgeFacts(row);
  }

  // ── loans ───────────────────────────────────────────────────────────────────

  findLoan(db: Db, id: string): Promise<LoanRow | null> {
    return db.loan.findUnique({ where: { id }, include: WITH_REPAYMENTS });
  }

  findLoanOfPledge(db: Db, pledgeId: string): Promise<{ id: string; status: string } | null> {
    return db.loan.findUnique({ where: { pledgeId }, select: { id: true, status: true } });
  }

  async insertLoan(tx: TransactionClient, loan: NewLoan): Promise<void> {
    await tx.loan.create({
      data: {
        ...loan,
        outstandingPrincipal: loan.principal,
        interestPaid: '0.00',
        disbursedOn: fromDateString(loan.disbursedOn),
        maturityDate: fromDateString(loan.maturityDate),
      },
    });
  }

  /**
   * Optimistic concurrency: applies the changes only if nobody changed the loan since it was
   * read at `version`. False means someone did; the caller re-reads and decides again.
   */
  async updateLoanIfUnchanged(tx: TransactionClient, id: string, version: number, changes: LoanChanges): Promise<boolean> {
    const { count } = await tx.loan.updateMany({
      where: { id, version },
      data: {
        status: changes.status,
        outstandingPrincipal: changes.outstandingPrincipal,
        interestPaid: changes.interestPaid,
        closedOn: changes.closedOn === null ? null : fromDateString(changes.closedOn),
        closeReason: changes.closeReason,
        updatedAt: new Date(),
        version: { increment: 1 },
      },
    });
    return count === 1;
  }

  /** Optimistic concurrency as in updateLoanIfUnchanged, for closing a loan on its recovery settlement. */
  async settleIfUnchanged(tx: TransactionClient, id: string, version: number, changes: SettlementChanges): Promise<boolean> {
    const { count } = await tx.loan.updateMany({
      where: { id, version },
      data: {
        status: changes.status,
        closedOn: fromDateString(changes.closedOn),
        closeReason: changes.closeReason,
        updatedAt: new Date(),
        version: { increment: 1 },
      },
    });
    return count === 1;
  }

  /** Optimistic concurrency as in updateLoanIfUnchanged, for overdue and default reports. */
  async updateDelinquencyIfUnchanged(tx: TransactionClient, id: string, version: number, changes: DelinquencyChanges): Promise<boolean> {
    const fields =
      changes.kind === 'overdue'
        ? { overdueSince: fromDateString(changes.overdueSince), daysPastDue: changes.daysPastDue, overdueInterest: changes.overdueInterest }
        : { defaultedOn: fromDateString(changes.defaultedOn), accruedInterest: changes.accruedInterest };
    const { count } = await tx.loan.updateMany({
      where: { id, version },
      data: { status: changes.status, ...fields, updatedAt: new Date(), version: { increment: 1 } },
    });
    return count === 1;
  }

  async insertRepayment(tx: TransactionClient, repayment: NewRepayment): Promise<void> {
    const { actor, ...rest } = repayment;
    await tx.repayment.create({
      data: {
        ...rest,
        repaidOn: fromDateString(repayment.repaidOn),
        actorOrgId: actor.orgId,
        actorRole: actor.role,
        actorUserId: actor.userId,
      },
    });
  }

  async recordTransition(tx: TransactionClient, record: LoanTransitionRecord): Promise<void> {
    await tx.loanTransition.create({
      data: {
        loanId: record.loanId,
        fromStatus: record.fromStatus,
        toStatus: record.toStatus,
        actorOrgId: record.actor.orgId,
        actorRole: record.actor.role,
        actorUserId: record.actor.userId,
        causationId: record.causationId,
      },
    });
  }

  listLoans(filter: { bankOrgId?: string; status?: LoanStatus; pledgeId?: string; limit: number }): Promise<LoanRow[]> {
    return this.prisma.loan.findMany({
      where: {
        ...(filter.bankOrgId === undefined ? {} : { bankOrgId: filter.bankOrgId }),
        ...(filter.status === undefined ? {} : { status: filter.status }),
        ...(filter.pledgeId === undefined ? {} : { pledgeId: filter.pledgeId }),
      },
      include: WITH_REPAYMENTS,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: filter.limit,
    });
  }

  readLoan(id: string): Promise<LoanRow | null> {
    return this.findLoan(this.prisma, id);
  }

  readLoanOfPledge(pledgeId: string): Promise<{ id: string; status: string } | null> {
    return this.findLoanOfPledge(this.prisma, pledgeId);
  }
}
