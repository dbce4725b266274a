// Asks every dependency at once, each check bounded (bounded-check.ts), and decides (readiness.ts):
// /health answers within about one check's bound however many dependencies hang.
import type { ConsumerStatus, OffsetLoss } from '@ipledger/messaging';
import { boundedCheck, READINESS_CHECK_TIMEOUT_MS } from './bounded-check';
import { assessReadiness, type OutboxCheck, type Readiness } from './readiness';

export interface ReadinessChecks {
  shuttingDown: () => boolean;
  /** Resolves when the database answers. */
  database: () => Promise<void>;
  /** Resolves when the broker answers. */
  kafka: () => Promise<void>;
  /** The relay's failing partitions and backlog. */
  outbox: () => Promise<Exclude<OutboxCheck, 'unknown'>>;
  consumer: () => ConsumerStatus | undefined;
  /** Why the consumer is dead, when it is. */
  consumerFailure?: () => string | undefined;
  offsetLosses?: () => OffsetLoss[];
}

export async function probeReadiness(checks: ReadinessChecks, timeoutMs = READINESS_CHECK_TIMEOUT_MS): Promise<Readiness> {
  if (checks.shuttingDown()) return assessReadiness({ shuttingDown: true, consumer: checks.consumer() });
  const [database, kafka, outbox] = await Promise.all([
    boundedCheck(checks.database, timeoutMs),
    boundedCheck(checks.kafka, timeoutMs),
    boundedCheck(checks.outbox, timeoutMs),
  ]);
  return assessReadiness({
    shuttingDown: checks.shuttingDown(),
    database: database.ok ? 'up' : 'down',
    kafka: kafka.ok ? 'up' : 'down',
    outbox: outbox.ok ? outbox.value : 'unknown',
    consumer: checks.consumer(),
    consumerFailure: checks.consumerFailure?.(),
    offsetLosses: checks.offsetLosses?.(),
  });
}
