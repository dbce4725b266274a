import { Inject, Injectable } from '@nestjs/common';
import type {
  Actor,
  DisburseLoanRequest,
  EventEnvelope,
  LoanResponse,
  LoanScheduleResponse,
  LoanStatus,
  PayloadOf,
  RecordRepaymentRequest,
  ReportDefaultRequest,
  ReportOverdueRequest,
} from '@ipledger/contracts';
import type { BackdatingBounds } from '@ipledger/calendar';
import { isUniqueViolation } from '@ipledger/db';
import type { TransactionClient } from './database';
import type { Outbox } from '@ipledger/messaging';
import { buildSchedule } from '@ipledger/loan-servicing';
import { Money, Rate } from '@ipledger/money';
import {
  Clock,
  ConcurrentModificationError,
  IllegalTransitionError,
  newId,
  NotFoundError,
  OUTBOX,
  causeOfEvent,
  requireOwn,
  requireReadable,
  type CommandContext,
  type RequestContext,
  RuleViolationError,
  SERVICE_CONFIG,
  type ServiceConfig,
  UnitOfWork,
  ValidationError,
} from '@ipledger/service-kit';
import {
  decideDefault,
  decideOverdue,
  type DelinquencyDecision,
  type DelinquencyLoan,
  type DelinquencyRefusal,
} from './domain/delinquency-rules';
import { checkDisbursementRequest, decideDisbursement, type DisbursementRefusal } from './domain/disbursement-rules';
import { transition } from './domain/loan-lifecycle';
import { isLaterRegistrationVersion, supersedes } from './domain/pledge-facts';
import { decideRecoverySettlement, type SettlementLoan } from './domain/recovery-settlement';
import { contractRateText, type InterestHistory } from './domain/interest-bounds';
import type { Loan } from './domain/loan';
import { checkRepaymentDate, decideRepayment, type Repayment, type RepaymentRefusal } from './domain/repayment-rules';
import { allocateRepayment } from './domain/repayment-allocation';
import { LendingRepository, type DelinquencyChanges } from './lending.repository';
import { toLoanResponse } from './loan-response';
import { paymentsOf, positionOf, storedSchedule } from './loan-position';
import { toLoanScheduleResponse } from './loan-schedule-response';
import { arrearsOf, type ScheduleArrears } from './domain/schedule-arrears';
import { accruedInterestSettledBy } from './domain/interest-accrual';
import { LOAN_ACCESS } from './loan-access';

/** Who changes a loan on another service's event (the transition's and the outbox event's actor). */
export const SYSTEM_ACTOR: Actor = { orgId: 'ipledger-lending', role: 'system', userId: null };

@Injectable()
export class LendingService {
  constructor(
    private readonly repository: LendingRepository,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /**
   * What a date the bank gives for a fact outside the system (disbursed, repaid, overdue since,
   * defaulted on) is judged against: today in China by the server's clock, and the backdating limit.
   */
  private dateBounds(): BackdatingBounds {
    return { today: this.clock.today(), limitDays: this.config.BACKDATING_LIMIT_DAYS };
  }

  /** A bank disburses (放款) a loan against its own registered, validly valued pledge. */
  async disburse(request: DisburseLoanRequest, ctx: CommandContext): Promise<LoanResponse> {
    const issues = checkDisbursementRequest(request, this.dateBounds());
    if (issues.length > 0) throw new ValidationError(issues);
    try {
      return await this.unitOfWork.run(ctx, (tx) => this.disburseIn(tx, request, ctx));
    } catch (error) {
      // Two disbursements for one pledge at the same moment: the unique pledge_id lets one in.
      if (isUniqueViolation(error)) {
        const existing = await this.repository.readLoanOfPledge(request.pledgeId);
        if (existing)
          throw new RuleViolationError(
            `pledge ${request.pledgeId} already secures loan ${existing.id} (${existing.status})`,
            existing.status,
          );
        throw new ConcurrentModificationError(
          `another request for pledge ${request.pledgeId} was written at the same time; read it and try again`,
        );
      }
      throw error;
    }
  }

  private async disburseIn(tx: TransactionClient, request: DisburseLoanRequest, ctx: CommandContext): Promise<LoanResponse> {
    const decision = decideDisbursement({
      request,
      actingBankOrgId: ctx.actor.orgId,
      facts: await this.repository.findFacts(tx, request.pledgeId),
      existingLoan: await this.repository.findLoanOfPledge(tx, request.pledgeId),
    });
    if (!decision.ok) throw disbursementError(request.pledgeId, decision.refusal);
    const { terms } = decision;
    const step = transition(null, 'disburse');
    if (!step.ok) throw new Error(step.reason);
    const loanId = newId('loan');
    const schedule = buildSchedule({
      principal: terms.principal,
      annualRate: Rate.of(request.annualInterestRate),
      disbursedOn: request.disbursedOn,
      termMonths: request.termMonths,
      method: request.repaymentMethod,
      dayCount: request.dayCount,
      periodMonths: request.periodMonths,
    });
    await this.repository.insertLoan(tx, {
      id: loanId,
      pledgeId: request.pledgeId,
      bankOrgId: terms.application.bankOrgId,
      borrowerUscc: terms.application.pledgor.uscc,
      status: step.to,
      principal: terms.principal,
      annualInterestRate: Rate.of(request.annualInterestRate),
      termMonths: request.termMonths,
      disbursedOn: request.disbursedOn,
      maturityDate: terms.maturityDate,
      loanToValueLimit: terms.loanToValueLimit.rate,
      guarantorOrgId: request.guarantorOrgId ?? null,
      insurerOrgId: request.insurerOrgId ?? null,
      repaymentMethod: request.repaymentMethod,
      dayCount: request.dayCount,
      periodMonths: request.periodMonths,
    });
    await this.repository.insertSchedule(tx, loanId, schedule.instalments);
    await this.repository.recordTransition(tx, {
      loanId,
      fromStatus: step.from,
      toStatus: step.to,
      ...ctx.cause,
    });
    const loan = await this.reread(tx, loanId);
    await this.outbox.append(tx, {
      type: 'LoanDisbursed',
      payload: {
        loanId,
        pledgeId: loan.pledgeId,
        bankOrgId: loan.bankOrgId,
        borrowerUscc: loan.borrowerUscc,
        borrowerName: terms.application.pledgor.name,
        principal: loan.principal.toString(),
        annualInterestRate: loan.annualInterestRate.toString(),
        termMonths: loan.termMonths,
        disbursedOn: loan.disbursedOn,
        maturityDate: loan.maturityDate,
        districtCode: terms.application.districtCode,
        ipTypes: [...new Set(terms.application.ipTypes)],
        loanToValueLimit: loan.loanToValueLimit.toString(),
        pledgeRegistrationNumber: terms.registration.registrationNumber,
        // Optional fields: left out when not known, never sent as null.
        ...(terms.valuation.appraiserOrgId === null ? {} : { appraiserOrgId: terms.valuation.appraiserOrgId }),
        ...(loan.guarantorOrgId === null ? {} : { guarantorOrgId: loan.guarantorOrgId }),
        ...(loan.insurerOrgId === null ? {} : { insurerOrgId: loan.insurerOrgId }),
        repaymentMethod: loan.repaymentMethod,
        dayCount: loan.dayCount,
        periodMonths: loan.periodMonths,
        ...(terms.application.pledgor.firmSize === undefined ? {} : { borrowerFirmSize: terms.application.pledgor.firmSize }),
        ...(terms.application.pledgor.industry === undefined ? {} : { borrowerIndustry: terms.application.pledgor.industry }),
      },
      ...ctx.cause,
    });
    return toLoanResponse(loan);
  }

  /** A bank records a repayment; principal reaching 0.00 closes the loan in the same transaction. */
  async repay(loanId: string, request: RecordRepaymentRequest, ctx: CommandContext): Promise<LoanResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const loan = requireOwn(ctx, LOAN_ACCESS, loanId, await this.repository.findLoan(tx, loanId));
      const { repayment, contractualInterest } = await this.repaymentOf(tx, loan, request);
      const decision = decideRepayment(balanceOf(loan), repayment, this.dateBounds());
      if (!decision.ok) throw repaymentError(decision.refusal);
      const { outcome } = decision;
      const settled = accruedInterestSettledBy(contractualInterest, loan.interestAccrued, loan.accruedInterestSettled);
      const changed = await this.repository.updateLoanIfUnchanged(tx, loanId, loan.version, {
        status: outcome.statusAfter,
        outstandingPrincipal: outcome.outstandingAfter,
        interestPaid: outcome.interestPaidAfter,
        accruedInterestSettled: loan.accruedInterestSettled.plus(settled),
        closedOn: outcome.closes ? request.repaidOn : null,
        closeReason: outcome.closes ? 'repaid' : null,
      });
      if (!changed) throw await this.concurrentRepayment(tx, loanId, repayment);

      const repaymentId = newId('repayment');
      await this.repository.insertRepayment(tx, {
        id: repaymentId,
        loanId,
        principalAmount: repayment.principalAmount,
        interestAmount: repayment.interestAmount,
        repaidOn: request.repaidOn,
        outstandingAfter: outcome.outstandingAfter,
        actor: ctx.actor,
      });
      await this.outbox.append(tx, {
        type: 'LoanRepaid',
        payload: {
          loanId,
          repaymentId,
          bankOrgId: loan.bankOrgId,
          principalAmount: repayment.principalAmount.toString(),
          interestAmount: repayment.interestAmount.toString(),
          repaidOn: request.repaidOn,
          outstandingPrincipal: outcome.outstandingAfter.toString(),
          accruedInterestSettled: settled.toString(),
        },
        ...ctx.cause,
      });
      if (outcome.closes) {
        await this.repository.recordTransition(tx, {
          loanId,
          fromStatus: loan.status,
          toStatus: outcome.statusAfter,
          ...ctx.cause,
        });
        await this.outbox.append(tx, {
          type: 'LoanClosed',
          payload: { loanId, pledgeId: loan.pledgeId, bankOrgId: loan.bankOrgId, closedOn: request.repaidOn, reason: 'repaid' },
          ...ctx.cause,
        });
      }
      return toLoanResponse(await this.reread(tx, loanId));
    });
  }

  /**
   * The repayment's principal and interest: the bank's split, or the `amount` paid allocated by
   * the loan's schedule after the repayments recorded (domain/repayment-allocation.ts; its date is
   * checked first). The contractual interest (without penalty) is what may settle accrued interest.
   */
  private async repaymentOf(
    tx: TransactionClient,
    loan: Loan,
    request: RecordRepaymentRequest,
  ): Promise<{ repayment: Repayment; contractualInterest: Money }> {
    if (request.amount === undefined) {
      const interestAmount = Money.of(request.interestAmount ?? '0.00');
      return {
        repayment: { principalAmount: Money.of(request.principalAmount ?? '0.00'), interestAmount, repaidOn: request.repaidOn },
        contractualInterest: interestAmount,
      };
    }
    const dateIssues = checkRepaymentDate(balanceOf(loan), request.repaidOn, this.dateBounds());
    if (dateIssues.length > 0) throw new ValidationError(dateIssues);
    const schedule = storedSchedule(loan, await this.repository.findSchedule(tx, loan));
    const allocated = allocateRepayment(schedule, paymentsOf(loan), Money.of(request.amount), request.repaidOn);
    if (!allocated.ok) throw new RuleViolationError(allocated.issue.rule, loan.status, [allocated.issue]);
    const { split } = allocated;
    return {
      repayment: { principalAmount: split.principalAmount, interestAmount: split.interestAmount, repaidOn: request.repaidOn },
      contractualInterest: split.interestAmount.minus(split.penaltyAmount),
    };
  }

  /** A bank reports its loan overdue (逾期); a later report on an OVERDUE loan updates the figures. */
  async reportOverdue(loanId: string, request: ReportOverdueRequest, ctx: CommandContext): Promise<LoanResponse> {
    const report = {
      overdueSince: request.overdueSince,
      daysPastDue: request.daysPastDue,
      overdueInterest: Money.of(request.overdueInterest),
    };
    return this.unitOfWork.run(ctx, async (tx) => {
      // The day the report was received is the server's; the day the loan fell overdue is the bank's.
      const bounds = this.dateBounds();
      const reportedOn = bounds.today;
      const loan = requireOwn(ctx, LOAN_ACCESS, loanId, await this.repository.findLoan(tx, loanId));
      const arrears = await this.arrearsOn(tx, loan, reportedOn);
      const decision = decideOverdue(delinquencyOf(loan), report, bounds, arrears);
      if (!decision.ok) throw delinquencyError(decision.refusal);
      await this.applyDelinquency(
        tx,
        loan,
        decision,
        ctx,
        {
          kind: 'overdue',
          status: decision.outcome.statusAfter,
          overdueSince: request.overdueSince,
          daysPastDue: request.daysPastDue,
          overdueInterest: report.overdueInterest,
        },
        (current) => decideOverdue(delinquencyOf(current), report, bounds, arrears),
      );
      await this.outbox.append(tx, {
        type: 'LoanOverdue',
        payload: {
          loanId,
          bankOrgId: loan.bankOrgId,
          overdueSince: request.overdueSince,
          daysPastDue: request.daysPastDue,
          outstandingPrincipal: loan.outstandingPrincipal.toString(),
          overdueInterest: report.overdueInterest.toString(),
          reportedOn,
          detectedBy: 'bank-report',
        },
        ...ctx.cause,
      });
      return toLoanResponse(await this.reread(tx, loanId));
    });
  }

  /** A bank reports its loan in default (违约): the outstanding principal as of that date; no more repayments. */
  async reportDefault(loanId: string, request: ReportDefaultRequest, ctx: CommandContext): Promise<LoanResponse> {
    const report = { defaultedOn: request.defaultedOn, accruedInterest: Money.of(request.accruedInterest) };
    return this.unitOfWork.run(ctx, async (tx) => {
      const bounds = this.dateBounds();
      const loan = requireOwn(ctx, LOAN_ACCESS, loanId, await this.repository.findLoan(tx, loanId));
      const decision = decideDefault(delinquencyOf(loan), report, bounds);
      if (!decision.ok) throw delinquencyError(decision.refusal);
      await this.applyDelinquency(
        tx,
        loan,
        decision,
        ctx,
        {
          kind: 'default',
          status: decision.outcome.statusAfter,
          defaultedOn: request.defaultedOn,
          accruedInterest: report.accruedInterest,
        },
        (current) => decideDefault(delinquencyOf(current), report, bounds),
      );
      const facts = await this.repository.findFacts(tx, loan.pledgeId);
      const districtCode = facts?.application?.districtCode;
      if (districtCode === undefined) throw new Error(`loan ${loanId} has no application facts for pledge ${loan.pledgeId}`);
      await this.outbox.append(tx, {
        type: 'LoanDefaulted',
        payload: {
          loanId,
          pledgeId: loan.pledgeId,
          bankOrgId: loan.bankOrgId,
          borrowerUscc: loan.borrowerUscc,
          defaultedOn: request.defaultedOn,
          outstandingPrincipal: loan.outstandingPrincipal.toString(),
          accruedInterest: report.accruedInterest.toString(),
          districtCode,
        },
        ...ctx.cause,
      });
      return toLoanResponse(await this.reread(tx, loanId));
    });
  }

  async get(loanId: string, ctx: RequestContext): Promise<LoanResponse> {
    return toLoanResponse(await requireReadable(ctx, LOAN_ACCESS, loanId, await this.repository.readLoan(loanId)));
  }

  /** The schedule made at disbursement and where the loan stands by it today (China's day, the server's clock). */
  async schedule(loanId: string, ctx: RequestContext): Promise<LoanScheduleResponse> {
    const loan = await requireReadable(ctx, LOAN_ACCESS, loanId, await this.repository.readLoan(loanId));
    const schedule = storedSchedule(loan, await this.repository.readSchedule(loan));
    return toLoanScheduleResponse(loan, schedule, this.clock.today());
  }

  async list(query: { status?: LoanStatus; pledgeId?: string; limit: number }, ctx: RequestContext): Promise<LoanResponse[]> {
    const bankOrgId = ctx.actor.role === 'bank' ? ctx.actor.orgId : undefined;
    const rows = await this.repository.listLoans({ bankOrgId, ...query });
    return rows.map(toLoanResponse);
  }

  // ── facts from other services' events ───────────────────────────────────────

  /** The application as submitted, or as corrected (补正), which replaces the returned one. */
  learnApplication(
    tx: TransactionClient,
    payload: PayloadOf<'PledgeApplicationSubmitted' | 'PledgeApplicationResubmitted'>,
    eventId: string,
  ): Promise<void> {
    return this.repository.recordApplication(tx, payload, eventId);
  }

  learnRegistration(tx: TransactionClient, payload: PayloadOf<'PledgeRegistered'>, eventId: string): Promise<void> {
    return this.repository.recordRegistration(tx, payload, eventId);
  }

  /**
   * 变更登记: later disbursements are checked against the changed amount secured and term. Only a
   * later version than the one kept applies; a loan already disbursed keeps its terms.
   */
  async learnRegistrationChange(tx: TransactionClient, payload: PayloadOf<'PledgeRegistrationChanged'>): Promise<void> {
    const kept = await this.repository.registrationVersionForUpdate(tx, payload.pledgeId);
    if (isLaterRegistrationVersion(payload.registrationVersion, kept)) await this.repository.recordRegistrationChange(tx, payload);
  }

  /** PledgeReleased: a released pledge secures no new loan (its own loan, if any, has closed). */
  learnRelease(tx: TransactionClient, payload: PayloadOf<'PledgeReleased'>): Promise<void> {
    return this.repository.recordRelease(tx, payload);
  }

  /** Keeps the latest valuation of a pledge; an older one arriving late changes nothing. */
  async learnValuation(tx: TransactionClient, payload: PayloadOf<'PledgeValued'>, eventId: string): Promise<void> {
    const facts = await this.repository.factsForUpdate(tx, payload.pledgeId);
    const incoming = {
      valuationId: payload.valuationId,
      appraiserOrgId: payload.appraiserOrgId,
      appraisedValue: Money.of(payload.appraisedValue),
      valuationDate: payload.valuationDate,
      validUntil: payload.validUntil,
    };
    if (supersedes(incoming, facts.valuation)) await this.repository.recordValuation(tx, payload.pledgeId, incoming, eventId);
  }

  // ── events from risk compensation ───────────────────────────────────────────

  /**
   * RecoveryDistributed: the disposal proceeds of a DEFAULTED loan's pledge were shared out, so
   * the loan is settled and closes (reason 'recovery-settled') on the day of the distribution,
   * with LoanClosed in the same transaction. A loan closed by this settlement already is left
   * alone; an unknown loan, or one that is not DEFAULTED, is an error (retried, then dead-lettered).
   */
  async settleRecovery(tx: TransactionClient, event: EventEnvelope<'RecoveryDistributed'>): Promise<void> {
    const { payload } = event;
    const loan = await this.repository.findLoan(tx, payload.loanId);
    if (!loan) throw inconsistent(event, `loan ${payload.loanId} is unknown here`);
    const decision = decideRecoverySettlement(settlementLoanOf(loan), payload);
    if (!decision.ok) throw inconsistent(event, decision.reason);
    const { outcome } = decision;
    if (outcome.kind === 'already-settled') return;
    const changed = await this.repository.settleIfUnchanged(tx, loan.id, loan.version, {
      status: outcome.statusAfter,
      closedOn: outcome.closedOn,
      closeReason: outcome.closeReason,
    });
    if (!changed) throw inconsistent(event, `loan ${loan.id} changed while closing it; retrying`);
    await this.repository.recordTransition(tx, {
      loanId: loan.id,
      fromStatus: outcome.statusBefore,
      toStatus: outcome.statusAfter,
      ...causeOfEvent(event, SYSTEM_ACTOR),
    });
    await this.outbox.append(tx, {
      type: 'LoanClosed',
      payload: {
        loanId: loan.id,
        pledgeId: loan.pledgeId,
        bankOrgId: loan.bankOrgId,
        closedOn: outcome.closedOn,
        reason: outcome.closeReason,
      },
      ...causeOfEvent(event, SYSTEM_ACTOR),
    });
  }

  /**
   * The version check failed: another repayment changed the loan after we read it. Decide again
   * on what is there now, so the answer names the real reason (closed, or now more than owed).
   */
  private async concurrentRepayment(tx: TransactionClient, loanId: string, repayment: Repayment): Promise<Error> {
    const current = await this.reread(tx, loanId);
    const decision = decideRepayment(balanceOf(current), repayment, this.dateBounds());
    if (!decision.ok) return repaymentError(decision.refusal);
    return new ConcurrentModificationError(
      `loan ${loanId} was changed by another repayment at the same time; read it and try again`,
      current.status,
    );
  }

  /**
   * Writes an accepted overdue or default report with optimistic concurrency, and the transition
   * when the state changes. If the loan changed since it was read, decides again on what is there
   * now, so the answer names the real reason.
   */
  private async applyDelinquency(
    tx: TransactionClient,
    loan: Loan,
    decision: Extract<DelinquencyDecision, { ok: true }>,
    ctx: CommandContext,
    changes: DelinquencyChanges,
    decideAgain: (current: Loan) => DelinquencyDecision,
  ): Promise<void> {
    const changed = await this.repository.updateDelinquencyIfUnchanged(tx, loan.id, loan.version, changes);
    if (!changed) {
      const current = await this.reread(tx, loan.id);
      const again = decideAgain(current);
      if (!again.ok) throw delinquencyError(again.refusal);
      throw new ConcurrentModificationError(
        `loan ${loan.id} was changed by another command at the same time; read it and try again`,
        current.status,
      );
    }
    const { outcome } = decision;
    if (outcome.changesStatus) {
      await this.repository.recordTransition(tx, {
        loanId: loan.id,
        fromStatus: outcome.statusBefore,
        toStatus: outcome.statusAfter,
        ...ctx.cause,
      });
    }
  }

  /** What the loan's stored schedule has in arrears on `day`, with the repayments recorded so far. */
  private async arrearsOn(tx: TransactionClient, loan: Loan, day: string): Promise<ScheduleArrears> {
    const schedule = storedSchedule(loan, await this.repository.findSchedule(tx, loan));
    return arrearsOf(positionOf(loan, schedule, day));
  }

  private async reread(tx: TransactionClient, loanId: string): Promise<Loan> {
    const row = await this.repository.findLoan(tx, loanId);
    if (!row) throw new Error(`loan ${loanId} vanished inside its own transaction`);
    return row;
  }
}

function balanceOf(loan: Loan) {
  return {
    loanId: loan.id,
    status: loan.status,
    outstandingPrincipal: loan.outstandingPrincipal,
    interestPaid: loan.interestPaid,
    disbursedOn: loan.disbursedOn,
    lastRepaidOn: lastRepaidOn(loan),
    interestHistory: interestHistoryOf(loan),
  };
}

/** What bounds the interest a loan can have earned: principal, rate, disbursement and repayments. */
function interestHistoryOf(loan: Loan): InterestHistory {
  return {
    principal: loan.principal,
    annualInterestRate: contractRateText(loan.annualInterestRate),
    disbursedOn: loan.disbursedOn,
    maturityDate: loan.maturityDate,
    repayments: loan.repayments.map(({ repaidOn, outstandingAfter }) => ({ repaidOn, outstandingAfter })),
  };
}

/** Repayments are read in date order: the last one's date. */
function lastRepaidOn(loan: Loan): string | null {
  return loan.repayments.at(-1)?.repaidOn ?? null;
}

function delinquencyOf(loan: Loan): DelinquencyLoan {
  return {
    loanId: loan.id,
    status: loan.status,
    outstandingPrincipal: loan.outstandingPrincipal,
    disbursedOn: loan.disbursedOn,
    overdueSince: loan.overdueSince,
    lastRepaidOn: lastRepaidOn(loan),
    interestPaid: loan.interestPaid,
    interestHistory: interestHistoryOf(loan),
  };
}

function settlementLoanOf(loan: Loan): SettlementLoan {
  return {
    loanId: loan.id,
    pledgeId: loan.pledgeId,
    bankOrgId: loan.bankOrgId,
    status: loan.status,
    closeReason: loan.closeReason,
    defaultedOn: loan.defaultedOn,
  };
}

/**
 * An event that contradicts what this service knows. Thrown, so the consumer retries (a
 * concurrent change resolves itself) and finally dead-letters it with this message for a person.
 */
function inconsistent(event: EventEnvelope, problem: string): Error {
  return new Error(`${event.type} ${event.eventId}: ${problem}`);
}

function delinquencyError(refusal: DelinquencyRefusal): Error {
  switch (refusal.kind) {
    case 'invalid':
      return new ValidationError(refusal.issues);
    case 'illegal-transition':
      return new IllegalTransitionError(refusal.message, refusal.currentState);
    case 'rule-violated':
      return new RuleViolationError(refusal.message, refusal.currentState, refusal.details);
  }
}

function disbursementError(pledgeId: string, refusal: DisbursementRefusal): Error {
  switch (refusal.kind) {
    case 'not-found':
      return new NotFoundError('pledge', pledgeId);
    case 'rule-violated':
      return new RuleViolationError(refusal.message, refusal.currentState);
  }
}

function repaymentError(refusal: RepaymentRefusal): Error {
  switch (refusal.kind) {
    case 'invalid':
      return new ValidationError(refusal.issues);
    case 'illegal-transition':
      return new IllegalTransitionError(refusal.message, refusal.currentState);
    case 'rule-violated':
      return new RuleViolationError(refusal.message, refusal.currentState, refusal.details);
  }
}
