import { Inject, Injectable } from '@nestjs/common';
import type {
  Actor,
  AssignAppraiserRequest,
  ChangePledgeRegistrationRequest,
  DisposePledgeRequest,
  EventEnvelope,
  FieldIssue,
  PayloadOf,
  PledgeHistoryResponse,
  PledgeResponse,
  PledgeStatus,
  RefusePledgeApplicationRequest,
  RegisterPledgeRequest,
  ReleasePledgeRequest,
  ResubmitPledgeApplicationRequest,
  ReturnPledgeApplicationRequest,
  SubmitPledgeApplicationRequest,
} from '@ipledger/contracts';
import type { Prisma, TransactionClient } from './database';
import type { Outbox } from '@ipledger/messaging';
import {
  Clock,
  ConcurrentModificationError,
  fromDateString,
  IllegalTransitionError,
  newId,
  NotFoundError,
  OUTBOX,
  causeOfEvent,
  requireReadable,
  type CommandContext,
  type EventCause,
  type RequestContext,
  RuleViolationError,
  SERVICE_CONFIG,
  type ServiceConfig,
  todayInChina,
  UnitOfWork,
  ValidationError,
} from '@ipledger/service-kit';
import { checkApplication, normalisedIpNumber } from './domain/application-rules';
import { checkDisposal, DISPOSAL_NEEDS_DEFAULT, netProceeds } from './domain/disposal-rules';
import { refusalMessage, transition, type PledgeCommand } from './domain/pledge-lifecycle';
import { alreadyPledgedMessage, bankReleaseRefusal, changedTerms, decisionDeadline, rightsAlreadyPledged } from './domain/register-rules';
import { PLEDGE_REGISTRATION_CONFIG, type PledgeRegistrationConfig } from './pledge-registration.config';
import { WorkingCalendar } from './working-calendar';
import type { Pledge } from './domain/pledge';
import { PledgeRegistrationRepository, type NewIpItem, type PledgeChanges } from './pledge-registration.repository';
import { toHistoryResponse, toPledgeResponse, type DeadlineOf } from './pledge-response';
import { PLEDGE_ACCESS } from './pledge-access';

/** Who changes a pledge when an event from another service does it. */
export const SYSTEM_ACTOR: Actor = { orgId: 'ipledger-pledge-registration', role: 'system', userId: null };

/** One lifecycle step of a command: the command, who and why, its particulars. */
interface Step {
  readonly command: PledgeCommand;
  readonly cause: EventCause;
  readonly details?: Prisma.InputJsonValue;
}

@Injectable()
export class PledgeRegistrationService {
  constructor(
    private readonly repository: PledgeRegistrationRepository,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    private readonly clock: Clock,
    private readonly calendar: WorkingCalendar,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(PLEDGE_REGISTRATION_CONFIG) private readonly config: PledgeRegistrationConfig,
    @Inject(SERVICE_CONFIG) private readonly serviceConfig: ServiceConfig,
  ) {}

  /**
   * A bank submits an application; the acting bank is the pledgee (质权人). A right already under
   * a registered pledge is refused here (409 right-already-pledged); several live applications
   * for one right may exist, only one can ever be registered.
   */
  async submit(request: SubmitPledgeApplicationRequest, ctx: CommandContext): Promise<PledgeResponse> {
    const issues = checkApplication(request);
    if (issues.length > 0) throw new ValidationError(issues);
    const step = transition(null, 'submit');
    if (!step.ok) throw new Error(step.reason);
    const now = this.clock.now();
    const ipItems = normalisedItems(request);
    return this.unitOfWork.run(ctx, async (tx) => {
      await this.refuseIfPledged(tx, ipItems);
      const row = await this.repository.insertPledge(tx, {
        id: newId('pledge'),
        status: step.to,
        bankOrgId: ctx.actor.orgId,
        pledgorUscc: request.pledgor.uscc,
        pledgorName: request.pledgor.name,
        pledgorFirmSize: request.pledgor.firmSize ?? null,
        pledgorIndustry: request.pledgor.industry ?? null,
        requestedLoanAmount: request.requestedLoanAmount,
        termMonths: request.termMonths,
        districtCode: request.districtCode,
        appraiserOrgId: request.appraiserOrgId,
        submittedAt: now,
        receivedAt: now,
        ipItems,
      });
      await this.record(tx, row.id, step.from, step.to, { command: 'submit', cause: ctx.cause });
      const pledge = await this.toResponse(row, tx);
      await this.outbox.append(tx, {
        type: 'PledgeApplicationSubmitted',
        payload: {
          pledgeId: pledge.id,
          bankOrgId: pledge.bankOrgId,
          pledgor: pledgorPayload(pledge.pledgor),
          ipItems: pledge.ipItems,
          requestedLoanAmount: pledge.requestedLoanAmount,
          termMonths: pledge.termMonths,
          districtCode: pledge.districtCode,
          submittedAt: pledge.submittedAt,
          appraiserOrgId: request.appraiserOrgId,
        },
        ...ctx.cause,
      });
      return pledge;
    });
  }

  /** 补正: the bureau returns a SUBMITTED application to the bank with what to correct. */
  async returnForCorrection(pledgeId: string, request: ReturnPledgeApplicationRequest, ctx: CommandContext): Promise<PledgeResponse> {
    const reasons = request.reasons.map((reason) => ({ field: reason.field ?? null, message: reason.message }));
    return this.unitOfWork.run(ctx, async (tx) => {
      const pledge = await requireReadable(ctx, PLEDGE_ACCESS, pledgeId, await this.repository.findPledge(tx, pledgeId));
      const returned = await this.apply(
        tx,
        pledge,
        { correctionReasons: reasons },
        { command: 'return', cause: ctx.cause, details: { reasons } },
      );
      await this.outbox.append(tx, {
        type: 'PledgeApplicationReturned',
        payload: { pledgeId, bankOrgId: pledge.bankOrgId, reasons, returnedOn: this.clock.today() },
        ...ctx.cause,
      });
      return returned;
    });
  }

  /**
   * The bank resubmits a RETURNED application, corrected: the whole application again, checked
   * like a submission. The first receipt (submittedAt) is kept; the decision deadline restarts
   * from this receipt (receivedAt).
   */
  async resubmit(pledgeId: string, request: ResubmitPledgeApplicationRequest, ctx: CommandContext): Promise<PledgeResponse> {
    const issues = checkApplication(request);
    if (issues.length > 0) throw new ValidationError(issues);
    const now = this.clock.now();
    const ipItems = normalisedItems(request);
    return this.unitOfWork.run(ctx, async (tx) => {
      const pledge = await requireReadable(ctx, PLEDGE_ACCESS, pledgeId, await this.repository.findPledge(tx, pledgeId));
      const step = transition(pledge.status, 'resubmit');
      if (!step.ok) throw new IllegalTransitionError(refusalMessage(pledgeId, step), step.currentState);
      await this.refuseIfPledged(tx, ipItems);
      const corrected = {
        pledgorUscc: request.pledgor.uscc,
        pledgorName: request.pledgor.name,
        pledgorFirmSize: request.pledgor.firmSize ?? null,
        pledgorIndustry: request.pledgor.industry ?? null,
        requestedLoanAmount: request.requestedLoanAmount,
        termMonths: request.termMonths,
        districtCode: request.districtCode,
        appraiserOrgId: request.appraiserOrgId,
        receivedAt: now,
        ipItems,
      };
      // The last reasons stay on the row (and in the history); they show only while RETURNED.
      const changes: PledgeChanges = { status: step.to };
      if (!(await this.repository.replaceApplication(tx, pledgeId, pledge.version, corrected, changes))) {
        throw await this.concurrentChange(tx, pledgeId, 'resubmit');
      }
      await this.record(tx, pledgeId, step.from, step.to, { command: 'resubmit', cause: ctx.cause });
      const resubmitted = await this.toResponse(await this.reread(tx, pledgeId), tx);
      await this.outbox.append(tx, {
        type: 'PledgeApplicationResubmitted',
        payload: {
          pledgeId,
          bankOrgId: resubmitted.bankOrgId,
          pledgor: pledgorPayload(resubmitted.pledgor),
          ipItems: resubmitted.ipItems,
          requestedLoanAmount: resubmitted.requestedLoanAmount,
          termMonths: resubmitted.termMonths,
          districtCode: resubmitted.districtCode,
          appraiserOrgId: request.appraiserOrgId,
          firstSubmittedAt: resubmitted.submittedAt,
          resubmittedAt: resubmitted.receivedAt,
        },
        ...ctx.cause,
      });
      return resubmitted;
    });
  }

  /** 不予登记: the bureau refuses a SUBMITTED application with a reason from the list and a note. */
  async refuse(pledgeId: string, request: RefusePledgeApplicationRequest, ctx: CommandContext): Promise<PledgeResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const pledge = await requireReadable(ctx, PLEDGE_ACCESS, pledgeId, await this.repository.findPledge(tx, pledgeId));
      const refusal = { reason: request.reason, note: request.note };
      const refused = await this.apply(
        tx,
        pledge,
        { refusalReason: request.reason, refusalNote: request.note },
        { command: 'refuse', cause: ctx.cause, details: refusal },
      );
      await this.outbox.append(tx, {
        type: 'PledgeApplicationRefused',
        payload: { pledgeId, bankOrgId: pledge.bankOrgId, reason: request.reason, note: request.note, refusedOn: this.clock.today() },
        ...ctx.cause,
      });
      return refused;
    });
  }

  /**
   * The bureau registers the pledge (质押登记) with the registrar's number, stored as given, on the
   * server's date. Its rights enter the register in the same transaction: a right another
   * registered pledge holds (even one registering at this moment) refuses the whole registration
   * with 409 right-already-pledged.
   */
  async register(pledgeId: string, request: RegisterPledgeRequest, ctx: CommandContext): Promise<PledgeResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const pledge = await requireReadable(ctx, PLEDGE_ACCESS, pledgeId, await this.repository.findPledge(tx, pledgeId));
      const step = transition(pledge.status, 'register');
      if (!step.ok) throw new IllegalTransitionError(refusalMessage(pledgeId, step), step.currentState);
      const registeredOn = this.clock.today();
      const taken = await this.repository.enterRights(tx, pledgeId, pledge.ipItems, {
        registrationNumber: request.registrationNumber,
        registeredOn: fromDateString(registeredOn),
      });
      if (taken.length > 0) {
        const held = await this.repository.registeredRightsAmong(tx, taken);
        // The same pledge registered by a simultaneous request: answer as the state now says.
        if (held.every((right) => right.pledgeId === pledgeId)) throw await this.concurrentChange(tx, pledgeId, 'register');
        const issues = rightsAlreadyPledged(pledge.ipItems, held);
        throw new RuleViolationError(alreadyPledgedMessage(issues), pledge.status, issues, 'right-already-pledged');
      }
      const registered = await this.apply(
        tx,
        pledge,
        { registrationNumber: request.registrationNumber, registrationDate: fromDateString(registeredOn), registrationVersion: 1 },
        { command: 'register', cause: ctx.cause, details: { registrationNumber: request.registrationNumber } },
      );
      await this.repository.insertRegistrationVersion(tx, {
        pledgeId,
        version: 1,
        registrationNumber: request.registrationNumber,
        effectiveOn: fromDateString(registeredOn),
        securedAmount: registered.requestedLoanAmount,
        termMonths: registered.termMonths,
        pledgorName: registered.pledgor.name,
        note: null,
        actor: ctx.actor,
        recordedAt: this.clock.now(),
      });
      await this.outbox.append(tx, {
        type: 'PledgeRegistered',
        payload: {
          pledgeId,
          bankOrgId: registered.bankOrgId,
          registrationNumber: request.registrationNumber,
          registrationDate: registeredOn,
        },
        ...ctx.cause,
      });
      return registered;
    });
  }

  /**
   * 变更登记: the bureau changes a registered pledge's amount secured, term or pledgor's name. A new
   * registration version on the server's date; the previous versions stay readable.
   */
  async changeRegistration(pledgeId: string, request: ChangePledgeRegistrationRequest, ctx: CommandContext): Promise<PledgeResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const pledge = await requireReadable(ctx, PLEDGE_ACCESS, pledgeId, await this.repository.findPledge(tx, pledgeId));
      const step = transition(pledge.status, 'change');
      if (!step.ok) throw new IllegalTransitionError(refusalMessage(pledgeId, step), step.currentState);
      const current = {
        securedAmount: pledge.requestedLoanAmount.toString(),
        termMonths: pledge.termMonths,
        pledgorName: pledge.pledgorName,
      };
      const next = changedTerms(current, request);
      if (!next.ok) throw new ValidationError(next.issues);
      const version = (pledge.registrationVersion ?? 1) + 1;
      const note = request.note ?? null;
      const changed = await this.apply(
        tx,
        pledge,
        {
          requestedLoanAmount: next.terms.securedAmount,
          termMonths: next.terms.termMonths,
          pledgorName: next.terms.pledgorName,
          registrationVersion: version,
        },
        {
          command: 'change',
          cause: ctx.cause,
          details: { version, from: { ...current }, to: { ...next.terms }, note },
        },
      );
      const registrationNumber = changed.registrationNumber;
      if (registrationNumber === null) throw new Error(`registered pledge ${pledgeId} has no registration number`);
      const changedOn = this.clock.today();
      await this.repository.insertRegistrationVersion(tx, {
        pledgeId,
        version,
        registrationNumber,
        effectiveOn: fromDateString(changedOn),
        ...next.terms,
        note,
        actor: ctx.actor,
        recordedAt: this.clock.now(),
      });
      await this.outbox.append(tx, {
        type: 'PledgeRegistrationChanged',
        payload: {
          pledgeId,
          bankOrgId: pledge.bankOrgId,
          registrationNumber,
          registrationVersion: version,
          ...next.terms,
          changedOn,
          note,
        },
        ...ctx.cause,
      });
      return changed;
    });
  }

  /**
   * The pledgee bank names the pledge's appraiser (another one, or one for a pledge from before
   * applications named one): from now on only that appraiser sees and values it. Naming the
   * appraiser it already has changes nothing.
   */
  async assignAppraiser(pledgeId: string, request: AssignAppraiserRequest, ctx: CommandContext): Promise<PledgeResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const pledge = await requireReadable(ctx, PLEDGE_ACCESS, pledgeId, await this.repository.findPledge(tx, pledgeId));
      const step = transition(pledge.status, 'assign-appraiser');
      if (!step.ok) throw new IllegalTransitionError(refusalMessage(pledgeId, step), step.currentState);
      if (pledge.appraiserOrgId === request.appraiserOrgId) return this.toResponse(pledge, tx);
      const assigned = await this.apply(
        tx,
        pledge,
        { appraiserOrgId: request.appraiserOrgId },
        {
          command: 'assign-appraiser',
          cause: ctx.cause,
          details: { from: pledge.appraiserOrgId, to: request.appraiserOrgId },
        },
      );
      await this.outbox.append(tx, {
        type: 'PledgeAppraiserAssigned',
        payload: { pledgeId, bankOrgId: pledge.bankOrgId, appraiserOrgId: request.appraiserOrgId, assignedOn: this.clock.today() },
        ...ctx.cause,
      });
      return assigned;
    });
  }

  /**
   * 注销登记 on the pledgee bank's request: a REGISTERED pledge that secures no loan (one with a loan
   * is released when the loan closes). The release date is the server's; the rights are free.
   */
  async releaseOnRequest(pledgeId: string, request: ReleasePledgeRequest, ctx: CommandContext): Promise<PledgeResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const pledge = await requireReadable(ctx, PLEDGE_ACCESS, pledgeId, await this.repository.findPledge(tx, pledgeId));
      const step = transition(pledge.status, 'release');
      if (!step.ok) throw new IllegalTransitionError(refusalMessage(pledgeId, step), step.currentState);
      const refusal = bankReleaseRefusal(pledgeId, pledge.loanId);
      if (refusal !== null) throw new RuleViolationError(refusal, pledge.status);
      const releasedOn = this.clock.today();
      const note = request.note ?? null;
      const released = await this.apply(
        tx,
        pledge,
        { releasedOn: fromDateString(releasedOn) },
        { command: 'release', cause: ctx.cause, details: { reason: 'bank-request', note } },
      );
      await this.repository.freeRights(tx, pledgeId, fromDateString(releasedOn), 'released');
      await this.outbox.append(tx, {
        type: 'PledgeReleased',
        payload: { pledgeId, bankOrgId: pledge.bankOrgId, releasedOn, reason: 'bank-request' },
        ...ctx.cause,
      });
      return released;
    });
  }

  /**
   * The pledgee bank reports the disposal (质物处置) of the pledged IP of a defaulted loan: the
   * pledge becomes DISPOSED, its rights leave the register, and PledgeDisposed carries the net
   * proceeds to risk compensation.
   */
  async dispose(pledgeId: string, request: DisposePledgeRequest, ctx: CommandContext): Promise<PledgeResponse> {
    const bounds = { today: this.clock.today(), limitDays: this.serviceConfig.BACKDATING_LIMIT_DAYS };
    const issues = checkDisposal(request, bounds);
    if (issues.length > 0) throw new ValidationError(issues);
    return this.unitOfWork.run(ctx, async (tx) => {
      const pledge = await requireReadable(ctx, PLEDGE_ACCESS, pledgeId, await this.repository.findPledge(tx, pledgeId));
      const step = transition(pledge.status, 'dispose');
      if (!step.ok) throw new IllegalTransitionError(refusalMessage(pledgeId, step), step.currentState);
      if (pledge.loanId === null || pledge.loanDefaultedOn === null) {
        const known = pledge.loanId === null ? 'it secures no loan yet' : `its loan ${pledge.loanId} has not defaulted`;
        throw new RuleViolationError(`pledge ${pledgeId}: ${DISPOSAL_NEEDS_DEFAULT} (${known})`, step.from ?? undefined);
      }
      const loanId = pledge.loanId;
      const loanDefaultedOn = pledge.loanDefaultedOn;
      const afterDefault = checkDisposal(request, { ...bounds, loanDefaultedOn });
      if (afterDefault.length > 0) throw new ValidationError(afterDefault);
      const net = netProceeds(request.grossProceeds, request.costs);
      const disposal = {
        method: request.method,
        grossProceeds: request.grossProceeds,
        costs: request.costs,
        netProceeds: net,
        disposedOn: request.disposedOn,
      };
      const disposed = await this.apply(
        tx,
        pledge,
        {
          disposalMethod: request.method,
          disposalGross: request.grossProceeds,
          disposalCosts: request.costs,
          disposalNet: net,
          disposedOn: fromDateString(request.disposedOn),
        },
        { command: 'dispose', cause: ctx.cause, details: disposal },
      );
      await this.repository.freeRights(tx, pledgeId, fromDateString(request.disposedOn), 'disposed');
      await this.outbox.append(tx, {
        type: 'PledgeDisposed',
        payload: { pledgeId, loanId, bankOrgId: disposed.bankOrgId, ...disposal },
        ...ctx.cause,
      });
      return disposed;
    });
  }

  async get(pledgeId: string, ctx: RequestContext): Promise<PledgeResponse> {
    return this.toResponse(await requireReadable(ctx, PLEDGE_ACCESS, pledgeId, await this.repository.read(pledgeId)));
  }

  /** Every step of the pledge with who, when and why, and every registration version. */
  async history(pledgeId: string, ctx: RequestContext): Promise<PledgeHistoryResponse> {
    const pledge = await requireReadable(ctx, PLEDGE_ACCESS, pledgeId, await this.repository.read(pledgeId));
    const { steps, versions } = await this.repository.history(pledgeId);
    return toHistoryResponse(pledge, steps, versions);
  }

  async list(query: { status?: PledgeStatus; limit: number }, ctx: RequestContext): Promise<PledgeResponse[]> {
    const bankOrgId = ctx.actor.role === 'bank' ? ctx.actor.orgId : undefined;
    const rows = await this.repository.list({ bankOrgId, status: query.status, limit: query.limit });
    const respond = await this.responder();
    return rows.map(respond);
  }

  /** LoanDisbursed: the pledge now secures this loan (shown on the pledge; status unchanged). */
  async recordLoan(tx: TransactionClient, event: EventEnvelope<'LoanDisbursed'>): Promise<void> {
    const { pledgeId, loanId } = event.payload;
    const pledge = await this.pledgeOfEvent(tx, event, pledgeId, event.payload.bankOrgId);
    if (pledge.loanId === loanId) return;
    if (pledge.loanId !== null) throw inconsistent(event, `pledge ${pledgeId} already secures loan ${pledge.loanId}`);
    const step = transition(pledge.status, 'record-loan');
    if (!step.ok) throw inconsistent(event, refusalMessage(pledgeId, step));
    if (!(await this.repository.updateIfUnchanged(tx, pledgeId, pledge.version, { loanId }))) {
      throw inconsistent(event, `pledge ${pledgeId} changed while recording loan ${loanId}; retrying`);
    }
  }

  /**
   * LoanDefaulted: the pledge's loan defaulted, so its IP may be disposed of from that day on
   * (shown on the pledge; status unchanged). The same default reported again changes nothing.
   */
  async recordDefault(tx: TransactionClient, event: EventEnvelope<'LoanDefaulted'>): Promise<void> {
    const { pledgeId, loanId, defaultedOn } = event.payload;
    const pledge = await this.pledgeOfEvent(tx, event, pledgeId, event.payload.bankOrgId);
    if (pledge.loanId !== null && pledge.loanId !== loanId) {
      throw inconsistent(event, `pledge ${pledgeId} secures loan ${pledge.loanId}, not ${loanId}`);
    }
    if (pledge.loanDefaultedOn !== null) {
      const recorded = pledge.loanDefaultedOn;
      if (recorded === defaultedOn) return; // recorded already
      throw inconsistent(event, `pledge ${pledgeId} already shows its loan ${loanId} in default since ${recorded}, not ${defaultedOn}`);
    }
    const step = transition(pledge.status, 'record-default');
    if (!step.ok) throw inconsistent(event, refusalMessage(pledgeId, step));
    const changed = await this.repository.updateIfUnchanged(tx, pledgeId, pledge.version, {
      loanId,
      loanDefaultedOn: fromDateString(defaultedOn),
    });
    if (!changed) throw inconsistent(event, `pledge ${pledgeId} changed while recording the default of loan ${loanId}; retrying`);
  }

  /**
   * LoanClosed: a repaid loan releases (注销) its pledge on the day it closed, and its rights leave
   * the register. A pledge already DISPOSED of stays so: closing its loan ('recovery-settled'
   * after the proceeds were shared out) changes nothing here.
   */
  async releaseForClosedLoan(tx: TransactionClient, event: EventEnvelope<'LoanClosed'>): Promise<void> {
    const { pledgeId, loanId, closedOn, reason } = event.payload;
    const pledge = await this.pledgeOfEvent(tx, event, pledgeId, event.payload.bankOrgId);
    const status = pledge.status;
    if (status === 'RELEASED' && pledge.loanId === loanId) return; // released for this loan already
    if (pledge.loanId !== null && pledge.loanId !== loanId) {
      throw inconsistent(event, `pledge ${pledgeId} secures loan ${pledge.loanId}, not ${loanId}`);
    }
    if (status === 'DISPOSED') return; // disposed of for this loan: nothing left to release
    if (reason === 'recovery-settled') {
      // A recovery is settled only after the disposal was reported here, so this pledge cannot be it.
      throw inconsistent(event, `loan ${loanId} closed with its recovery settled, but pledge ${pledgeId} is ${status}, not DISPOSED`);
    }
    const step = transition(status, 'release');
    if (!step.ok) throw inconsistent(event, refusalMessage(pledgeId, step));
    const changed = await this.repository.updateIfUnchanged(tx, pledgeId, pledge.version, {
      status: step.to,
      loanId,
      releasedOn: fromDateString(closedOn),
    });
    if (!changed) throw inconsistent(event, `pledge ${pledgeId} changed while releasing it; retrying`);
    await this.record(tx, pledgeId, step.from, step.to, {
      command: 'release',
      cause: causeOfEvent(event, SYSTEM_ACTOR),
      details: { reason: 'loan-closed', loanId, closedOn },
    });
    await this.repository.freeRights(tx, pledgeId, fromDateString(closedOn), 'released');
    await this.outbox.append(tx, {
      type: 'PledgeReleased',
      payload: { pledgeId, bankOrgId: pledge.bankOrgId, loanId, releasedOn: closedOn, reason: 'loan-closed' },
      ...causeOfEvent(event, SYSTEM_ACTOR),
    });
  }

  /**
   * One lifecycle step of an HTTP command: the transition table decides, the row changes only
   * if nobody changed it since it was read, and the step is recorded with the actor, the
   * server's time and date and its particulars. Answers the pledge as it is now.
   */
  private async apply(tx: TransactionClient, pledge: Pledge, changes: PledgeChanges, step: Step): Promise<PledgeResponse> {
    const next = transition(pledge.status, step.command);
    if (!next.ok) throw new IllegalTransitionError(refusalMessage(pledge.id, next), next.currentState);
    const changed = await this.repository.updateIfUnchanged(tx, pledge.id, pledge.version, { ...changes, status: next.to });
    if (!changed) throw await this.concurrentChange(tx, pledge.id, step.command);
    await this.record(tx, pledge.id, next.from, next.to, step);
    return this.toResponse(await this.reread(tx, pledge.id), tx);
  }

  private async record(
    tx: TransactionClient,
    pledgeId: string,
    fromStatus: PledgeStatus | null,
    toStatus: PledgeStatus,
    step: Step,
  ): Promise<void> {
    await this.repository.recordTransition(tx, {
      pledgeId,
      fromStatus,
      toStatus,
      ...step.cause,
      command: step.command,
      at: this.clock.now(),
      onDate: fromDateString(this.clock.today()),
      details: step.details,
    });
  }

  /** 409 right-already-pledged when a registered pledge holds one of the items (submission, resubmission). */
  private async refuseIfPledged(tx: TransactionClient, ipItems: readonly NewIpItem[]): Promise<void> {
    const issues: FieldIssue[] = rightsAlreadyPledged(ipItems, await this.repository.registeredRightsAmong(tx, ipItems));
    if (issues.length > 0) throw new RuleViolationError(alreadyPledgedMessage(issues), undefined, issues, 'right-already-pledged');
  }

  private async toResponse(pledge: Pledge, tx?: TransactionClient): Promise<PledgeResponse> {
    return (await this.responder(tx))(pledge);
  }

  /**
   * Rows to answers, on the working-day calendar as published now: only a SUBMITTED application
   * waits for the bureau's decision, counted from its last receipt.
   */
  private async responder(tx?: TransactionClient): Promise<(pledge: Pledge) => PledgeResponse> {
    const calendar = await this.calendar.current(tx);
    const today = this.clock.today();
    const deadlineOf: DeadlineOf = (pledge) => {
      if (pledge.status !== 'SUBMITTED') return null;
      return decisionDeadline(
        todayInChina(() => pledge.receivedAt),
        this.config.PLEDGE_DECISION_WORKING_DAYS,
        today,
        calendar,
      );
    };
    return (pledge) => toPledgeResponse(pledge, deadlineOf);
  }

  /**
   * The version check failed: somebody changed the pledge after we read it. Read it again and
   * answer with what the command meets now (normally: it is no longer in the required state).
   */
  private async concurrentChange(tx: TransactionClient, pledgeId: string, command: PledgeCommand): Promise<Error> {
    const current = await this.repository.findPledge(tx, pledgeId);
    if (!current) return new NotFoundError('pledge application', pledgeId);
    const status = current.status;
    const step = transition(status, command);
    if (!step.ok) return new IllegalTransitionError(refusalMessage(pledgeId, step), step.currentState);
    return new ConcurrentModificationError(
      `pledge ${pledgeId} was changed by another request at the same time; read it and try again`,
      status,
    );
  }

  private async reread(tx: TransactionClient, pledgeId: string): Promise<Pledge> {
    const row = await this.repository.findPledge(tx, pledgeId);
    if (!row) throw new Error(`pledge ${pledgeId} vanished inside its own transaction`);
    return row;
  }

  private async pledgeOfEvent(tx: TransactionClient, event: EventEnvelope, pledgeId: string, bankOrgId: string): Promise<Pledge> {
    const pledge = await this.repository.findPledge(tx, pledgeId);
    if (!pledge) throw inconsistent(event, `pledge ${pledgeId} is unknown here`);
    if (pledge.bankOrgId !== bankOrgId) throw inconsistent(event, `pledge ${pledgeId} belongs to ${pledge.bankOrgId}, not ${bankOrgId}`);
    return pledge;
  }
}

function normalisedItems(request: SubmitPledgeApplicationRequest): NewIpItem[] {
  return request.ipItems.map((item) => ({
    ipType: item.ipType,
    number: normalisedIpNumber(item.ipType, item.number),
    title: item.title ?? null,
  }));
}

/**
 * An event that contradicts what this service knows. Thrown, so the consumer retries (a
 * concurrent change resolves itself) and finally dead-letters it with this message for a person.
 */
function inconsistent(event: EventEnvelope, problem: string): Error {
  return new Error(`${event.type} ${event.eventId}: ${problem}`);
}

/** The pledgor as events carry it: a size or industry the bank did not state is left out. */
function pledgorPayload(pledgor: PledgeResponse['pledgor']): PayloadOf<'PledgeApplicationSubmitted'>['pledgor'] {
  return {
    uscc: pledgor.uscc,
    name: pledgor.name,
    ...(pledgor.firmSize === null ? {} : { firmSize: pledgor.firmSize }),
    ...(pledgor.industry === null ? {} : { industry: pledgor.industry }),
  };
}
