import { Inject, Injectable } from '@nestjs/common';
import type { LocalDate } from '@ipledger/calendar';
import type { Actor, LoanStatus, PayloadOf } from '@ipledger/contracts';
import type { DayCount, PeriodMonths, PrepaymentChoice, RepaymentMethod, ScheduledInstalment } from '@ipledger/loan-servicing';
import { Money, type Rate } from '@ipledger/money';
import type { PrismaClient, TransactionClient } from './database';
import { fromDateString, PRISMA } from '@ipledger/service-kit';
import type { AccrualWindow } from './domain/interest-accrual';
import type { Loan } from './domain/loan';
import type { LoanCloseReason } from './domain/loan-lifecycle';
import type { PledgeFacts, ValuationFacts } from './domain/pledge-facts';
import { loanStatusOf, toInstalment, toLoan, toPledgeFacts, WITH_REPAYMENTS } from './lending-records';

type Db = PrismaClient | TransactionClient;

export interface NewLoan {
  id: string;
  pledgeId: string;
  bankOrgId: string;
  borrowerUscc: string;
  status: LoanStatus;
  principal: Money;
  annualInterestRate: Rate;
  termMonths: number;
  disbursedOn: LocalDate;
  maturityDate: LocalDate;
  loanToValueLimit: Rate;
  guarantorOrgId: string | null;
  insurerOrgId: string | null;
  repaymentMethod: RepaymentMethod;
  dayCount: DayCount;
  periodMonths: PeriodMonths;
}

export interface NewRepayment {
  id: string;
  loanId: string;
  principalAmount: Money;
  interestAmount: Money;
  repaidOn: LocalDate;
  outstandingAfter: Money;
  actor: Actor;
  /** A prepayment (提前还款) and the choice the bank made; absent for a repayment of the schedule. */
  prepayment?: { choice: PrepaymentChoice };
}

export interface LoanChanges {
  status: LoanStatus;
  outstandingPrincipal: Money;
  interestPaid: Money;
  /** The accrued interest settled so far, this repayment's part included. */
  accruedInterestSettled: Money;
  closedOn: LocalDate | null;
  closeReason: LoanCloseReason | null;
}

/** What closing a DEFAULTED loan on its recovery settlement changes. */
export interface SettlementChanges {
  status: LoanStatus;
  closedOn: LocalDate;
  closeReason: LoanCloseReason;
}

/** What an overdue report (the overdue fields) or a default report (the default fields) changes. */
export type DelinquencyChanges =
  | { kind: 'overdue'; status: LoanStatus; overdueSince: LocalDate; daysPastDue: number; overdueInterest: Money }
  | { kind: 'default'; status: LoanStatus; defaultedOn: LocalDate; accruedInterest: Money };

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
        pledgorFirmSize: pledge.pledgor.firmSize ?? null,
        pledgorIndustry: pledge.pledgor.industry ?? null,
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

  async findLoan(db: Db, id: string): Promise<Loan | null> {
    const row = await db.loan.findUnique({ where: { id }, include: WITH_REPAYMENTS });
    return row === null ? null : toLoan(row);
  }

  async findLoanOfPledge(db: Db, pledgeId: string): Promise<{ id: string; status: LoanStatus } | null> {
    const row = await db.loan.findUnique({ where: { pledgeId }, select: { id: true, status: true } });
    return row === null ? null : { id: row.id, status: loanStatusOf(row) };
  }

  async insertLoan(tx: TransactionClient, loan: NewLoan): Promise<void> {
    await tx.loan.create({
      data: {
        ...loan,
        principal: loan.principal.toString(),
        annualInterestRate: loan.annualInterestRate.toString(),
        loanToValueLimit: loan.loanToValueLimit.toString(),
        outstandingPrincipal: loan.principal.toString(),
        interestPaid: Money.zero().toString(),
        disbursedOn: fromDateString(loan.disbursedOn),
        maturityDate: fromDateString(loan.maturityDate),
      },
    });
  }

  /**
   * A schedule version, stored once (the table is append-only for the service's role): version 1 at
   * disbursement, the next one whole after each prepayment.
   */
  async insertSchedule(
    tx: TransactionClient,
    loanId: string,
    instalments: readonly ScheduledInstalment[],
    scheduleVersion = 1,
  ): Promise<void> {
    await tx.loanInstalment.createMany({
      data: instalments.map((instalment) => ({
        loanId,
        scheduleVersion,
        number: instalment.number,
        startsOn: fromDateString(instalment.startsOn),
        dueOn: fromDateString(instalment.dueOn),
        days: instalment.days,
        openingPrincipal: instalment.openingPrincipal.toString(),
        principal: instalment.principal.toString(),
        interest: instalment.interest.toString(),
        // Stored only for the row a prepayment fell in: its day, and what it closes at.
        closingPrincipal: instalment.prepaidOn === undefined ? null : instalment.closingPrincipal.toString(),
        prepaidOn: instalment.prepaidOn === undefined ? null : fromDateString(instalment.prepaidOn),
      })),
    });
  }

  /** The loan's schedule in force (its current version), in instalment order. */
  async findSchedule(db: Db, loan: { id: string; scheduleVersion: number }): Promise<ScheduledInstalment[]> {
    const rows = await db.loanInstalment.findMany({
      where: { loanId: loan.id, scheduleVersion: loan.scheduleVersion },
      orderBy: { number: 'asc' },
    });
    return rows.map(toInstalment);
  }

  readSchedule(loan: { id: string; scheduleVersion: number }): Promise<ScheduledInstalment[]> {
    return this.findSchedule(this.prisma, loan);
  }

  /** A prepayment made the schedule anew: the loan now follows `scheduleVersion`, ending on `maturityDate`. */
  async adoptSchedule(
    tx: TransactionClient,
    loanId: string,
    schedule: { scheduleVersion: number; maturityDate: LocalDate },
  ): Promise<void> {
    await tx.loan.update({
      where: { id: loanId },
      data: { scheduleVersion: schedule.scheduleVersion, maturityDate: fromDateString(schedule.maturityDate), updatedAt: new Date() },
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
        outstandingPrincipal: changes.outstandingPrincipal.toString(),
        interestPaid: changes.interestPaid.toString(),
        accruedInterestSettled: changes.accruedInterestSettled.toString(),
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
        ? {
            overdueSince: fromDateString(changes.overdueSince),
            daysPastDue: changes.daysPastDue,
            overdueInterest: changes.overdueInterest.toString(),
          }
        : { defaultedOn: fromDateString(changes.defaultedOn), accruedInterest: changes.accruedInterest.toString() };
    const { count } = await tx.loan.updateMany({
      where: { id, version },
      data: { status: changes.status, ...fields, updatedAt: new Date(), version: { increment: 1 } },
    });
    return count === 1;
  }

  async insertRepayment(tx: TransactionClient, repayment: NewRepayment): Promise<void> {
    const { actor, prepayment, ...rest } = repayment;
    await tx.repayment.create({
      data: {
        ...rest,
        kind: prepayment === undefined ? 'instalment' : 'prepayment',
        prepaymentChoice: prepayment?.choice ?? null,
        principalAmount: repayment.principalAmount.toString(),
        interestAmount: repayment.interestAmount.toString(),
        outstandingAfter: repayment.outstandingAfter.toString(),
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

  async listLoans(filter: { bankOrgId?: string; status?: LoanStatus; pledgeId?: string; limit: number }): Promise<Loan[]> {
    const rows = await this.prisma.loan.findMany({
      where: {
        ...(filter.bankOrgId === undefined ? {} : { bankOrgId: filter.bankOrgId }),
        ...(filter.status === undefined ? {} : { status: filter.status }),
        ...(filter.pledgeId === undefined ? {} : { pledgeId: filter.pledgeId }),
      },
      include: WITH_REPAYMENTS,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: filter.limit,
    });
    return rows.map(toLoan);
  }

  /**
   * Records the accrual of `window`'s days on a loan, only if nothing accrued them meanwhile (the
   * loan's accrued-until day is still the window's start): moves that day and adds the amount,
   * without touching the loan's version (a bank's command racing it is not disturbed), and stores
   * the row. False when another run got there first.
   */
  async recordAccrual(tx: TransactionClient, loan: Loan, window: AccrualWindow, amount: Money): Promise<boolean> {
    const { count } = await tx.loan.updateMany({
      where: {
        id: loan.id,
        interestAccruedUntil: loan.interestAccruedUntil === null ? null : fromDateString(loan.interestAccruedUntil),
      },
      data: { interestAccruedUntil: fromDateString(window.until), interestAccrued: { increment: amount.toString() } },
    });
    if (count !== 1) return false;
    await tx.interestAccrual.create({
      data: {
        loanId: loan.id,
        accruedFrom: fromDateString(window.from),
        accruedUntil: fromDateString(window.until),
        amount: amount.toString(),
      },
    });
    return true;
  }

  /**
   * Loans with days left to accrue on `today` (the disbursement, or the first day not yet
   * accrued, is before today, the maturity, and the day the loan closed or defaulted), in id order
   * after `afterId`.
   */
  async loansWithInterestToAccrue(today: LocalDate, afterId: string | null, limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM lending.loans
      WHERE COALESCE(interest_accrued_until, disbursed_on) < LEAST(${today}::date, maturity_date, COALESCE(closed_on, maturity_date), COALESCE(defaulted_on, maturity_date))
        AND (${afterId}::text IS NULL OR id > ${afterId}::text)
      ORDER BY id
      LIMIT ${limit}`;
    return rows.map((row) => row.id);
  }

  /**
   * ACTIVE loans with an instalment due before `day`, in id order after `afterId`: the ones the
   * overdue sweep looks at (their schedule decides whether they slipped).
   */
  async activeLoansWithInstalmentDueBefore(day: string, afterId: string | null, limit: number): Promise<string[]> {
    const rows = await this.prisma.loan.findMany({
      where: {
        status: 'ACTIVE',
        instalments: { some: { dueOn: { lt: fromDateString(day) } } },
        ...(afterId === null ? {} : { id: { gt: afterId } }),
      },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map((row) => row.id);
  }

  readLoan(id: string): Promise<Loan | null> {
    return this.findLoan(this.prisma, id);
  }

  readLoanOfPledge(pledgeId: string): Promise<{ id: string; status: LoanStatus } | null> {
    return this.findLoanOfPledge(this.prisma, pledgeId);
  }
}
