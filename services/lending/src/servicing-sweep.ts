// The end-of-day servicing (日终): one pass on start and then one a day, by today in China (the
// server's clock); the scheduler looks every SWEEP_INTERVAL_MS whether the day turned since this
// instance's last complete pass (a failed pass is tried again on the next look). A pass:
//   1. interest accrues (按日计息) on every loan with days left to accrue before today
//      (EndOfDayServicing.accrueInterest: LoanInterestAccrued, which the ledger posts);
//   2. every ACTIVE loan with an instalment due before today whose schedule shows it still unpaid
//      turns OVERDUE by itself (EndOfDayServicing.slipOverdueBySchedule: LoanOverdue detectedBy 'schedule').
// Each loan is its own transaction, guarded so that no day is accrued twice and a bank's command
// racing a slip wins; several instances may run at once, and whatever one pass could not do the
// next pass does.
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock, LOGGER, type Logger } from '@ipledger/service-kit';
import { LendingRepository } from './lending.repository';
import { EndOfDayServicing } from './end-of-day-servicing.service';

/** Hourly looks: a day's interest and a missed instalment are seen within an hour of midnight, and a pass runs once a day. */
export const SWEEP_INTERVAL_MS = 3_600_000;
const PAGE = 200;

export interface SweepResult {
  readonly today: string;
  /** Loans whose interest was accrued, and loans that turned OVERDUE, in this pass. */
  readonly accrued: string[];
  readonly slipped: string[];
}

@Injectable()
export class ServicingSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  /** The day of this instance's last complete pass: nothing changes by the schedule until the day turns. */
  private lastPassOn: string | undefined;

  constructor(
    private readonly servicing: EndOfDayServicing,
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

  /** One pass by today's date. */
  async sweep(): Promise<SweepResult> {
    const today = this.clock.today();
    const accrued = await eachPage(
      (after) => this.repository.loansWithInterestToAccrue(today, after, PAGE),
      (loanId) => this.servicing.accrueInterest(loanId, today),
    );
    const slipped = await eachPage(
      (after) => this.repository.activeLoansWithInstalmentDueBefore(today, after, PAGE),
      (loanId) => this.servicing.slipOverdueBySchedule(loanId, today),
    );
    if (accrued.length + slipped.length > 0) {
      this.logger.info(
        { today, accrued: accrued.length, slipped: slipped.length },
        'end-of-day servicing: interest accrued, loans overdue',
      );
    }
    return { today, accrued, slipped };
  }

  /** A pass, unless this instance already completed one today. */
  private async passIfTheDayTurned(): Promise<void> {
    if (this.clock.today() === this.lastPassOn) return;
    this.lastPassOn = (await this.sweep()).today;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.passIfTheDayTurned()
        .catch((error: unknown) => this.logger.error({ err: error }, 'the end-of-day servicing failed; it runs again on the next pass'))
        .finally(() => this.schedule(SWEEP_INTERVAL_MS));
    }, delay);
    this.timer.unref();
  }
}

/** Runs `act` on every id the pages list, in id order; the ids it acted on. */
async function eachPage(page: (after: string | null) => Promise<string[]>, act: (id: string) => Promise<boolean>): Promise<string[]> {
  const done: string[] = [];
  let after: string | null = null;
  for (;;) {
    const ids = await page(after);
    for (const id of ids) if (await act(id)) done.push(id);
    if (ids.length < PAGE) return done;
    after = ids[ids.length - 1] ?? null;
  }
}
