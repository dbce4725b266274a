// Readiness answers quickly whatever hangs, and tells degraded from down (fake checks: pure timing logic).
import { boundedCheck } from './bounded-check';
import { probeReadiness, type ReadinessChecks } from './readiness-probe';

const never = () => new Promise<never>(() => undefined);
const fine = async () => undefined;
const calmOutbox = async () => ({ failingPartitions: [], unpublished: 0, oldestUnpublishedAgeMs: null });

function checks(overrides: Partial<ReadinessChecks>): ReadinessChecks {
  return { shuttingDown: () => false, database: fine, kafka: fine, outbox: calmOutbox, consumer: () => 'joined', ...overrides };
}

describe('boundedCheck', () => {
  it('gives the answer of a check that answers in time, and the error of one that fails', async () => {
    await expect(boundedCheck(async () => 7, 100)).resolves.toEqual({ ok: true, value: 7 });
    await expect(boundedCheck(() => Promise.reject(new Error('connection refused')), 100)).resolves.toEqual({
      ok: false,
      reason: 'connection refused',
    });
  });

  it('gives up on a check that hangs after its bound', async () => {
    const started = Date.now();
    await expect(boundedCheck(never, 50)).resolves.toEqual({ ok: false, reason: 'no answer within 50 ms' });
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('probeReadiness', () => {
  it('answers within about one bound when every dependency hangs at once', async () => {
    const started = Date.now();
    const result = await probeReadiness(checks({ database: never, kafka: never, outbox: never }), 100);
    expect(Date.now() - started).toBeLessThan(600);
    expect(result).toMatchObject({ ready: false, status: 'down', failed: ['database'], degraded: ['kafka', 'outbox'] });
  });

  it('stays ready, degraded, when the broker hangs but the database answers', async () => {
    const result = await probeReadiness(checks({ kafka: never }), 50);
    expect(result).toMatchObject({ ready: true, status: 'degraded', checks: { database: 'up', kafka: 'down' }, degraded: ['kafka'] });
  });

  it('reports the relay failing partitions as degraded', async () => {
    const result = await probeReadiness(
      checks({ outbox: async () => ({ failingPartitions: ['t/1'], unpublished: 4, oldestUnpublishedAgeMs: 900 }) }),
      50,
    );
    expect(result).toMatchObject({ ready: true, status: 'degraded', checks: { outbox: { failingPartitions: ['t/1'] } } });
  });

  it('is ok when everything answers, and asks nothing while shutting down', async () => {
    expect(await probeReadiness(checks({}), 50)).toMatchObject({ ready: true, status: 'ok', failed: [], degraded: [] });
    const asked: string[] = [];
    const result = await probeReadiness(
      checks({
        shuttingDown: () => true,
        database: async () => {
          asked.push('database');
        },
      }),
      50,
    );
    expect(asked).toEqual([]);
    expect(result).toMatchObject({ ready: false, status: 'shutting-down' });
  });
});
