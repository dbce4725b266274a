// Recording deals and reversing them: the row and its event (DealRecorded / DealReversed) commit
// together through the outbox. The totals change only when the consumer handles the event, so
// HTTP and every other source of facts go through the one path.
import { Inject, Injectable } from '@nestjs/common';
import type { DealResponse, RecordDealRequest, ReverseDealRequest } from '@ipledger/contracts';
import type { ListDealsQuery } from '@ipledger/contracts';
import type { Outbox } from '@ipledger/messaging';
import type { BackdatingBounds } from '@ipledger/calendar';
import { Money } from '@ipledger/money';
import {
  Clock,
  IllegalTransitionError,
  newId,
  NotFoundError,
  OUTBOX,
  SERVICE_CONFIG,
  UnitOfWork,
  ValidationError,
  type CommandContext,
  type ServiceConfig,
} from '@ipledger/service-kit';
import type { z } from 'zod';
import { checkDeal, checkReversalDate, normalisedIpNumber } from './domain/deal-rules';
import { DealsRepository } from './deals.repository';
import { toDealResponse } from './deal-response';
import type { TransactionClient } from './database';

@Injectable()
export class DealsService {
  constructor(
    private readonly deals: DealsRepository,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Today in China by the server's clock, and how far back a contract or reversal may be dated. */
  private dateBounds(): BackdatingBounds {
    return { today: this.clock.today(), limitDays: this.config.BACKDATING_LIMIT_DAYS };
  }

  async record(request: RecordDealRequest, ctx: CommandContext): Promise<DealResponse> {
    const issues = checkDeal(request, this.dateBounds());
    if (issues.length > 0) throw new ValidationError(issues);
    const ipItems = request.ipItems.map((item) => ({ ipType: item.ipType, number: normalisedIpNumber(item.ipType, item.number) }));
    return this.unitOfWork.run(ctx, async (tx) => {
      const deal = await this.deals.insert(tx, {
        id: newId('deal'),
        kind: request.kind,
        ipItems,
        fromUscc: request.from.uscc,
        fromName: request.from.name,
        toUscc: request.to.uscc,
        toName: request.to.name,
        amount: Money.of(request.amount),
        contractDate: request.contractDate,
        districtCode: request.districtCode,
        industry: request.industry,
        recordedByOrgId: ctx.actor.orgId,
      });
      await this.outbox.append(tx, {
        type: 'DealRecorded',
        payload: {
          dealId: deal.id,
          kind: deal.kind,
          ipItems: deal.ipItems,
          from: { uscc: deal.fromUscc, name: deal.fromName },
          to: { uscc: deal.toUscc, name: deal.toName },
          amount: deal.amount.toString(),
          contractDate: deal.contractDate,
          districtCode: deal.districtCode,
          industry: deal.industry,
          recordedByOrgId: deal.recordedByOrgId,
        },
        ...ctx.cause,
      });
      return toDealResponse(deal);
    });
  }

  async reverse(dealId: string, request: ReverseDealRequest, ctx: CommandContext): Promise<DealResponse> {
    const bounds = this.dateBounds();
    const reversedOn = request.reversedOn ?? bounds.today;
    return this.unitOfWork.run(ctx, async (tx) => {
      const existing = await this.deals.lock(tx, dealId);
      if (existing === null) throw new NotFoundError('deal', dealId);
      if (existing.status === 'REVERSED') throw new IllegalTransitionError(`deal ${dealId} is already reversed`, existing.status);
      const issues = checkReversalDate(reversedOn, existing.contractDate, bounds);
      if (issues.length > 0) throw new ValidationError(issues);
      const deal = await this.deals.markReversed(tx, dealId, reversedOn, request.reason);
      await this.outbox.append(tx, {
        type: 'DealReversed',
        payload: { dealId, kind: deal.kind, reversedOn, reason: request.reason },
        ...ctx.cause,
      });
      return toDealResponse(deal);
    });
  }

  async list(query: z.infer<typeof ListDealsQuery>): Promise<DealResponse[]> {
    return (await this.deals.list(query)).map(toDealResponse);
  }
}
