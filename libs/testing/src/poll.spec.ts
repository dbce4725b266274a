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
