import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ipledger/contracts';
import type { TransactionClient } from './database';
import type { EventContext } from '@ipledger/messaging';
import { PledgeRegistrationService } from './pledge-registration.service';
import { WorkingCalendar } from './working-calendar';

/** What happens to a pledge when its loan moves (events from lending), and the calendar its deadlines count on. */
@Controller()
export class PledgeRegistrationHandlers {
  constructor(
    private readonly pledges: PledgeRegistrationService,
    private readonly calendar: WorkingCalendar,
  ) {}

  @EventPattern('LoanDisbursed')
  async onLoanDisbursed(@Payload() event: EventEnvelope<'LoanDisbursed'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.pledges.recordLoan(ctx.tx, event);
  }

  @EventPattern('LoanDefaulted')
  async onLoanDefaulted(@Payload() event: EventEnvelope<'LoanDefaulted'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.pledges.recordDefault(ctx.tx, event);
  }

  @EventPattern('LoanClosed')
  async onLoanClosed(@Payload() event: EventEnvelope<'LoanClosed'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.pledges.releaseForClosedLoan(ctx.tx, event);
  }

  @EventPattern('WorkingCalendarYearPublished')
  async onCalendarYearPublished(
    @Payload() event: EventEnvelope<'WorkingCalendarYearPublished'>,
    @Ctx() ctx: EventContext<TransactionClient>,
  ): Promise<void> {
    await this.calendar.recordPublished(ctx.tx, event);
  }
}
