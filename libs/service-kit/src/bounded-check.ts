// Readiness checks bounded in time: a dependency that does not answer within the bound counts as
// down, so /health answers in about that bound whatever hangs (kafkajs' admin retries a dead
// broker for many seconds; a database behind a broken network may not answer at all).
export const READINESS_CHECK_TIMEOUT_MS = 1_500;

export type Bounded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Runs `check`; gives up after `timeoutMs` (the check may go on in the background, its answer ignored). */
export async function boundedCheck<T>(check: () => Promise<T>, timeoutMs = READINESS_CHECK_TIMEOUT_MS): Promise<Bounded<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Bounded<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const answered = check().then(
    (value): Bounded<T> => ({ ok: true, value }),
    (error: unknown): Bounded<T> => ({ ok: false, reason: (error as Error)?.message ?? String(error) }),
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
