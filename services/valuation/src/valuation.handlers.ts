import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ipledger/contracts';
import type { TransactionClient } from './database';
import type { EventContext } from '@ipledger/messaging';
import { ValuationRepository } from './valuation.repository';

/** Facts this service copies from other services' events. */
@Controller()
export class ValuationHandlers {
  constructor(private readonly repository: ValuationRepository) {}

  @EventPattern('PledgeApplicationSubmitted')
  async onPledgeApplicationSubmitted(
    @Payload() event: EventEnvelope<'PledgeApplicationSubmitted'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.repository.rememberPledge(ctx.tx, event.payload, event.eventId);
  }

  @EventPattern('PledgeApplicationResubmitted')
  async onPledgeApplicationResubmitted(
    @Payload() event: EventEnvelope<'PledgeApplicationResubmitted'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.repository.rememberCorrection(ctx.tx, event.payload, event.eventId);
  }

  @EventPattern('PledgeAppraiserAssigned')
  async onPledgeAppraiserAssigned(
    @Payload() event: EventEnvelope<'PledgeAppraiserAssigned'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    if (!(await this.repository.rememberAppraiser(ctx.tx, event.payload))) {
      throw new Error(`${event.type} ${event.eventId}: pledge ${event.payload.pledgeId} of ${event.payload.bankOrgId} is unknown here`);
    }
  }
}
