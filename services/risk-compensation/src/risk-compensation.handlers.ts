import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ipledger/contracts';
import type { TransactionClient } from './database';
import type { EventContext } from '@ipledger/messaging';
import { LoanFactsService } from './loan-facts.service';

/** The loan, overdue and disposal facts claims and subsidy applications are judged by, from lending's and pledge registration's events. */
@Controller()
export class RiskCompensationHandlers {
  constructor(private readonly facts: LoanFactsService) {}

  @EventPattern('LoanDisbursed')
  async onLoanDisbursed(@Payload() event: EventEnvelope<'LoanDisbursed'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.facts.learnDisbursement(ctx.tx, event);
  }

  @EventPattern('LoanOverdue')
  async onLoanOverdue(@Payload() event: EventEnvelope<'LoanOverdue'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.facts.learnOverdue(ctx.tx, event);
  }

  @EventPattern('LoanDefaulted')
  async onLoanDefaulted(@Payload() event: EventEnvelope<'LoanDefaulted'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.facts.learnDefault(ctx.tx, event);
  }

  @EventPattern('PledgeDisposed')
  async onPledgeDisposed(@Payload() event: EventEnvelope<'PledgeDisposed'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.facts.learnDisposal(ctx.tx, event);
  }
}
