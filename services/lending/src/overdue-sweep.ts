// The overdue sweep (逾期自动认定): once on start and then every SWEEP_INTERVAL_MS, every ACTIVE
// loan with an instalment due before today (China's day, the server's clock) is looked at, and the
// ones whose schedule shows it still unpaid turn OVERDUE by themselves
// (LendingService.slipOverdueBySchedule). Each loan is its own transaction with the loan's
// optimistic version, so several instances may sweep at once and a bank's command racing it wins;
// a loan the sweep could not change is simply looked at again on the next pass.
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock, LOGGER, type Logger } from '@ipledger/service-kit';
import { LendingRepository } from './lending.repository';
import { LendingService } from './lending.service';

/** Hourly: a day turns once, so a loan slips overdue within an hour of the day after its due day. */
export const SWEEP_INTERVAL_MS = 3_600_000;
const PAGE = 200;

export interface SweepResult {
  readonly today: string;
  readonly looked: number;
  readonly slipped: string[];
}

@Injectable()
export class OverdueSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly lending: LendingService,
    private readonly repository: LendingRepository,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over the loans by today's date. */
  async sweep(): Promise<SweepResult> {
    const today = this.clock.today();
    const slipped: string[] = [];
    let looked = 0;
    let after: string | null = null;
    for (;;) {
      const page = await this.repository.activeLoansWithInstalmentDueBefore(today, after, PAGE);
      for (const loanId of page) {
        looked += 1;
        if (await this.lending.slipOverdueBySchedule(loanId, today)) slipped.push(loanId);
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1] ?? null;
    }
    if (slipped.length > 0) this.logger.info({ today, looked, slipped: slipped.length }, 'loans overdue by their schedule');
    return { today, looked, slipped };
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .catch((error: unknown) => this.logger.error({ err: error }, 'the overdue sweep failed; it runs again on the next pass'))
        .finally(() => this.schedule(SWEEP_INTERVAL_MS));
    }, delay);
    this.timer.unref();
  }
}
