import type { Logger } from '@ipledger/service-kit';
import { CheckpointScheduler } from './checkpoint-scheduler';
import type { CheckpointSigner, HeadProgress } from './checkpoint-signer';
import type { LedgerConfig } from './ledger.config';

const NOW = new Date('2026-11-23T08:00:00.000Z');
const config = { LEDGER_CHECKPOINT_EVERY_ENTRIES: 1000, LEDGER_CHECKPOINT_INTERVAL_MS: 300_000 } as LedgerConfig;

function schedulerWith(progress: HeadProgress): { scheduler: CheckpointScheduler; signed: Date[] } {
  const signed: Date[] = [];
  const signer = {
    progress: async () => progress,
    signIfHeadMoved: async (now: Date) => {
      signed.push(now);
      return null;
    },
  } as unknown as CheckpointSigner;
  return { scheduler: new CheckpointScheduler(signer, config, {} as Logger), signed };
}

describe('when the checkpoint scheduler signs', () => {
  it('signs once the configured number of entries piled up, however recent the last checkpoint', async () => {
    const { scheduler, signed } = schedulerWith({ entriesSince: 1000n, lastSignedAt: new Date(NOW.getTime() - 1000) });
    await scheduler.tick(NOW);
    expect(signed).toEqual([NOW]);
  });

  it('signs a moved head once the interval passed since the last checkpoint', async () => {
    const { scheduler, signed } = schedulerWith({ entriesSince: 3n, lastSignedAt: new Date(NOW.getTime() - 300_000) });
    await scheduler.tick(NOW);
    expect(signed).toEqual([NOW]);
  });

  it('waits while fewer entries piled up and the interval has not passed', async () => {
    const { scheduler, signed } = schedulerWith({ entriesSince: 999n, lastSignedAt: new Date(NOW.getTime() - 299_999) });
    await scheduler.tick(NOW);
    expect(signed).toEqual([]);
  });

  it('signs nothing when the head did not move, however long ago the last checkpoint', async () => {
    const { scheduler, signed } = schedulerWith({ entriesSince: 0n, lastSignedAt: new Date(0) });
    await scheduler.tick(NOW);
    expect(signed).toEqual([]);
  });

  it('signs the first checkpoint as soon as there is an entry', async () => {
    const { scheduler, signed } = schedulerWith({ entriesSince: 1n, lastSignedAt: null });
    await scheduler.tick(NOW);
    expect(signed).toEqual([NOW]);
  });
});
