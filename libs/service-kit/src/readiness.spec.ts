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
    expect(assessReadiness({ shuttingDown: false, database: 'down', kafka: 'up' })).toMatchObject({
      ready: false,
      status: 'down',
      failed: ['database'],
      degraded: [],
    });
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
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up', outbox: healthy })).toMatchObject({
      ready: true,
      status: 'ok',
    });
    for (const outbox of [
      { ...healthy, failingPartitions: ['ipledger.audit.v1/2'] },
      { ...healthy, oldestUnpublishedAgeMs: OUTBOX_BEHIND_AFTER_MS + 1 },
      'unknown' as const,
    ]) {
      expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up', outbox })).toMatchObject({
        ready: true,
        status: 'degraded',
        degraded: ['outbox'],
      });
    }
  });

  it('stays ready, degraded, while the consumer restarts after a transient crash; down with the reason once it is dead', () => {
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up', consumer: 'restarting' })).toMatchObject({
      ready: true,
      status: 'degraded',
      degraded: ['consumer'],
    });
    expect(
      assessReadiness({
        shuttingDown: false,
        database: 'up',
        kafka: 'up',
        consumer: 'crashed',
        consumerFailure: 'KafkaJSSASLAuthenticationError: bad password',
      }),
    ).toMatchObject({
      ready: false,
      status: 'down',
      failed: ['consumer'],
      checks: { consumer: 'crashed', consumerFailure: 'KafkaJSSASLAuthenticationError: bad password' },
    });
  });

  it('stays ready, degraded, naming each partition paused because records were lost', () => {
    const loss = {
      topic: 'ipledger.loans.v1',
      partition: 1,
      kind: 'beyond-latest' as const,
      committedOffset: '878',
      earliestAvailable: '0',
      latestAvailable: '4',
      detectedAt: '2026-12-06T00:00:00.000Z',
    };
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up', consumer: 'joined', offsetLosses: [loss] })).toMatchObject({
      ready: true,
      status: 'degraded',
      degraded: ['lost-partitions'],
      checks: { lostPartitions: ['ipledger.loans.v1/1: committed offset 878, earliest available 0, latest 4 (beyond-latest)'] },
    });
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up', offsetLosses: [] }).status).toBe('ok');
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
