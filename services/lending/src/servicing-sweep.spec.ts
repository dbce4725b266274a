import type { Clock, Logger } from '@ipledger/service-kit';
import type { EndOfDayServicing } from './end-of-day-servicing.service';
import type { LendingRepository } from './lending.repository';
import { ServicingSweep, SWEEP_INTERVAL_MS } from './servicing-sweep';

/** A sweep over one loan with a clock the test turns; it counts the passes (each asks for the loans to accrue once). */
function sweepWith(day: { today: string }): { sweep: ServicingSweep; passes: string[] } {
  const passes: string[] = [];
  const repository = {
    loansWithInterestToAccrue: async (today: string) => {
      passes.push(today);
      return [];
    },
    activeLoansWithInstalmentDueBefore: async () => [],
  } as unknown as LendingRepository;
  const clock = { today: () => day.today } as Clock;
  const logger = { info: () => undefined, error: () => undefined } as unknown as Logger;
  return { sweep: new ServicingSweep({} as EndOfDayServicing, repository, clock, logger), passes };
}

describe('when the end-of-day servicing runs', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('makes a pass on start, looks every interval, and passes again only once the day turned', async () => {
    const day = { today: '2026-12-07' };
    const { sweep, passes } = sweepWith(day);
    sweep.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(passes).toEqual(['2026-12-07']);

    await jest.advanceTimersByTimeAsync(3 * SWEEP_INTERVAL_MS);
    expect(passes).toEqual(['2026-12-07']);

    day.today = '2026-12-08';
    await jest.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
    expect(passes).toEqual(['2026-12-07', '2026-12-08']);
    await sweep.onModuleDestroy();
  });
});
