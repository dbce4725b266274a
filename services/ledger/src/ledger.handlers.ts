import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ipledger/contracts';
import type { TransactionClient } from '@ipledger/db';
import type { EventContext } from '@ipledger/messaging';
import { defaultEntry, disbursementEntry, repaymentEntry } from './domain/posting-rules';
import { LedgerRepository } from './ledger.repository';

/**
 * Money events in, journal entries out: one entry per event, in the consumer's transaction (with
 * its inbox row). A posting that is refused (e.g. repaying more principal than is owed) throws;
 * the consumer retries it and then moves it to the dead-letter topic.
 */
@Controller()
export class LedgerHandlers {
  constructor(private readonly repository: LedgerRepository) {}

  @EventPattern('LoanDisbursed')
  async onLoanDisbursed(@Payload() event: EventEnvelope<'LoanDisbursed'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.repository.post(ctx.tx, disbursementEntry(event));
  }

  @EventPattern('LoanRepaid')
  async onLoanRepaid(@Payload() event: EventEnvelope<'LoanRepaid'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.repository.post(ctx.tx, repaymentEntry(event));
  }

  @EventPattern('LoanDefaulted')
  async onLoanDefaulted(@Payload() event: EventEnvelope<'LoanDefaulted'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.repository.post(ctx.tx, defaultEntry(event));
  }
}
