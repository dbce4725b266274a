import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ipledger/contracts';
import type { TransactionClient } from './database';
import type { EventContext } from '@ipledger/messaging';
import { LendingService } from './lending.service';

/**
 * Facts this service copies from other services' events, in whatever order they arrive: the
 * valuation topic is not ordered with the pledge topic, so a PledgeValued may come first. And
 * risk compensation's RecoveryDistributed, which closes a defaulted loan.
 */
@Controller()
export class LendingHandlers {
  constructor(private readonly lending: LendingService) {}

  @EventPattern('PledgeApplicationSubmitted')
  async onPledgeApplicationSubmitted(
    @Payload() event: EventEnvelope<'PledgeApplicationSubmitted'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.lending.learnApplication(ctx.tx, event.payload, event.eventId);
  }

  @EventPattern('PledgeApplicationResubmitted')
  async onPledgeApplicationResubmitted(
    @Payload() event: EventEnvelope<'PledgeApplicationResubmitted'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.lending.learnApplication(ctx.tx, event.payload, event.eventId);
  }

  @EventPattern('PledgeRegistrationChanged')
  async onPledgeRegistrationChanged(
    @Payload() event: EventEnvelope<'PledgeRegistrationChanged'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.lending.learnRegistrationChange(ctx.tx, event.payload);
  }

  @EventPattern('PledgeReleased')
  async onPledgeReleased(@Payload() event: EventEnvelope<'PledgeReleased'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.lending.learnRelease(ctx.tx, event.payload);
  }

  @EventPattern('PledgeRegistered')
  async onPledgeRegistered(
    @Payload() event: EventEnvelope<'PledgeRegistered'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.lending.learnRegistration(ctx.tx, event.payload, event.eventId);
  }

  @EventPattern('PledgeValued')
  async onPledgeValued(@Payload() event: EventEnvelope<'PledgeValued'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.lending.learnValuation(ctx.tx, event.payload, event.eventId);
  }

  @EventPattern('RecoveryDistributed')
  async onRecoveryDistributed(
    @Payload() event: EventEnvelope<'RecoveryDistributed'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.lending.settleRecovery(ctx.tx, event);
  }
}
