// 提前还款: a bank records principal its borrower paid ahead of the schedule. The day is the
// server's (interest on that principal stops from it); the rules are domain/prepayment-rules.ts and
// libs/loan-servicing's early-repayment.ts. In one transaction: the loan's outstanding principal
// (optimistic version check, as any repayment), the repayment as a prepayment, the schedule made
// anew as the next version (the loan follows it from then on, to its new maturity), and the
// events: LoanRepaid (principal only: the ledger's cash and principal) then LoanRescheduled; all of
// the principal closes the loan (LoanClosed), as a repayment does.
//
// The pledge's registration needs no change (变更): a prepayment only lowers the debt it secures
// and never extends its term. A bank that wants the registration to show the lower amount asks the
// bureau for a 变更登记 as for any other change.
import { Inject, Injectable } from '@nestjs/common';
import type { LoanResponse, RecordPrepaymentRequest } from '@ipledger/contracts';
import type { Outbox } from '@ipledger/messaging';
import { Money } from '@ipledger/money';
import {
  Clock,
  ConcurrentModificationError,
  IllegalTransitionError,
  newId,
  OUTBOX,
  requireOwn,
  RuleViolationError,
  UnitOfWork,
  type CommandContext,
} from '@ipledger/service-kit';
import type { TransactionClient } from './database';
import { arrearsOf } from './domain/schedule-arrears';
import { decidePrepayment } from './domain/prepayment-rules';
import { LendingRepository } from './lending.repository';
import { LOAN_ACCESS } from './loan-access';
import { positionOf, storedSchedule } from './loan-position';
import { toLoanResponse } from './loan-response';

@Injectable()
export class PrepaymentService {
  constructor(
    private readonly repository: LendingRepository,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  async prepay(loanId: string, request: RecordPrepaymentRequest, ctx: CommandContext): Promise<LoanResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const loan = requireOwn(ctx, LOAN_ACCESS, loanId, await this.repository.findLoan(tx, loanId));
      if (loan.status === 'OVERDUE') {
        throw new RuleViolationError(`loan ${loanId} is overdue: repay what is in arrears before prepaying principal`, loan.status, [
          { field: 'principalAmount', rule: 'an overdue loan repays its arrears first', code: 'arrears-first' },
        ]);
      }
      if (loan.status !== 'ACTIVE')
        throw new IllegalTransitionError(`loan ${loanId} is ${loan.status} and takes no prepayment`, loan.status);
      const today = this.clock.today();
      const principal = Money.of(request.principalAmount);
      const schedule = storedSchedule(loan, await this.repository.findSchedule(tx, loan));
      const decision = decidePrepayment({
        outstandingPrincipal: loan.outstandingPrincipal,
        arrears: arrearsOf(positionOf(loan, schedule, today)),
        schedule,
        prepayment: { on: today, principal, choice: request.choice },
      });
      if (!decision.ok) throw new RuleViolationError(decision.issue.rule, loan.status, [decision.issue]);

      const outstandingAfter = loan.outstandingPrincipal.minus(principal);
      const closes = outstandingAfter.isZero();
      const changed = await this.repository.updateLoanIfUnchanged(tx, loanId, loan.version, {
        status: closes ? 'CLOSED' : loan.status,
        outstandingPrincipal: outstandingAfter,
        interestPaid: loan.interestPaid,
        accruedInterestSettled: loan.accruedInterestSettled,
        closedOn: closes ? today : null,
        closeReason: closes ? 'repaid' : null,
      });
      if (!changed) {
        throw new ConcurrentModificationError(
          `loan ${loanId} was changed by another command at the same time; read it and try again`,
          loan.status,
        );
      }
      const scheduleVersion = loan.scheduleVersion + 1;
      await this.repository.insertSchedule(tx, loanId, decision.schedule.instalments, scheduleVersion);
      await this.repository.adoptSchedule(tx, loanId, { scheduleVersion, maturityDate: decision.schedule.maturityDate });
      const repaymentId = newId('repayment');
      await this.repository.insertRepayment(tx, {
        id: repaymentId,
        loanId,
        principalAmount: principal,
        interestAmount: Money.zero(),
        repaidOn: today,
        outstandingAfter,
        actor: ctx.actor,
        prepayment: { choice: request.choice },
      });
      const { cause } = ctx;
      await this.outbox.append(tx, {
        type: 'LoanRepaid',
        payload: {
          loanId,
          repaymentId,
          bankOrgId: loan.bankOrgId,
          principalAmount: principal.toString(),
          interestAmount: '0.00',
          repaidOn: today,
          outstandingPrincipal: outstandingAfter.toString(),
          accruedInterestSettled: '0.00',
        },
        ...cause,
      });
      await this.outbox.append(tx, {
        type: 'LoanRescheduled',
        payload: {
          loanId,
          pledgeId: loan.pledgeId,
          bankOrgId: loan.bankOrgId,
          repaymentId,
          scheduleVersion,
          choice: request.choice,
          prepaidOn: today,
          prepaidPrincipal: principal.toString(),
          outstandingPrincipal: outstandingAfter.toString(),
          maturityDate: decision.schedule.maturityDate,
          instalments: decision.schedule.instalments.length,
          totalInterest: decision.schedule.totalInterest.toString(),
        },
        ...cause,
      });
      if (closes) {
        await this.repository.recordTransition(tx, { loanId, fromStatus: loan.status, toStatus: 'CLOSED', ...cause });
        await this.outbox.append(tx, {
          type: 'LoanClosed',
          payload: { loanId, pledgeId: loan.pledgeId, bankOrgId: loan.bankOrgId, closedOn: today, reason: 'repaid' },
          ...cause,
        });
      }
      const after = await this.repository.findLoan(tx, loanId);
      if (after === null) throw new Error(`loan ${loanId} vanished inside its own transaction`);
      return toLoanResponse(after);
    });
  }
}
