import { Inject, Injectable } from '@nestjs/common';
import type { SubmitValuationRequest, ValuationResponse } from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import type { Outbox } from '@ipledger/messaging';
import {
  Clock,
  newId,
  mayRead,
  OUTBOX,
  requireOwn,
  requireReadable,
  SERVICE_CONFIG,
  UnitOfWork,
  ValidationError,
  type CommandContext,
  type RequestContext,
  type ServiceConfig,
} from '@ipledger/service-kit';
import { checkValuationDates } from './domain/valuation-rules';
import { valuationAccess, VALUED_PLEDGE_ACCESS } from './valuation-access';
import { ValuationRepository } from './valuation.repository';
import { toValuationResponse } from './valuation-response';
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

  private readonly access = valuationAccess((pledgeId) => this.repository.bankOfPledge(pledgeId));

  async submit(request: SubmitValuationRequest, ctx: CommandContext): Promise<ValuationResponse> {
    const issues = checkValuationDates(request, { today: this.clock.today(), limitDays: this.config.BACKDATING_LIMIT_DAYS });
    if (issues.length > 0) throw new ValidationError(issues);
    return this.unitOfWork.run(ctx, async (tx) => {
      requireOwn(ctx, VALUED_PLEDGE_ACCESS, request.pledgeId, await this.repository.findPledge(tx, request.pledgeId));
      const valuation = await this.repository.insertValuation(tx, {
        id: newId('valuation'),
        pledgeId: request.pledgeId,
        appraiserOrgId: ctx.actor.orgId,
        method: request.method,
        appraisedValue: Money.of(request.appraisedValue),
        valuationDate: request.valuationDate,
        validUntil: request.validUntil,
        reportNumber: request.reportNumber ?? null,
        actorRole: ctx.actor.role,
        actorUserId: ctx.actor.userId,
      });
      await this.outbox.append(tx, {
        type: 'PledgeValued',
        payload: {
          valuationId: valuation.id,
          pledgeId: valuation.pledgeId,
          appraiserOrgId: valuation.appraiserOrgId,
          method: valuation.method,
          appraisedValue: valuation.appraisedValue.toString(),
          valuationDate: valuation.valuationDate,
          validUntil: valuation.validUntil,
          reportNumber: valuation.reportNumber,
        },
        ...ctx.cause,
      });
      return toValuationResponse(valuation);
    });
  }

  async get(id: string, ctx: RequestContext): Promise<ValuationResponse> {
    return toValuationResponse(await requireReadable(ctx, this.access, id, await this.repository.findValuation(id)));
  }

  async listForPledge(pledgeId: string, ctx: RequestContext): Promise<ValuationResponse[]> {
    const valuations = await this.repository.listForPledge(pledgeId);
    const visible = [];
    for (const valuation of valuations) if (await mayRead(ctx.actor, this.access, valuation)) visible.push(valuation);
    return visible.map(toValuationResponse);
  }
}
