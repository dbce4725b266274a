import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { AnyEventEnvelope, EventEnvelope } from '@ipledger/contracts';
import type { TransactionClient } from './database';
import type { EventContext } from '@ipledger/messaging';
import { entryForEvent } from './domain/entry-for-event';
import { JournalPoster } from './journal-poster';

/**
 * Money events in, journal entries out: one entry per event (domain/entry-for-event.ts names the
 * rule), in the consumer's transaction (with its inbox row). An event that moves no money (a budget
 * or a subsidy approval of 0.00) posts nothing; its inbox row still marks it handled. A posting
 * that is refused (e.g. repaying more principal than is owed) throws; the consumer retries it and
 * then moves it to the dead-letter topic. These handlers name what the ledger subscribes to and post one event at a
 * time; batches of events go through LedgerBatchConsumer (ledger-batch.consumer.ts).
 */
@Controller()
export class LedgerHandlers {
  constructor(private readonly journal: JournalPoster) {}

  @EventPattern('LoanDisbursed')
  onLoanDisbursed(@Payload() event: EventEnvelope<'LoanDisbursed'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('LoanRepaid')
  onLoanRepaid(@Payload() event: EventEnvelope<'LoanRepaid'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('LoanInterestAccrued')
  onLoanInterestAccrued(
    @Payload() event: EventEnvelope<'LoanInterestAccrued'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('CompensationSharePaid')
  onCompensationSharePaid(
    @Payload() event: EventEnvelope<'CompensationSharePaid'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('LoanDefaulted')
  onLoanDefaulted(@Payload() event: EventEnvelope<'LoanDefaulted'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('FundBudgetOpened')
  onFundBudgetOpened(@Payload() event: EventEnvelope<'FundBudgetOpened'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('FundContributionReceived')
  onFundContributionReceived(
    @Payload() event: EventEnvelope<'FundContributionReceived'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('CompensationShortfallSettled')
  onCompensationShortfallSettled(
    @Payload() event: EventEnvelope<'CompensationShortfallSettled'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('LoanShortfallSettled')
  onLoanShortfallSettled(
    @Payload() event: EventEnvelope<'LoanShortfallSettled'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('CompensationApproved')
  onCompensationApproved(
    @Payload() event: EventEnvelope<'CompensationApproved'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('CompensationPaid')
  onCompensationPaid(@Payload() event: EventEnvelope<'CompensationPaid'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('RecoveryDistributed')
  onRecoveryDistributed(
    @Payload() event: EventEnvelope<'RecoveryDistributed'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('LoanCompensationApproved')
  onLoanCompensationApproved(
    @Payload() event: EventEnvelope<'LoanCompensationApproved'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('LoanRecoverySettled')
  onLoanRecoverySettled(
    @Payload() event: EventEnvelope<'LoanRecoverySettled'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('SubsidyApproved')
  onSubsidyApproved(@Payload() event: EventEnvelope<'SubsidyApproved'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    return this.post(event, ctx);
  }

  @EventPattern('SubsidyPaid')
  onSubsidyPaid(@Payload() event: EventEnvelope<'SubsidyPaid'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    return this.post(event, ctx);
  }

  private async post(event: AnyEventEnvelope, ctx: EventContext<TransactionClient>): Promise<void> {
    const draft = entryForEvent(event);
    if (draft !== null) await this.journal.post(ctx.tx, draft);
  }
}
