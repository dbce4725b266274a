/** Bounded retries with exponential backoff: a failing handler is tried `attempts` times in all. */
export interface RetryPolicy {
  attempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, initialBackoffMs: 200, maxBackoffMs: 3_000 };

export function backoffMs(policy: RetryPolicy, failedAttempt: number): number {
  return Math.min(policy.initialBackoffMs * 2 ** (failedAttempt - 1), policy.maxBackoffMs);
}
