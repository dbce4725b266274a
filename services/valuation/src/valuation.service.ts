import { Inject, Injectable } from '@nestjs/common';
import type { SubmitValuationRequest, ValuationResponse } from '@ipledger/contracts';
import type { Outbox } from '@ipledger/messaging';
import {
  Clock,
  fromDateString,
  newId,
  NotFoundError,
  OUTBOX,
  SERVICE_CONFIG,
  UnitOfWork,
  ValidationError,
  type RequestContext,
  type ServiceConfig,
} from '@ipledger/service-kit';
import { checkValuationDates } from './domain/valuation-rules';
import { toValuationResponse, ValuationRepository } from './valuation.repository';
import type { TransactionClient } from './database';

@Injectable()
export class ValuationService {
  constructor(
    private readonly repository: ValuationRepository,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async submit(request: SubmitValuationRequest, ctx: RequestContext): Promise<ValuationResponse> {
    const issues = checkValuationDates(request, { today: this.clock.today(), limitDays: this.config.BACKDATING_LIMIT_DAYS });
    if (issues.length > 0) throw new ValidationError(issues);
    return this.unitOfWork.run(async (tx) => {
      const pledge = await this.repository.findPledge(tx, request.pledgeId);
      // Only the appraiser the application names may value it; to any other the pledge does not exist.
      if (!pledge || !isNamedAppraiser(pledge.appraiserOrgId, ctx)) throw new NotFoundError('pledge application', request.pledgeId);
      const row = await this.repository.insertValuation(tx, {
        id: newId('valuation'),
        pledgeId: request.pledgeId,
        appraiserOrgId: ctx.actor.orgId,
        method: request.method,
        appraisedValue: request.appraisedValue,
        valuationDate: fromDateString(request.valuationDate),
        validUntil: fromDateString(request.validUntil),
        reportNumber: request.reportNumber ?? null,
        actorRole: ctx.actor.role,
        actorUserId: ctx.actor.userId,
      });
      const valuation = toValuationResponse(row);
      await this.outbox.append(tx, {
        type: 'PledgeValued',
        payload: {
          valuationId: valuation.id,
          pledgeId: valuation.pledgeId,
          appraiserOrgId: valuation.appraiserOrgId,
          method: valuation.method,
          appraisedValue: valuation.appraisedValue,
          valuationDate: valuation.valuationDate,
          validUntil: valuation.validUntil,
          reportNumber: valuation.reportNumber,
        },
        actor: ctx.actor,
        correlationId: ctx.correlationId,
        causationId: ctx.requestId,
      });
      return valuation;
    });
  }

  async get(id: string, ctx: RequestContext): Promise<ValuationResponse> {
    const row = await this.repository.findValuation(id);
    if (!row || !(await this.mayRead(row.pledgeId, row.appraiserOrgId, ctx))) throw new NotFoundError('valuation', id);
    return toValuationResponse(row);
  }

  async listForPledge(pledgeId: string, ctx: RequestContext): Promise<ValuationResponse[]> {
    const rows = await this.repository.listForPledge(pledgeId);
    const visible = [];
    for (const row of rows) if (await this.mayRead(row.pledgeId, row.appraiserOrgId, ctx)) visible.push(row);
    return visible.map(toValuationResponse);
  }

  /** The bureau sees all; an appraiser its own reports; a bank the reports on its own pledges. */
  private async mayRead(pledgeId: string, appraiserOrgId: string, ctx: RequestContext): Promise<boolean> {
    if (ctx.actor.role === 'bureau') return true;
    if (ctx.actor.role === 'appraiser') return appraiserOrgId === ctx.actor.orgId;
    if (ctx.actor.role === 'bank') return (await this.repository.bankOfPledge(pledgeId))?.bankOrgId === ctx.actor.orgId;
    return false;
  }
}

/**
 * The application names its appraiser; only that organisation may value the pledge. A pledge
 * submitted before applications named one (null) has no appraiser who may value it.
 */
function isNamedAppraiser(appraiserOrgId: string | null, ctx: RequestContext): boolean {
  return appraiserOrgId !== null && appraiserOrgId === ctx.actor.orgId;
}
