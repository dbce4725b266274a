// Readiness decisions: which inputs make a service ready, and which failed checks it names.
import { assessReadiness, OUTBOX_BEHIND_AFTER_MS } from './readiness';

describe('assessReadiness', () => {
  it('is ready when the database and the broker answer (a service without a consumer)', () => {
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up' })).toEqual({
      ready: true,
      status: 'ok',
      checks: { database: 'up', kafka: 'up' },
      failed: [],
      degraded: [],
    });
  });

  it('is ready when a consuming service has joined its group, and during a rebalance', () => {
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up', consumer: 'joined' }).ready).toBe(true);
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up', consumer: 'rebalancing' }).ready).toBe(true);
  });

  it.each(['idle', 'starting', 'crashed', 'stopping', 'stopped'] as const)('is not ready while the consumer is %s', (consumer) => {
    const result = assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up', consumer });
    expect(result).toMatchObject({ ready: false, status: 'down', failed: ['consumer'], checks: { consumer } });
  });

  it('is down when the database is, and names what stops it apart from what only impairs it', () => {
    expect(assessReadiness({ shuttingDown: false, database: 'down', kafka: 'up' })).toMatchObject({ ready: false, status: 'down', failed: ['database'], degraded: [] });
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'down', consumer: 'crashed' })).toMatchObject({
      ready: false,
      status: 'down',
      failed: ['consumer'],
      degraded: ['kafka'],
    });
  });

  it('stays ready but degraded when only the broker is unreachable: commands still go to the outbox', () => {
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'down', consumer: 'joined' })).toEqual({
      ready: true,
      status: 'degraded',
      checks: { database: 'up', kafka: 'down', consumer: 'joined' },
      failed: [],
      degraded: ['kafka'],
    });
  });

  it('is degraded while the outbox relay holds a failing partition, is behind, or could not be asked', () => {
    const healthy = { failingPartitions: [], unpublished: 3, oldestUnpublishedAgeMs: 40 };
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up', outbox: healthy })).toMatchObject({ ready: true, status: 'ok' });
    for (const outbox of [
      { ...healthy, failingPartitions: ['ipledger.audit.v1/2'] },
      { ...healthy, oldestUnpublishedAgeMs: OUTBOX_BEHIND_AFTER_MS + 1 },
      'unknown' as const,
    ]) {
      expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up', outbox })).toMatchObject({ ready: true, status: 'degraded', degraded: ['outbox'] });
    }
  });

  it('is not ready from the first shutdown signal, whatever the dependencies say', () => {
    expect(assessReadiness({ shuttingDown: true, database: 'up', kafka: 'up', consumer: 'joined' })).toMatchObject({
      ready: false,
      status: 'shutting-down',
      failed: ['shutdown'],
    });
  });

  it('counts a dependency that was not checked as failed unless shutting down', () => {
    expect(assessReadiness({ shuttingDown: false })).toMatchObject({ ready: false, failed: ['database'], degraded: ['kafka'] });
    expect(assessReadiness({ shuttingDown: true, consumer: 'stopping' })).toEqual({
      ready: false,
      status: 'shutting-down',
      checks: { consumer: 'stopping' },
      failed: ['shutdown', 'database', 'consumer'],
      degraded: ['kafka'],
    });
  });
});
