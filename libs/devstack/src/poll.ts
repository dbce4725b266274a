// Waiting for something asynchronous (a server answering, an event consumed, a projection
// updated) without sleeping for a guessed time: poll until it is there, fail with what was last
// seen. The one polling helper of the repository: the local infrastructure's start-up waits use
// it, and the tests reach it through @ipledger/testing.
import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  /** Default 20 000 ms. */
  timeoutMs?: number;
  /** Pause between attempts. Default 100 ms. */
  intervalMs?: number;
  /** What is awaited, for the timeout message. */
  description?: string;
  /**
   * Asked before every attempt and at the timeout: a reason to stop waiting at once (the awaited
   * process died, the start was abandoned), or undefined to go on. pollUntil then throws an Error
   * with exactly that reason as its message.
   */
  stopWhen?: () => string | undefined;
  /** How the last error appears in the timeout message. Default: its stack (an assertion's diff and where it failed). */
  describeError?: (error: unknown) => string;
}

type Pending = undefined | null | false;

function show(value: unknown): string {
  if (value instanceof Error) return value.stack ?? value.message;
  try {
    const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    return json === undefined ? String(value) : json.length > 2_000 ? `${json.slice(0, 2_000)}…` : json;
  } catch {
    return String(value);
  }
}

/**
 * Calls `fn` until it returns something other than undefined, null or false, and returns that.
 * A throw counts as "not yet" (so failing `expect`s inside `fn` are retried). On timeout, throws
 * an Error naming `description` with the last value or error (also as `cause`).
 */
export async function pollUntil<T>(fn: () => T | Pending | Promise<T | Pending>, options: PollOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const intervalMs = options.intervalMs ?? 100;
  const description = options.description ?? (fn.name === '' ? 'a condition' : fn.name);
  const describeError = options.describeError ?? show;
  const started = Date.now();
  let attempts = 0;
  let last: { kind: 'value'; value: unknown } | { kind: 'error'; error: unknown } | undefined;
  const stopIfAsked = (): void => {
    const reason = options.stopWhen?.();
    if (reason !== undefined) throw new Error(reason);
  };
  for (;;) {
    stopIfAsked();
    attempts += 1;
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) return value;
      last = { kind: 'value', value };
    } catch (error) {
      last = { kind: 'error', error };
    }
    if (Date.now() - started >= timeoutMs) break;
    await sleep(intervalMs);
  }
  stopIfAsked(); // a process that died meanwhile says more than the time that ran out
  const lastSeen =
    last === undefined ? 'nothing' : last.kind === 'value' ? `last value: ${show(last.value)}` : `last error: ${describeError(last.error)}`;
  throw new Error(`timed out after ${timeoutMs} ms (${attempts} attempts) waiting for ${description}; ${lastSeen}`, {
    cause: last?.kind === 'error' ? last.error : undefined,
  });
}

/**
 * Retries an assertion callback until it stops throwing; returns what it returned.
 * Sugar for pollUntil for callbacks that return nothing: `await eventually(() => expect(x).toBe(1))`.
 */
export async function eventually<T>(assertion: () => T | Promise<T>, options: PollOptions = {}): Promise<T> {
  const wrapped = await pollUntil(async () => ({ result: await assertion() }), {
    ...options,
    description: options.description ?? (assertion.name === '' ? 'an assertion to pass' : assertion.name),
  });
  return wrapped.result;
}
