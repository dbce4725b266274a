// The subsidy path: a bank applies for its borrower with what was paid, the bureau reviews,
// approves or rejects, another bureau user records the payout. Eligibility, the computation and the
// lifecycle are the domain's; this file loads the facts, takes the locks that make racing approvals
// safe, stores the outcome and appends the events in the same transaction.
import { Inject, Injectable } from '@nestjs/common';
import type {
  ApplyForSubsidyRequest,
  DecideSubsidyRequest,
  FieldIssue,
  RecordSubsidyPaymentRequest,
  RejectSubsidyRequest,
  SubsidyApplicationResponse,
  SubsidyApplicationStatus,
} from '@ipledger/contracts';
import { isUniqueViolation } from '@ipledger/db';
import { yearOf, type LocalDate } from '@ipledger/calendar';
import { buildSchedule, lprOn, principalDaysBetween } from '@ipledger/loan-servicing';
import type { Outbox } from '@ipledger/messaging';
import { Money, type Rate } from '@ipledger/money';
import {
  Clock,
  ForbiddenError,
  fromDateString,
  IllegalTransitionError,
  newId,
  NotFoundError,
  OUTBOX,
  requireOwn,
  requireReadable,
  toDateString,
  RuleViolationError,
  UnitOfWork,
  type CommandContext,
  type RequestContext,
} from '@ipledger/service-kit';
import type { TransactionClient } from './database';
import {
  checkSubsidyApplication,
  computeSubsidy,
  firmFactsOf,
  fourEyesRefusal,
  maxDaysPastDueIn,
  paymentFourEyesRefusal,
  publishSubsidyScheme,
  referenceRateDay,
  ruleFor,
  SUBSIDY_SUBJECT,
  subsidyApplicationTransition,
  type PublishedSubsidyScheme,
  type SubsidyApplicationCommand,
  type SubsidyApplicationStatus as DomainStatus,
  type FirmFacts,
  type SubsidyRuleCode,
  type SubsidyRuleOutcome,
} from './domain';
import { CLAIMED_LOAN_ACCESS, SUBSIDY_APPLICATION_ACCESS } from './claim-access';
import { LoanFactsRepository, type LoanFactsRecord } from './loan-facts.repository';
import { toStoredComputation, toSubsidyApplicationResponse } from './subsidy-application-response';
import { SubsidyApplicationsRepository, type SubsidyApplicationRow } from './subsidy-applications.repository';
import { SubsidySchemesRepository, toSubsidySchemeResponse } from './subsidy-schemes.repository';
import { toSchemeDraft } from './subsidy-schemes.service';

/** The request field a refused rule is about, so the bank's developer knows where to look. */
const RULE_FIELDS: Readonly<Record<SubsidyRuleCode, string>> = {
  'not-eligible:scheme-not-in-force': 'schemeId',
  'not-eligible:scope': 'loanId',
  'not-eligible:kind': 'kind',
  'not-eligible:nothing-paid': 'amountPaid',
  'not-eligible:firm-size': 'firmSize',
  'not-eligible:industry': 'industry',
  'not-eligible:ip-type': 'loanId',
  'not-eligible:loan-purpose': 'loanPurpose',
  'not-eligible:late-repayment': 'loanId',
  'not-eligible:rate-above-lpr-multiple': 'loanId',
};

@Injectable()
export class SubsidyApplicationsService {
  constructor(
    private readonly applications: SubsidyApplicationsRepository,
    private readonly schemes: SubsidySchemesRepository,
    private readonly facts: LoanFactsRepository,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /** A bank applies for its borrower; every rule that refuses the application is named at once. */
  async apply(request: ApplyForSubsidyRequest, ctx: CommandContext): Promise<SubsidyApplicationResponse> {
    try {
      return await this.unitOfWork.run(ctx, (tx) => this.applyIn(tx, request, ctx));
    } catch (error) {
      // One live application per loan, kind and period: a racing one for the same cost got there first.
      if (isUniqueViolation(error)) throw duplicate(request);
      throw error;
    }
  }

  private async applyIn(tx: TransactionClient, request: ApplyForSubsidyRequest, ctx: CommandContext): Promise<SubsidyApplicationResponse> {
    const filedOn = this.clock.today();
    const loan = requireOwn(ctx, CLAIMED_LOAN_ACCESS, request.loanId, await this.facts.findLoan(tx, request.loanId));
    const scheme = await this.bindingVersion(tx, request.schemeId, costDayOf(request));
    const { costIncurredOn, firm, outcomes } = await this.judge(tx, request, loan, scheme.rules, filedOn);
    const row = await this.applications.insert(tx, {
      id: newId('subsidyApplication'),
      status: 'PENDING',
      schemeId: scheme.rules.schemeId,
      schemeVersion: scheme.rules.version,
      seriesId: scheme.seriesId,
      kind: request.kind,
      loanId: loan.loanId,
      bankOrgId: loan.bankOrgId,
      borrowerUscc: loan.borrowerUscc,
      districtCode: loan.districtCode,
      amountPaid: Money.of(request.amountPaid).toString(),
      periodFrom: request.periodFrom === undefined ? null : fromDateString(request.periodFrom),
      periodTo: request.periodTo === undefined ? null : fromDateString(request.periodTo),
      feePaidOn: request.feePaidOn === undefined ? null : fromDateString(request.feePaidOn),
      costIncurredOn: fromDateString(costIncurredOn),
      paymentReferences: request.paymentReferences,
      // As judged: the registered size and industry, else the ones the bank stated.
      firmSize: firm.size ?? null,
      industry: firm.industry ?? null,
      loanPurpose: request.loanPurpose ?? null,
      filedOn: fromDateString(filedOn),
      filedByOrgId: ctx.actor.orgId,
      filedByUserId: ctx.actor.userId,
      eligibility: outcomes.map((each) => ({ ...each })),
    });
    return toSubsidyApplicationResponse(row);
  }

  /**
   * Judges an application before it is stored: its dates against the loan and the server's today,
   * the borrower's size and industry against the pledge's registration, then every eligibility rule
   * of the scheme. Throws a RuleViolationError naming every refusal against its field.
   */
  private async judge(
    tx: TransactionClient,
    request: ApplyForSubsidyRequest,
    loan: LoanFactsRecord,
    scheme: PublishedSubsidyScheme,
    today: LocalDate,
  ): Promise<{ costIncurredOn: LocalDate; firm: FirmFacts; outcomes: readonly SubsidyRuleOutcome[] }> {
    const costIncurredOn = costDayOf(request);
    const period =
      request.kind === 'interest'
        ? { from: request.periodFrom as LocalDate, to: costIncurredOn }
        : { from: loan.disbursedOn, to: costIncurredOn };
    checkDates(request, loan, period, today);
    const rule = ruleFor(scheme, request.kind);
    const lprDay = rule === undefined ? costIncurredOn : referenceRateDay(rule.rate, { costIncurredOn, disbursedOn: loan.disbursedOn });
    const lpr = lprIn(lprDay, request.kind === 'interest' ? 'periodTo' : 'feePaidOn');
    const terms = termsOf(loan);
    const firm = firmFactsOf(
      { size: loan.borrowerFirmSize, industry: loan.borrowerIndustry },
      {
        ...(request.firmSize === undefined ? {} : { size: request.firmSize }),
        ...(request.industry === undefined ? {} : { industry: request.industry }),
      },
    );
    if (firm.conflicts.length > 0) {
      throw new RuleViolationError(
        `subsidy application refused: ${firm.conflicts.map((conflict) => conflict.field).join(', ')} contradict the pledge's registration`,
        undefined,
        firm.conflicts.map((conflict): FieldIssue => ({ field: conflict.field, rule: `${conflict.rule}: ${conflict.message}` })),
      );
    }
    const check = checkSubsidyApplication(scheme, {
      kind: request.kind,
      costIncurredOn,
      amountPaid: Money.of(request.amountPaid),
      loan: {
        annualInterestRate: terms.annualInterestRate,
        districtCode: loan.districtCode,
        ipTypes: loan.ipTypes,
        ...(request.loanPurpose === undefined ? {} : { purpose: request.loanPurpose }),
      },
      firm: firm.facts,
      maxDaysPastDueInPeriod: maxDaysPastDueIn(await this.facts.overdueReports(tx, loan.loanId), period, loan.defaultedOn),
      lpr,
    });
    if (!check.ok) {
      throw new RuleViolationError(
        `subsidy application refused: ${check.refusals.map((refusal) => refusal.rule).join(', ')}`,
        undefined,
        check.refusals.map((refusal): FieldIssue => ({ field: RULE_FIELDS[refusal.rule], rule: `${refusal.rule}: ${refusal.message}` })),
      );
    }
    return { costIncurredOn, firm: firm.facts, outcomes: check.outcomes };
  }

  /** The first pair of eyes: a bureau user reviews the application and leaves it for another user to approve. */
  async prepare(id: string, request: DecideSubsidyRequest, ctx: CommandContext): Promise<SubsidyApplicationResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      await this.lockForCommand(tx, id, 'prepare');
      const row = await this.applications.update(tx, id, {
        status: 'PREPARED',
        preparedOn: fromDateString(this.clock.today()),
        preparedByUserId: ctx.actor.userId,
        decisionNote: request.note ?? null,
      });
      return toSubsidyApplicationResponse(row);
    });
  }

  /**
   * The bureau approves: the scheme computes the subsidy within the loan's and the firm's caps and
   * what is left of the year's budget. The budget year is a locked row, so approvals racing on any
   * number of instances serialise on it and can never overdraw the budget or a cap.
   */
  async approve(id: string, request: DecideSubsidyRequest, ctx: CommandContext): Promise<SubsidyApplicationResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const application = await this.lockForCommand(tx, id, 'approve');
      const approvedOn = this.clock.today();
      const budgetYear = yearOf(approvedOn);
      const scheme = (await this.publishedScheme(tx, application.schemeId)).rules;
      const rule = ruleFor(scheme, application.kind as SubsidyApplicationResponse['kind']);
      if (rule === undefined) {
        throw new Error(`scheme ${scheme.schemeId} has no ${application.kind} rule, yet application ${id} passed eligibility`);
      }
      // Lock order, everywhere: application → loan → budget year.
      await this.applications.lockLoan(tx, application.loanId);
      const loan = await this.facts.findLoan(tx, application.loanId);
      if (loan === null) throw new Error(`application ${id} was filed for loan ${application.loanId}, which is not on record`);
      // The year's budget is the one of the version in force on the day of approval (the binding one when none is any more).
      const budgetKey = { seriesId: application.seriesId, budgetYear };
      const inForce = await this.schemes.inForce(tx, application.seriesId, fromDateString(approvedOn));
      const budgetRules = inForce === null || inForce.id === scheme.schemeId ? scheme : (await this.publishedScheme(tx, inForce.id)).rules;
      const budget = await this.applications.lockBudgetYear(tx, budgetKey, {
        version: budgetRules.version,
        yearlyBudget: Money.of(budgetRules.yearlyBudget),
      });
      const costIncurredOn = toDateString(application.costIncurredOn);
      const lprDay = referenceRateDay(rule.rate, { costIncurredOn, disbursedOn: loan.disbursedOn });
      const lpr = lprOn(lprDay);
      const principalDays =
        application.periodFrom === null
          ? Money.zero()
          : principalDaysBetween(scheduleOf(loan), toDateString(application.periodFrom), costIncurredOn);
      const computation = computeSubsidy(rule, {
        amountPaid: Money.of(application.amountPaid.toString()),
        principal: loan.principal,
        principalDays,
        lpr,
        loanReceivedBefore: await this.applications.approvedForLoan(tx, {
          seriesId: application.seriesId,
          loanId: application.loanId,
          kind: application.kind,
        }),
        firmReceivedThisYear: await this.applications.approvedForFirmInYear(tx, {
          seriesId: application.seriesId,
          borrowerUscc: application.borrowerUscc,
          kind: application.kind,
          budgetYear,
        }),
        budgetRemaining: budget.budget.minus(budget.used),
      });
      // Checked on the computed amount, inside the transaction: a refusal rolls back the locks.
      const refusal = fourEyesRefusal(
        scheme,
        {
          // lockForCommand let only PENDING or PREPARED through.
          status: application.status as 'PENDING' | 'PREPARED',
          preparedByUserId: application.preparedByUserId,
          approverUserId: ctx.actor.userId,
          approvedAmount: computation.approved,
        },
        SUBSIDY_SUBJECT,
      );
      if (refusal !== undefined) throw new ForbiddenError(refusal);
      const row = await this.applications.update(tx, id, {
        status: 'APPROVED',
        decidedOn: fromDateString(approvedOn),
        decidedByOrgId: ctx.actor.orgId,
        decidedByUserId: ctx.actor.userId,
        ...(request.note === undefined ? {} : { decisionNote: request.note }),
        computation: toStoredComputation(computation, { lpr: lpr.toString(), lprOn: lprDay, principalDays, budgetYear }),
        approvedAmount: computation.approved.toString(),
        budgetYear,
      });
      await this.applications.chargeBudget(tx, budgetKey, computation.approved);
      await this.outbox.append(tx, {
        type: 'SubsidyApproved',
        payload: {
          applicationId: row.id,
          schemeId: row.seriesId,
          schemeVersion: row.schemeVersion,
          kind: rule.kind,
          loanId: row.loanId,
          bankOrgId: row.bankOrgId,
          borrowerUscc: row.borrowerUscc,
          districtCode: row.districtCode,
          firmSize: (row.firmSize as SubsidyApplicationResponse['firmSize']) ?? null,
          industry: row.industry,
          budgetYear,
          approvedOn,
          amountPaid: Money.of(row.amountPaid.toString()).toString(),
          approvedAmount: computation.approved.toString(),
        },
        ...ctx.cause,
      });
      return toSubsidyApplicationResponse(row);
    });
  }

  async reject(id: string, request: RejectSubsidyRequest, ctx: CommandContext): Promise<SubsidyApplicationResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      await this.lockForCommand(tx, id, 'reject');
      const rejectedOn = this.clock.today();
      const row = await this.applications.update(tx, id, {
        status: 'REJECTED',
        decidedOn: fromDateString(rejectedOn),
        decidedByOrgId: ctx.actor.orgId,
        decidedByUserId: ctx.actor.userId,
        decisionNote: request.reason,
      });
      await this.outbox.append(tx, {
        type: 'SubsidyRejected',
        payload: {
          applicationId: row.id,
          schemeId: row.seriesId,
          kind: row.kind as SubsidyApplicationResponse['kind'],
          loanId: row.loanId,
          bankOrgId: row.bankOrgId,
          rejectedOn,
          reason: request.reason,
        },
        ...ctx.cause,
      });
      return toSubsidyApplicationResponse(row);
    });
  }

  /** The scheme paid the borrower what the approval made payable. */
  async recordPayment(id: string, request: RecordSubsidyPaymentRequest, ctx: CommandContext): Promise<SubsidyApplicationResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const application = await this.lockForCommand(tx, id, 'pay');
      const amount = application.approvedAmount === null ? Money.zero() : Money.of(application.approvedAmount.toString());
      if (amount.isZero()) {
        throw new RuleViolationError(
          `subsidy application ${id} has nothing to pay: its caps or the ${application.budgetYear ?? ''} budget left 0.00`,
          application.status,
        );
      }
      const refusal = paymentFourEyesRefusal({ id, approverUserId: application.decidedByUserId }, ctx.actor.userId, SUBSIDY_SUBJECT);
      if (refusal !== undefined) throw new ForbiddenError(refusal);
      const paidOn = this.clock.today();
      const budgetYear = application.budgetYear ?? yearOf(paidOn);
      const row = await this.applications.update(tx, id, {
        status: 'PAID',
        paidOutOn: fromDateString(paidOn),
        paymentReference: request.paymentReference,
        paidByUserId: ctx.actor.userId,
      });
      await this.applications.recordBudgetPayment(tx, { seriesId: row.seriesId, budgetYear }, amount);
      await this.outbox.append(tx, {
        type: 'SubsidyPaid',
        payload: {
          applicationId: row.id,
          schemeId: row.seriesId,
          kind: row.kind as SubsidyApplicationResponse['kind'],
          loanId: row.loanId,
          bankOrgId: row.bankOrgId,
          borrowerUscc: row.borrowerUscc,
          budgetYear,
          amount: amount.toString(),
          paidOn,
          paymentReference: request.paymentReference,
        },
        ...ctx.cause,
      });
      return toSubsidyApplicationResponse(row);
    });
  }

  async get(id: string, ctx: RequestContext): Promise<SubsidyApplicationResponse> {
    return toSubsidyApplicationResponse(await requireReadable(ctx, SUBSIDY_APPLICATION_ACCESS, id, await this.applications.read(id)));
  }

  /** The bureau's queue (any filter); a bank sees only its own applications. */
  async list(
    query: { status?: SubsidyApplicationStatus; schemeId?: string; loanId?: string; limit: number },
    ctx: RequestContext,
  ): Promise<SubsidyApplicationResponse[]> {
    const { schemeId, ...rest } = query;
    // A scheme's applications are its series' (any version's); an unknown scheme has none.
    const seriesId = schemeId === undefined ? undefined : ((await this.schemes.read(schemeId))?.seriesId ?? schemeId);
    const rows = await this.applications.list({
      ...rest,
      ...(seriesId === undefined ? {} : { seriesId }),
      ...(ctx.actor.role === 'bank' ? { bankOrgId: ctx.actor.orgId } : {}),
    });
    return rows.map(toSubsidyApplicationResponse);
  }

  private async lockForCommand(tx: TransactionClient, id: string, command: SubsidyApplicationCommand): Promise<SubsidyApplicationRow> {
    const application = await this.applications.lock(tx, id);
    if (application === null) throw new NotFoundError('subsidy application', id);
    const step = subsidyApplicationTransition(application.status as DomainStatus, command);
    if (!step.ok) throw new IllegalTransitionError(`subsidy application ${id}: ${step.reason}`, application.status);
    return application;
  }

  /**
   * The version that binds an application naming `schemeId` (any published version of the
   * scheme): the series' version in force on the cost day, else the one named (which the
   * eligibility check then refuses as not in force, naming its dates).
   */
  private async bindingVersion(tx: TransactionClient, schemeId: string, costIncurredOn: LocalDate): Promise<SchemeVersion> {
    const named = await this.publishedScheme(tx, schemeId);
    const inForce = await this.schemes.inForce(tx, named.seriesId, fromDateString(costIncurredOn));
    return inForce === null || inForce.id === named.rules.schemeId ? named : this.publishedScheme(tx, inForce.id);
  }

  /** A published scheme version and its series; a draft or an unknown id answers 404 alike. */
  private async publishedScheme(tx: TransactionClient, schemeId: string): Promise<SchemeVersion> {
    const row = await this.schemes.find(tx, schemeId);
    if (row === null || row.status !== 'PUBLISHED') throw new NotFoundError('subsidy scheme', schemeId);
    const scheme = toSubsidySchemeResponse(row);
    const published = publishSubsidyScheme(toSchemeDraft(scheme.id, scheme.version, scheme.document));
    if (!published.ok)
      throw new Error(
        `published subsidy scheme ${schemeId} no longer validates: ${published.problems.map((each) => each.message).join('; ')}`,
      );
    return { seriesId: scheme.seriesId, rules: published.scheme };
  }
}

/** A published scheme version's rules, and the series its budget and caps belong to. */
interface SchemeVersion {
  readonly seriesId: string;
  readonly rules: PublishedSubsidyScheme;
}

/** The day the cost was incurred: the interest period's end (its due day), or the day the fee was paid. */
function costDayOf(request: ApplyForSubsidyRequest): LocalDate {
  const day = request.kind === 'interest' ? request.periodTo : request.feePaidOn;
  // The request schema requires the field of its kind.
  if (day === undefined) throw new Error('the request schema lets no application through without the day of its cost');
  return day;
}

/** A cost is applied for once incurred, within the loan's life as this service knows it. */
function checkDates(
  request: ApplyForSubsidyRequest,
  loan: LoanFactsRecord,
  period: { from: LocalDate; to: LocalDate },
  today: LocalDate,
): void {
  const field = request.kind === 'interest' ? 'periodTo' : 'feePaidOn';
  const issues: FieldIssue[] = [];
  if (period.to > today)
    issues.push({ field, rule: `must not be after today (${today}, the server's date): a cost is applied for once it was paid` });
  if (request.kind === 'interest' && period.from < loan.disbursedOn) {
    issues.push({ field: 'periodFrom', rule: `must not be before the loan's disbursement on ${loan.disbursedOn}` });
  }
  if (issues.length > 0)
    throw new RuleViolationError(`subsidy application refused: ${issues.map((issue) => issue.field).join(', ')}`, undefined, issues);
}

function lprIn(day: LocalDate, field: string): Rate {
  try {
    return lprOn(day);
  } catch (error) {
    if (error instanceof RangeError)
      throw new RuleViolationError(error.message, undefined, [{ field, rule: `no one-year LPR is published for ${day}` }]);
    throw error;
  }
}

function termsOf(loan: LoanFactsRecord): NonNullable<LoanFactsRecord['terms']> {
  if (loan.terms === null) {
    throw new RuleViolationError(`loan ${loan.loanId} was learnt before loan terms were kept; its subsidy cannot be computed`, undefined, [
      { field: 'loanId', rule: 'not-eligible:loan-terms-unknown: the loan was disbursed before this service kept loan terms' },
    ]);
  }
  return loan.terms;
}

function scheduleOf(loan: LoanFactsRecord) {
  const terms = termsOf(loan);
  return buildSchedule({
    principal: loan.principal,
    annualRate: terms.annualInterestRate,
    disbursedOn: loan.disbursedOn,
    termMonths: loan.termMonths,
    method: terms.repaymentMethod,
    dayCount: terms.dayCount,
    periodMonths: terms.periodMonths,
  });
}

function duplicate(request: ApplyForSubsidyRequest): RuleViolationError {
  const field = request.kind === 'interest' ? 'periodFrom' : 'feePaidOn';
  return new RuleViolationError(`loan ${request.loanId} already has a live ${request.kind} application for this period`, undefined, [
    {
      field,
      rule: `duplicate-application: loan ${request.loanId} already has a pending or approved ${request.kind} application for the same period`,
    },
  ]);
}
