// Signs the audit chain's head with the audit service's key: on start (after linking older
// entries), then once AUDIT_CHECKPOINT_EVERY_ENTRIES entries were chained since the newest
// checkpoint, or AUDIT_CHECKPOINT_INTERVAL_MS passed and the head moved. The state lives in the
// database, so several instances share one schedule and a second signature of a sequence is not stored.
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AUDIT_CHECKPOINT_VERSION } from '@ipledger/audit-proof';
import { signCheckpoint, type Checkpoint, type LedgerSigningKey } from '@ipledger/ledger-proof';
import { LOGGER, type Logger } from '@ipledger/service-kit';
import { AUDIT_CONFIG, AUDIT_SIGNING_KEY, type AuditConfig } from './audit.config';
import { AuditChainRepository } from './audit-chain.repository';

const MAX_TICK_MS = 1_000;

@Injectable()
export class AuditCheckpoints implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly chain: AuditChainRepository,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: LedgerSigningKey,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run(async () => {
      const linked = await this.chain.linkBacklog();
      if (linked > 0) this.logger.info({ linked }, 'linked audit entries stored before the hash chain');
      await this.signIfHeadMoved();
    }, 'on start');
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }

  /** Signs and stores the head if it moved since the newest checkpoint; the checkpoint, or null. */
  async signIfHeadMoved(now: Date = new Date()): Promise<Checkpoint | null> {
    const [head, latest] = await Promise.all([this.chain.head(), this.chain.latestCheckpoint()]);
    if (head.sequence === 0n || (latest !== null && latest.sequence >= head.sequence)) return null;
    const checkpoint = signCheckpoint(head, now, this.key, AUDIT_CHECKPOINT_VERSION);
    await this.chain.insertCheckpoint(checkpoint);
    return checkpoint;
  }

  /** One look at the head: signs when enough entries or enough time piled up since the newest checkpoint. */
  async tick(now: Date = new Date()): Promise<void> {
    const [head, latest] = await Promise.all([this.chain.head(), this.chain.latestCheckpoint()]);
    const since = head.sequence - (latest?.sequence ?? 0n);
    if (since <= 0n) return;
    const due =
      since >= BigInt(this.config.AUDIT_CHECKPOINT_EVERY_ENTRIES) ||
      latest === null ||
      now.getTime() - Date.parse(latest.signedAt) >= this.config.AUDIT_CHECKPOINT_INTERVAL_MS;
    if (due) await this.signIfHeadMoved(now);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        void this.run(() => this.tick(), 'on schedule').then(() => this.schedule());
      },
      Math.min(MAX_TICK_MS, this.config.AUDIT_CHECKPOINT_INTERVAL_MS),
    );
    this.timer.unref();
  }

  /** Runs `work`, logging (not throwing) a failure: the next tick tries again. */
  private async run(work: () => Promise<unknown>, when: string): Promise<void> {
    this.running = work().then(
      () => undefined,
      (error: unknown) => this.logger.error({ err: error }, `signing an audit checkpoint ${when} failed; retrying on the next tick`),
    );
    await this.running;
  }
}
