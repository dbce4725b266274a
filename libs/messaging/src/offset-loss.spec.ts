// How a consumer tells a lost stretch of a partition from normal progress.
import { describeOffsetLoss, lossAtJoin, resetOnFirstFetch } from './offset-loss';

describe('lossAtJoin', () => {
  it('finds nothing when the committed offset lies within what the partition holds, or nothing was committed', () => {
    expect(lossAtJoin('5', '0', '10')).toBeUndefined();
    expect(lossAtJoin('10', '0', '10')).toBeUndefined();
    expect(lossAtJoin('3', '3', '3')).toBeUndefined();
    expect(lossAtJoin('-1', '7', '10')).toBeUndefined();
  });

  it('finds records deleted before the group read them', () => {
    expect(lossAtJoin('4', '7', '10')).toBe('behind-earliest');
  });

  it('finds a log that lost records the group had read (a broker back with an empty disk)', () => {
    expect(lossAtJoin('878', '0', '12')).toBe('beyond-latest');
    expect(lossAtJoin('9007199254740993', '0', '9007199254740992')).toBe('beyond-latest');
  });

  it('finds the marker kafkajs commits when it has reset an out-of-range offset (so a restart still sees the loss)', () => {
    expect(lossAtJoin('-2', '0', '12')).toBe('reset-by-client');
  });
});

describe('resetOnFirstFetch', () => {
  it('sees a first message other than the committed offset as a reset, and ignores a group that committed nothing', () => {
    expect(resetOnFirstFetch('42', '42')).toBe(false);
    expect(resetOnFirstFetch('42', '0')).toBe(true);
    expect(resetOnFirstFetch('42', '57')).toBe(true);
    expect(resetOnFirstFetch('-1', '0')).toBe(false);
  });
});

describe('describeOffsetLoss', () => {
  it('names topic, partition, committed offset and the earliest available', () => {
    expect(
      describeOffsetLoss({
        topic: 'ipledger.loans.v1',
        partition: 2,
        kind: 'beyond-latest',
        committedOffset: '878',
        earliestAvailable: '0',
        latestAvailable: '12',
        detectedAt: '',
      }),
    ).toBe('ipledger.loans.v1/2: committed offset 878, earliest available 0, latest 12 (beyond-latest)');
  });
});
