/**
 * How a consumer retries a failing handler:
 * - a handler that throws is tried `attempts` times in all, with exponential backoff between
 *   `initialBackoffMs` and `maxBackoffMs`, then dead-lettered;
 * - a handler that waits for a fact not seen yet (AwaitingFactError) is tried again with the same
 *   backoff, its partition paused in between, for up to `awaitFactForMs`, then dead-lettered.
 */
export interface RetryPolicy {
  attempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  awaitFactForMs: number;
}

/** Ten minutes for a fact: far longer than a consumer failover (a 30 s session) or a broker restart. */
export const DEFAULT_AWAIT_FACT_MS = 600_000;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  initialBackoffMs: 200,
  maxBackoffMs: 3_000,
  awaitFactForMs: DEFAULT_AWAIT_FACT_MS,
};

export function backoffMs(policy: Pick<RetryPolicy, 'initialBackoffMs' | 'maxBackoffMs'>, failedAttempt: number): number {
  return Math.min(policy.initialBackoffMs * 2 ** (failedAttempt - 1), policy.maxBackoffMs);
}
