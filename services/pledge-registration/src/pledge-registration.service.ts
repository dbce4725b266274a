import { Inject, Injectable } from '@nestjs/common';
import type {
  Actor,
  DisposePledgeRequest,
  EventEnvelope,
  PledgeResponse,
  PledgeStatus,
  RegisterPledgeRequest,
  SubmitPledgeApplicationRequest,
} from '@ipledger/contracts';
import type { TransactionClient } from '@ipledger/db';
import type { Outbox } from '@ipledger/messaging';
import {
  fromDateString,
  IllegalTransitionError,
  newId,
  NotFoundError,
  OUTBOX,
  RuleViolationError,
  todayInChina,
  toDateString,
  UnitOfWork,
  ValidationError,
  type RequestContext,
} from '@ipledger/service-kit';
import { checkApplication, checkRegistration, normalisedIpNumber } from './domain/application-rules';
import { checkDisposal, DISPOSAL_NEEDS_DEFAULT, netProceeds } from './domain/disposal-rules';
import { refusalMessage, transition, type PledgeCommand } from './domain/pledge-lifecycle';
import { PledgeRegistrationRepository, statusOf, toPledgeResponse, type PledgeRow } from './pledge-registration.repository';

/** Who changes a pledge when an event from another service does it. */
export const SYSTEM_ACTOR: Actor = { orgId: 'ipledger-pledge-registration', role: 'system', userId: null };

@Injectable()
export class PledgeRegistrationService {
  constructor(
    private readonly repository: PledgeRegistrationRepository,
    private readonly unitOfWork: UnitOfWork,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /** A bank submits an application; the acting bank is the pledgee (质权人). */
  async submit(request: SubmitPledgeApplicationRequest, ctx: RequestContext): Promise<PledgeResponse> {
    const issues = checkApplication(request);
    if (issues.length > 0) throw new ValidationError(issues);
    const step = transition(null, 'submit');
    if (!step.ok) throw new Error(step.reason);
    return this.unitOfWork.run(async (tx) => {
      const row = await this.repository.insertPledge(tx, {
        id: newId('pledge'),
        status: step.to,
        bankOrgId: ctx.actor.orgId,
        pledgorUscc: request.pledgor.uscc,
        pledgorName: request.pledgor.name,
        requestedLoanAmount: request.requestedLoanAmount,
        termMonths: request.termMonths,
        districtCode: request.districtCode,
        ipItems: request.ipItems.map((item) => ({
          ipType: item.ipType,
          number: normalisedIpNumber(item.ipType, item.number),
          title: item.title ?? null,
        })),
      });
      await this.repository.recordTransition(tx, {
        pledgeId: row.id,
        fromStatus: step.from,
        toStatus: step.to,
        actor: ctx.actor,
        causationId: ctx.requestId,
      });
      const pledge = toPledgeResponse(row);
      await this.outbox.append(tx, {
        type: 'PledgeApplicationSubmitted',
        payload: {
          pledgeId: pledge.id,
          bankOrgId: pledge.bankOrgId,
          pledgor: pledge.pledgor,
          ipItems: pledge.ipItems,
          requestedLoanAmount: pledge.requestedLoanAmount,
          termMonths: pledge.termMonths,
          districtCode: pledge.districtCode,
          submittedAt: pledge.submittedAt,
        },
        actor: ctx.actor,
        correlationId: ctx.correlationId,
        causationId: ctx.requestId,
      });
      return pledge;
    });
  }

  /** The bureau registers the pledge (质押登记) with the registrar's number, stored as given. */
  async register(pledgeId: string, request: RegisterPledgeRequest, ctx: RequestContext): Promise<PledgeResponse> {
    const issues = checkRegistration(request, todayInChina());
    if (issues.length > 0) throw new ValidationError(issues);
    return this.unitOfWork.run(async (tx) => {
      const pledge = await this.repository.findPledge(tx, pledgeId);
      if (!pledge) throw new NotFoundError('pledge application', pledgeId);
      const step = transition(statusOf(pledge), 'register');
      if (!step.ok) throw new IllegalTransitionError(refusalMessage(pledgeId, step), step.currentState);
      const changed = await this.repository.updateIfUnchanged(tx, pledgeId, pledge.version, {
        status: step.to,
        registrationNumber: request.registrationNumber,
        registrationDate: fromDateString(request.registrationDate),
      });
      if (!changed) throw await this.concurrentChange(tx, pledgeId, 'register');
      await this.repository.recordTransition(tx, { pledgeId, fromStatus: step.from, toStatus: step.to, actor: ctx.actor, causationId: ctx.requestId });
      const registered = toPledgeResponse(await this.reread(tx, pledgeId));
      await this.outbox.append(tx, {
        type: 'PledgeRegistered',
        payload: {
          pledgeId,
          bankOrgId: registered.bankOrgId,
          registrationNumber: request.registrationNumber,
          registrationDate: request.registrationDate,
        },
        actor: ctx.actor,
        correlationId: ctx.correlationId,
        causationId: ctx.requestId,
      });
      return registered;
    });
  }

  /**
   * The pledgee bank reports the disposal (质物处置) of the pledged IP of a defaulted loan: the
   * pledge becomes DISPOSED and PledgeDisposed carries the net proceeds to risk compensation.
   */
  async dispose(pledgeId: string, request: DisposePledgeRequest, ctx: RequestContext): Promise<PledgeResponse> {
    const today = todayInChina();
    const issues = checkDisposal(request, { today });
    if (issues.length > 0) throw new ValidationError(issues);
    return this.unitOfWork.run(async (tx) => {
      const pledge = await this.repository.findPledge(tx, pledgeId);
      // Another bank's pledge answers exactly like an unknown one.
      if (!pledge || !mayRead(pledge, ctx)) throw new NotFoundError('pledge application', pledgeId);
      const step = transition(statusOf(pledge), 'dispose');
      if (!step.ok) throw new IllegalTransitionError(refusalMessage(pledgeId, step), step.currentState);
      if (pledge.loanId === null || pledge.loanDefaultedOn === null) {
        const known = pledge.loanId === null ? 'it secures no loan yet' : `its loan ${pledge.loanId} has not defaulted`;
        throw new RuleViolationError(`pledge ${pledgeId}: ${DISPOSAL_NEEDS_DEFAULT} (${known})`, step.from ?? undefined);
      }
      const loanDefaultedOn = toDateString(pledge.loanDefaultedOn);
      const afterDefault = checkDisposal(request, { today, loanDefaultedOn });
      if (afterDefault.length > 0) throw new ValidationError(afterDefault);
      const net = netProceeds(request.grossProceeds, request.costs);
      const changed = await this.repository.updateIfUnchanged(tx, pledgeId, pledge.version, {
        status: step.to,
        disposalMethod: request.method,
        disposalGross: request.grossProceeds,
        disposalCosts: request.costs,
        disposalNet: net,
        disposedOn: fromDateString(request.disposedOn),
      });
      if (!changed) throw await this.concurrentChange(tx, pledgeId, 'dispose');
      await this.repository.recordTransition(tx, { pledgeId, fromStatus: step.from, toStatus: step.to, actor: ctx.actor, causationId: ctx.requestId });
      const disposed = toPledgeResponse(await this.reread(tx, pledgeId));
      await this.outbox.append(tx, {
        type: 'PledgeDisposed',
        payload: {
          pledgeId,
          loanId: pledge.loanId,
          bankOrgId: disposed.bankOrgId,
          method: request.method,
          grossProceeds: request.grossProceeds,
          costs: request.costs,
          netProceeds: net,
          disposedOn: request.disposedOn,
        },
        actor: ctx.actor,
        correlationId: ctx.correlationId,
        causationId: ctx.requestId,
      });
      return disposed;
    });
  }

  async get(pledgeId: string, ctx: RequestContext): Promise<PledgeResponse> {
    const row = await this.repository.read(pledgeId);
    // Another bank's pledge answers exactly like an unknown one.
    if (!row || !mayRead(row, ctx)) throw new NotFoundError('pledge application', pledgeId);
    return toPledgeResponse(row);
  }

  async list(query: { status?: PledgeStatus; limit: number }, ctx: RequestContext): Promise<PledgeResponse[]> {
    const bankOrgId = ctx.actor.role === 'bank' ? ctx.actor.orgId : undefined;
    const rows = await this.repository.list({ bankOrgId, status: query.status, limit: query.limit });
    return rows.map(toPledgeResponse);
  }

  /** LoanDisbursed: the pledge now secures this loan (shown on the pledge; status unchanged). */
  async recordLoan(tx: TransactionClient, event: EventEnvelope<'LoanDisbursed'>): Promise<void> {
    const { pledgeId, loanId } = event.payload;
    const pledge = await this.pledgeOfEvent(tx, event, pledgeId, event.payload.bankOrgId);
    if (pledge.loanId === loanId) return;
    if (pledge.loanId !== null) throw inconsistent(event, `pledge ${pledgeId} already secures loan ${pledge.loanId}`);
    const step = transition(statusOf(pledge), 'record-loan');
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
      const recorded = toDateString(pledge.loanDefaultedOn);
      if (recorded === defaultedOn) return; // recorded already
      throw inconsistent(event, `pledge ${pledgeId} already shows its loan ${loanId} in default since ${recorded}, not ${defaultedOn}`);
    }
    const step = transition(statusOf(pledge), 'record-default');
    if (!step.ok) throw inconsistent(event, refusalMessage(pledgeId, step));
    const changed = await this.repository.updateIfUnchanged(tx, pledgeId, pledge.version, {
      loanId,
      loanDefaultedOn: fromDateString(defaultedOn),
    });
    if (!changed) throw inconsistent(event, `pledge ${pledgeId} changed while recording the default of loan ${loanId}; retrying`);
  }

  /**
   * LoanClosed: a repaid loan releases (注销) its pledge on the day it closed. A pledge already
   * DISPOSED of stays so: closing its loan ('recovery-settled' after the proceeds were shared out)
   * changes nothing here.
   */
  async releaseForClosedLoan(tx: TransactionClient, event: EventEnvelope<'LoanClosed'>): Promise<void> {
    const { pledgeId, loanId, closedOn, reason } = event.payload;
    const pledge = await this.pledgeOfEvent(tx, event, pledgeId, event.payload.bankOrgId);
    const status = statusOf(pledge);
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
    await this.repository.recordTransition(tx, {
      pledgeId,
      fromStatus: step.from,
      toStatus: step.to,
      actor: SYSTEM_ACTOR,
      causationId: event.eventId,
    });
    await this.outbox.append(tx, {
      type: 'PledgeReleased',
      payload: { pledgeId, bankOrgId: pledge.bankOrgId, loanId, releasedOn: closedOn, reason: 'loan-closed' },
      actor: SYSTEM_ACTOR,
      correlationId: event.correlationId,
      causationId: event.eventId,
    });
  }

  /**
   * The version check failed: somebody changed the pledge after we read it. Read it again and
   * answer with what the command meets now (normally: it is no longer in the required state).
   */
  private async concurrentChange(tx: TransactionClient, pledgeId: string, command: PledgeCommand): Promise<Error> {
    const current = await this.repository.findPledge(tx, pledgeId);
    if (!current) return new NotFoundError('pledge application', pledgeId);
    const status = statusOf(current);
    const step = transition(status, command);
    if (!step.ok) return new IllegalTransitionError(refusalMessage(pledgeId, step), step.currentState);
    return new IllegalTransitionError(`pledge ${pledgeId} was changed by another request at the same time; read it and try again`, status);
  }

  private async reread(tx: TransactionClient, pledgeId: string): Promise<PledgeRow> {
    const row = await this.repository.findPledge(tx, pledgeId);
    if (!row) throw new Error(`pledge ${pledgeId} vanished inside its own transaction`);
    return row;
  }

  private async pledgeOfEvent(tx: TransactionClient, event: EventEnvelope, pledgeId: string, bankOrgId: string): Promise<PledgeRow> {
    const pledge = await this.repository.findPledge(tx, pledgeId);
    if (!pledge) throw inconsistent(event, `pledge ${pledgeId} is unknown here`);
    if (pledge.bankOrgId !== bankOrgId) throw inconsistent(event, `pledge ${pledgeId} belongs to ${pledge.bankOrgId}, not ${bankOrgId}`);
    return pledge;
  }
}

/** The bureau and appraisers see every pledge; a bank only those it is the pledgee of. */
function mayRead(row: PledgeRow, ctx: RequestContext): boolean {
  return ctx.actor.role !== 'bank' || row.bankOrgId === ctx.actor.orgId;
}

/**
 * An event that contradicts what this service knows. Thrown, so the consumer retries (a
 * concurrent change resolves itself) and finally dead-letters it with this message for a person.
 */
function inconsistent(event: EventEnvelope, problem: string): Error {
  return new Error(`${event.type} ${event.eventId}: ${problem}`);
}
