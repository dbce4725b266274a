import { setTimeout as sleep } from 'node:timers/promises';
import { eventually, pollUntil } from './poll';

describe('pollUntil', () => {
  it('returns the first value that is not undefined, null or false', async () => {
    let calls = 0;
    const values = [undefined, null, false, 0, 'never reached'];
    const result = await pollUntil(() => values[calls++], { intervalMs: 1 });
    expect(result).toBe(0);
    expect(calls).toBe(4);
  });

  it('retries while the function throws (failing expectations)', async () => {
    let calls = 0;
    const result = await pollUntil(
      async () => {
        calls += 1;
        expect(calls).toBeGreaterThanOrEqual(3);
        return `after ${calls}`;
      },
      { intervalMs: 1 },
    );
    expect(result).toBe('after 3');
  });

  it('times out naming what it waited for and the last value', async () => {
    const found: { status: string }[] = [];
    await expect(
      pollUntil(() => found.find((entry) => entry.status === 'valued'), { timeoutMs: 30, intervalMs: 5, description: 'the pledge' }),
    ).rejects.toThrow(/timed out after 30 ms .*waiting for the pledge; last value: undefined/);
  });

  it('times out with the last error, kept as the cause', async () => {
    const failure = pollUntil(
      () => {
        throw new Error('still 404');
      },
      { timeoutMs: 20, intervalMs: 5, description: 'the loan' },
    );
    await expect(failure).rejects.toThrow(/waiting for the loan; last error: Error: still 404/);
    await expect(failure).rejects.toHaveProperty('cause.message', 'still 404');
  });
});

describe('pollUntil stopWhen', () => {
  it('stops at once with the reason it gives, without another attempt', async () => {
    let calls = 0;
    let dead = false;
    const waiting = pollUntil(
      () => {
        calls += 1;
        dead = true; // the awaited process dies during the first attempt
        return undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1, stopWhen: () => (dead ? 'the broker exited during start-up' : undefined) },
    );
    await expect(waiting).rejects.toThrow(/^the broker exited during start-up$/);
    expect(calls).toBe(1);
  });

  it('is asked before the first attempt', async () => {
    let calls = 0;
    await expect(pollUntil(() => (calls += 1), { stopWhen: () => 'start-up abandoned' })).rejects.toThrow('start-up abandoned');
    expect(calls).toBe(0);
  });

  it('gives its reason rather than the timeout when both hold at the end', async () => {
    let calls = 0;
    const waiting = pollUntil(
      async () => {
        calls += 1;
        await sleep(30); // the point: the one attempt outlasts the timeout
        return undefined;
      },
      { timeoutMs: 10, stopWhen: () => (calls > 0 ? 'the process exited' : undefined) },
    );
    await expect(waiting).rejects.toThrow(/^the process exited$/);
  });
});

describe('pollUntil describeError', () => {
  it('shows the last error as describeError says (here: its message, no stack)', async () => {
    const failure = pollUntil(
      () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      },
      { timeoutMs: 10, intervalMs: 5, description: 'PostgreSQL to answer', describeError: (error) => (error as Error).message },
    );
    await expect(failure).rejects.toThrow(/waiting for PostgreSQL to answer; last error: connect ECONNREFUSED 127\.0\.0\.1:5432$/);
  });
});

describe('eventually', () => {
  it('retries an assertion until it passes and returns its result', async () => {
    let calls = 0;
    await eventually(
      () => {
        calls += 1;
        expect(calls).toBe(2);
      },
      { intervalMs: 1 },
    );
    expect(calls).toBe(2);
  });
});
