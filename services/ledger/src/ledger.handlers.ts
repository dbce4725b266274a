import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ipledger/contracts';
import type { TransactionClient } from './database';
import type { EventContext } from '@ipledger/messaging';
import {
  budgetOpenedEntry,
  compensationApprovedEntry,
  compensationPaidEntry,
  recoveryDistributedEntry,
} from './domain/compensation-posting-rules';
import type { JournalEntryDraft } from './domain/journal-entry';
import { defaultEntry, disbursementEntry, repaymentEntry } from './domain/posting-rules';
import { JournalPoster } from './journal-poster';

/**
 * Money events in, journal entries out: one entry per event, in the consumer's transaction (with
 * its inbox row). An event that moves no money (a budget of 0.00) posts nothing; its inbox row
 * still marks it handled. A posting that is refused (e.g. repaying more principal than is owed)
 * throws; the consumer retries it and then moves it to the dead-letter topic.
 */
@Controller()
export class LedgerHandlers {
  constructor(private readonly journal: JournalPoster) {}

  @EventPattern('LoanDisbursed')
  async onLoanDisbursed(@Payload() event: EventEnvelope<'LoanDisbursed'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.journal.post(ctx.tx, disbursementEntry(event));
  }

  @EventPattern('LoanRepaid')
  async onLoanRepaid(@Payload() event: EventEnvelope<'LoanRepaid'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.journal.post(ctx.tx, repaymentEntry(event));
  }

  @EventPattern('LoanDefaulted')
  async onLoanDefaulted(@Payload() event: EventEnvelope<'LoanDefaulted'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.journal.post(ctx.tx, defaultEntry(event));
  }

  @EventPattern('FundBudgetOpened')
  async onFundBudgetOpened(
    @Payload() event: EventEnvelope<'FundBudgetOpened'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.postUnlessNothing(ctx, budgetOpenedEntry(event));
  }

  @EventPattern('CompensationApproved')
  async onCompensationApproved(
    @Payload() event: EventEnvelope<'CompensationApproved'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.postUnlessNothing(ctx, compensationApprovedEntry(event));
  }

  @EventPattern('CompensationPaid')
  async onCompensationPaid(
    @Payload() event: EventEnvelope<'CompensationPaid'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.journal.post(ctx.tx, compensationPaidEntry(event));
  }

  @EventPattern('RecoveryDistributed')
  async onRecoveryDistributed(
    @Payload() event: EventEnvelope<'RecoveryDistributed'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.postUnlessNothing(ctx, recoveryDistributedEntry(event));
  }

  private async postUnlessNothing(ctx: EventContext<TransactionClient>, draft: JournalEntryDraft | null): Promise<void> {
    if (draft !== null) await this.journal.post(ctx.tx, draft);
  }
}
