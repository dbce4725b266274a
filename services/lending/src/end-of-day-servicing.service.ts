// What the end-of-day servicing (servicing-sweep.ts) does to one loan, each in its own
// transaction and acted by the service itself: accrue the interest of the days that ended
// (按日计息), and turn an ACTIVE loan OVERDUE when its schedule has an instalment unpaid after its
// due day (逾期自动认定). The bank's own commands on a loan are LendingService's.
import { Inject, Injectable } from '@nestjs/common';
import { daysBetween, type LocalDate } from '@ipledger/calendar';
import { interestAccruedBetween } from '@ipledger/loan-servicing';
import type { Outbox } from '@ipledger/messaging';
import { OUTBOX, UnitOfWork } from '@ipledger/service-kit';
import type { TransactionClient } from './database';
import { decideSlip } from './domain/delinquency-rules';
import { accrualWindow } from './domain/interest-accrual';
import { arrearsOf } from './domain/schedule-arrears';
import { LendingRepository } from './lending.repository';
import { SYSTEM_ACTOR } from './lending.service';
import { positionOf, storedSchedule } from './loan-position';

@Injectable()
export class EndOfDayServicing {
  constructor(
    private readonly repository: LendingRepository,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /**
   * 按日计息: the loan's days not yet accrued up to today (domain/interest-accrual.ts), their
   * interest by the stored schedule, recorded once (the loan's accrued-until day moves with it)
   * with LoanInterestAccrued for the ledger. True when days were accrued; false when there were
   * none or another run accrued them first.
   */
  async accrueInterest(loanId: string, today: LocalDate): Promise<boolean> {
    return this.unitOfWork.runJob(async (tx) => {
      const loan = await this.repository.findLoan(tx, loanId);
      if (loan === null) return false;
      const window = accrualWindow(loan, today);
      if (window === null) return false;
      const schedule = storedSchedule(loan, await this.repository.findSchedule(tx, loan));
      const amount = interestAccruedBetween(schedule, window.from, window.until);
      if (!(await this.repository.recordAccrual(tx, loan, window, amount))) return false;
      // A run of days with no interest (a schedule of a few fen) moves the day and posts nothing.
      if (amount.isPositive()) {
        await this.outbox.append(tx, {
          type: 'LoanInterestAccrued',
          payload: {
            loanId,
            bankOrgId: loan.bankOrgId,
            accruedFrom: window.from,
            accruedUntil: window.until,
            days: daysBetween(window.from, window.until),
            amount: amount.toString(),
          },
          actor: SYSTEM_ACTOR,
          correlationId: `interest-accrual:${loanId}:${window.until}`,
          causationId: null,
        });
      }
      return true;
    });
  }

  /**
   * An ACTIVE loan whose schedule has an instalment unpaid
   * after its due day on `today` turns OVERDUE by itself, with the schedule's figures and
   * LoanOverdue (detectedBy 'schedule'), acted by the service. True when it did; false when there
   * was nothing to do or the loan changed meanwhile (a bank's command won; the next sweep looks again).
   */
  async slipOverdueBySchedule(loanId: string, today: LocalDate): Promise<boolean> {
    return this.unitOfWork.runJob(async (tx) => {
      const loan = await this.repository.findLoan(tx, loanId);
      if (loan === null) return false;
      const schedule = storedSchedule(loan, await this.repository.findSchedule(tx, loan));
      const arrears = arrearsOf(positionOf(loan, schedule, today));
      const decision = decideSlip({ loanId: loan.id, status: loan.status }, arrears);
      if (decision === null || arrears.overdueSince === null) return false;
      const cause = { actor: SYSTEM_ACTOR, correlationId: `overdue-by-schedule:${loanId}:${today}`, causationId: null };
      const changed = await this.repository.updateDelinquencyIfUnchanged(tx, loan.id, loan.version, {
        kind: 'overdue',
        status: decision.outcome.statusAfter,
        overdueSince: arrears.overdueSince,
        daysPastDue: arrears.daysPastDue,
        overdueInterest: arrears.interestInArrears,
      });
      if (!changed) return false;
      await this.repository.recordTransition(tx, {
        loanId,
        fromStatus: decision.outcome.statusBefore,
        toStatus: decision.outcome.statusAfter,
        ...cause,
      });
      await this.outbox.append(tx, {
        type: 'LoanOverdue',
        payload: {
          loanId,
          bankOrgId: loan.bankOrgId,
          overdueSince: arrears.overdueSince,
          daysPastDue: arrears.daysPastDue,
          outstandingPrincipal: loan.outstandingPrincipal.toString(),
          overdueInterest: arrears.interestInArrears.toString(),
          reportedOn: today,
          detectedBy: 'schedule',
        },
        ...cause,
      });
      return true;
    });
  }
}
