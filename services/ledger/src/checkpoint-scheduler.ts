// When to sign: right away on start if the head moved since the newest checkpoint, then on every
// tick once LEDGER_CHECKPOINT_EVERY_ENTRIES entries were posted since it, or once
// LEDGER_CHECKPOINT_INTERVAL_MS passed since it was signed and the head moved. The state lives in
// the database, so several instances share one schedule.
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { LOGGER, type Logger } from '@ipledger/service-kit';
import { CheckpointSigner } from './checkpoint-signer';
import { LEDGER_CONFIG, type LedgerConfig } from './ledger.config';

/** How often the head is looked at: often enough for the entry count, never more than the interval. */
const MAX_TICK_MS = 1_000;

@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly signer: CheckpointSigner,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run(() => this.signer.signIfHeadMoved(), 'on start');
    this.schedule();
  }

  /** Stops before the database client closes (modules are destroyed before the application shuts down). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }

  /** One look at the head: signs when enough entries or enough time piled up since the newest checkpoint. */
  async tick(now: Date = new Date()): Promise<void> {
    const { entriesSince, lastSignedAt } = await this.signer.progress();
    if (entriesSince <= 0n) return;
    const due =
      entriesSince >= BigInt(this.config.LEDGER_CHECKPOINT_EVERY_ENTRIES) ||
      lastSignedAt === null ||
      now.getTime() - lastSignedAt.getTime() >= this.config.LEDGER_CHECKPOINT_INTERVAL_MS;
    if (due) await this.signer.signIfHeadMoved(now);
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = Math.min(MAX_TICK_MS, this.config.LEDGER_CHECKPOINT_INTERVAL_MS);
    this.timer = setTimeout(() => {
      void this.run(() => this.tick(), 'on schedule').then(() => this.schedule());
    }, delay);
    this.timer.unref();
  }

  /** Runs `work`, logging (not throwing) a failure: the next tick tries again. */
  private async run(work: () => Promise<unknown>, when: string): Promise<void> {
    this.running = work().then(
      () => undefined,
      (error: unknown) => this.logger.error({ err: error }, `signing a ledger checkpoint ${when} failed; retrying on the next tick`),
    );
    await this.running;
  }
}
