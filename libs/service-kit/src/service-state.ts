// The process's own state that readiness and shutdown share: whether it is shutting down, and the
// event consumer (for consuming services) with its status and its stop.
import type { ConsumerStatus, OffsetLoss } from '@ipledger/messaging';

/** What the service kit needs of the Kafka event transport. */
export interface ConsumerHandle {
  consumerStatus(): ConsumerStatus;
  /** Why the consumer is dead, when it is. */
  consumerFailure?(): string | undefined;
  /** The partitions paused because records were lost. */
  offsetLosses?(): OffsetLoss[];
  /** Stops fetching; in-flight handlers finish and their offsets are committed. Idempotent. */
  close(): Promise<void>;
}

export class ServiceState {
  private stopping = false;
  private handle: ConsumerHandle | undefined;

  get shuttingDown(): boolean {
    return this.stopping;
  }

  /** From now on readiness answers 503 "shutting down". */
  markShuttingDown(): void {
    this.stopping = true;
  }

  attachConsumer(handle: ConsumerHandle): void {
    this.handle = handle;
  }

  /** Undefined for a service that consumes no events. */
  consumerStatus(): ConsumerStatus | undefined {
    return this.handle?.consumerStatus();
  }

  /** Why the consumer is dead (crashed on an error no restart cures), when it is. */
  consumerFailure(): string | undefined {
    return this.handle?.consumerFailure?.();
  }

  /** The partitions the consumer paused because records were lost. */
  offsetLosses(): OffsetLoss[] {
    return this.handle?.offsetLosses?.() ?? [];
  }

  /** Stops the consumer, if there is one; returns whether there was. */
  async stopConsumer(): Promise<boolean> {
    if (!this.handle) return false;
    await this.handle.close();
    return true;
  }
}
