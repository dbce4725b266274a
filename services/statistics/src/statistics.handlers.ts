import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ipledger/contracts';
import type { TransactionClient } from './database';
import type { EventContext } from '@ipledger/messaging';
import { FactsService } from './facts.service';

/**
 * The events of every service that the statistics count (EVENT_CONSUMERS.statistics), one at a time
 * in the consumer's transaction: the path of an event retried alone. A batch goes through
 * StatisticsBatchConsumer; both add through FactsService.recordAll.
 */
@Controller()
export class StatisticsHandlers {
  constructor(private readonly facts: FactsService) {}

  @EventPattern('DealRecorded')
  async onDealRecorded(@Payload() event: EventEnvelope<'DealRecorded'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }

  @EventPattern('DealReversed')
  async onDealReversed(@Payload() event: EventEnvelope<'DealReversed'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }

  @EventPattern('PledgeApplicationSubmitted')
  async onPledgeApplicationSubmitted(
    @Payload() event: EventEnvelope<'PledgeApplicationSubmitted'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }

  @EventPattern('PledgeRegistered')
  async onPledgeRegistered(
    @Payload() event: EventEnvelope<'PledgeRegistered'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }

  @EventPattern('LoanDisbursed')
  async onLoanDisbursed(@Payload() event: EventEnvelope<'LoanDisbursed'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }

  @EventPattern('LoanDefaulted')
  async onLoanDefaulted(@Payload() event: EventEnvelope<'LoanDefaulted'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }

  @EventPattern('FundBudgetOpened')
  async onFundBudgetOpened(
    @Payload() event: EventEnvelope<'FundBudgetOpened'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }

  @EventPattern('FundContributionReceived')
  async onFundContributionReceived(
    @Payload() event: EventEnvelope<'FundContributionReceived'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }

  @EventPattern('CompensationShortfallSettled')
  async onCompensationShortfallSettled(
    @Payload() event: EventEnvelope<'CompensationShortfallSettled'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }

  @EventPattern('CompensationApproved')
  async onCompensationApproved(
    @Payload() event: EventEnvelope<'CompensationApproved'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }

  @EventPattern('CompensationPaid')
  async onCompensationPaid(
    @Payload() event: EventEnvelope<'CompensationPaid'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }

  @EventPattern('RecoveryDistributed')
  async onRecoveryDistributed(
    @Payload() event: EventEnvelope<'RecoveryDistributed'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }

  @EventPattern('SubsidyApproved')
  async onSubsidyApproved(@Payload() event: EventEnvelope<'SubsidyApproved'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }

  @EventPattern('SubsidyPaid')
  async onSubsidyPaid(@Payload() event: EventEnvelope<'SubsidyPaid'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.facts.recordAll(ctx.tx, [event]);
  }
}
