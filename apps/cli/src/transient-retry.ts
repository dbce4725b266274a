// Riding out a short outage of the gateway (a restart, a service or broker away for seconds): what
// may be sent again, how long to wait before the next attempt, and the line that says so.
//
// Only what cannot take effect twice is retried: reads (GET), logging in, and commands that carry
// an Idempotency-Key (the service runs a key once and answers a retry with the first result).

/** Default total time (seconds) a call keeps retrying: --retry-for / IPLEDGER_RETRY_FOR. */
export const DEFAULT_RETRY_FOR_SECONDS = 60;

const FIRST_PAUSE_MS = 250;
const LONGEST_PAUSE_MS = 8_000;

export interface TransientRetry {
  /** What failed: "unreachable (…)" or "answered 503 service-unavailable". */
  failure: string;
  /** The pause before the next attempt. */
  delayMs: number;
  /** When retrying stops. */
  until: Date;
}

/** Whether sending `method` again is safe: a read, logging in, or a command with an Idempotency-Key. */
export function isSafeToRetry(method: string, hasIdempotencyKey: boolean, isLogin: boolean): boolean {
  return method === 'GET' || method === 'HEAD' || isLogin || hasIdempotencyKey;
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The pause before attempt `attempt + 1` (exponential from 250 ms, at most 8 s, never shorter than
 * the server's Retry-After), or undefined when the next attempt would start after `deadline`.
 */
export function nextDelay(attempt: number, retryAfter: number | undefined, now: number, deadline: number): number | undefined {
  const backoff = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** Math.max(0, attempt - 1));
  const delay = Math.max(backoff, retryAfter ?? 0);
  return now + delay > deadline ? undefined : delay;
}

/** "gateway unreachable (…), retrying in 2 s (until 15:04:05)": one line per retry, for stderr. */
export function describeRetry(retry: TransientRetry): string {
  const seconds = retry.delayMs / 1000;
  const pause = seconds < 1 ? `${seconds.toFixed(2).replace(/0$/, '')} s` : `${Math.round(seconds)} s`;
  return `gateway ${retry.failure}, retrying in ${pause} (until ${retry.until.toTimeString().slice(0, 8)})`;
}
