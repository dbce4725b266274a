// Readiness decisions: which inputs make a service ready, and which failed checks it names.
import { assessReadiness } from './readiness';

describe('assessReadiness', () => {
  it('is ready when the database and the broker answer (a service without a consumer)', () => {
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up' })).toEqual({
      ready: true,
      status: 'ok',
      checks: { database: 'up', kafka: 'up' },
      failed: [],
    });
  });

  it('is ready when a consuming service has joined its group, and during a rebalance', () => {
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up', consumer: 'joined' }).ready).toBe(true);
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up', consumer: 'rebalancing' }).ready).toBe(true);
  });

  it.each(['idle', 'starting', 'crashed', 'stopping', 'stopped'] as const)('is not ready while the consumer is %s', (consumer) => {
    const result = assessReadiness({ shuttingDown: false, database: 'up', kafka: 'up', consumer });
    expect(result).toMatchObject({ ready: false, status: 'degraded', failed: ['consumer'], checks: { consumer } });
  });

  it('names every failed dependency', () => {
    expect(assessReadiness({ shuttingDown: false, database: 'down', kafka: 'up' })).toMatchObject({ ready: false, status: 'degraded', failed: ['database'] });
    expect(assessReadiness({ shuttingDown: false, database: 'up', kafka: 'down', consumer: 'crashed' })).toMatchObject({
      ready: false,
      failed: ['kafka', 'consumer'],
    });
  });

  it('is not ready from the first shutdown signal, whatever the dependencies say', () => {
    expect(assessReadiness({ shuttingDown: true, database: 'up', kafka: 'up', consumer: 'joined' })).toMatchObject({
      ready: false,
      status: 'shutting-down',
      failed: ['shutdown'],
    });
  });

  it('counts a dependency that was not checked as failed unless shutting down', () => {
    expect(assessReadiness({ shuttingDown: false })).toMatchObject({ ready: false, failed: ['database', 'kafka'] });
    expect(assessReadiness({ shuttingDown: true, consumer: 'stopping' })).toEqual({
      ready: false,
      status: 'shutting-down',
      checks: { consumer: 'stopping' },
      failed: ['shutdown', 'database', 'kafka', 'consumer'],
    });
  });
});
