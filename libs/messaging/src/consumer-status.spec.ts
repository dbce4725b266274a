// The consumer's life as readiness sees it, driven by kafkajs' instrumentation events.
import { isConsuming, nextConsumerStatus, type ConsumerSignal, type ConsumerStatus } from './consumer-status';

const run = (signals: ConsumerSignal[], from: ConsumerStatus = 'idle') => signals.reduce(nextConsumerStatus, from);

describe('nextConsumerStatus', () => {
  it('takes events once the group is joined, and through a rebalance', () => {
    expect(run([{ kind: 'start' }])).toBe('starting');
    expect(run([{ kind: 'start' }, { kind: 'group-join' }])).toBe('joined');
    expect(run([{ kind: 'start' }, { kind: 'group-join' }, { kind: 'rebalancing' }])).toBe('rebalancing');
    expect(run([{ kind: 'start' }, { kind: 'group-join' }, { kind: 'rebalancing' }, { kind: 'group-join' }])).toBe('joined');
  });

  it('is restarting after a transient crash until it rejoins, and crashed (dead) after one a restart would not cure', () => {
    expect(run([{ kind: 'crash', restart: true }], 'joined')).toBe('restarting');
    expect(
      run(
        [
          { kind: 'crash', restart: true },
          { kind: 'crash', restart: true },
        ],
        'joined',
      ),
    ).toBe('restarting');
    expect(run([{ kind: 'crash', restart: true }, { kind: 'group-join' }], 'joined')).toBe('joined');
    expect(run([{ kind: 'crash', restart: false }], 'joined')).toBe('crashed');
  });

  it('stays stopping until stopped, whatever arrives late', () => {
    const stopping = run([{ kind: 'stop-requested' }], 'joined');
    expect(stopping).toBe('stopping');
    expect(run([{ kind: 'group-join' }, { kind: 'crash', restart: true }], stopping)).toBe('stopping');
    expect(run([{ kind: 'stopped' }, { kind: 'group-join' }], stopping)).toBe('stopped');
  });

  it('counts only joined and rebalancing as consuming', () => {
    const all: ConsumerStatus[] = ['idle', 'starting', 'joined', 'rebalancing', 'restarting', 'crashed', 'stopping', 'stopped'];
    expect(all.filter(isConsuming)).toEqual(['joined', 'rebalancing']);
  });
});
