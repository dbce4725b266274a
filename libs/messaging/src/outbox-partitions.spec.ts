// The outbox relay's split of a batch per partition and its holds on failing partitions.
import { Partitioners } from 'kafkajs';
import { groupByPartition, keyName, partitionForKey, PartitionHolds } from './outbox-partitions';

interface Row {
  id: number;
  topic: string;
  key: string;
}

const counts = new Map([
  ['ipledger.loans.v1', 6],
  ['ipledger.audit.v1', 3],
]);

/** Keys that land on different partitions of the loans topic. */
function keysOnDistinctPartitions(n: number): string[] {
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < n; i += 1) {
    const key = `loan_${i}`;
    const partition = partitionForKey('ipledger.loans.v1', key, 6);
    if (!byPartition.has(partition)) byPartition.set(partition, key);
  }
  return [...byPartition.values()];
}

describe('partitionForKey', () => {
  it('picks the partition the producer itself would pick for the key (so a key keeps its partition)', () => {
    const producerPartitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: 6 }, (_, partitionId) => ({
      partitionId,
      leader: 1,
      replicas: [1],
      isr: [1],
      partitionErrorCode: 0,
    }));
    for (const key of ['pl_1', 'loan_0190f0aa', 'aud_x', '质押-1']) {
      expect(partitionForKey('t', key, 6)).toBe(producerPartitioner({ topic: 't', partitionMetadata, message: { key, value: 'v' } }));
    }
  });

  it('is the same partition for every event of a key, and within the topic', () => {
    const partitions = Array.from({ length: 50 }, (_, i) => partitionForKey('t', `k${i}`, 6));
    expect(partitions.every((p) => p >= 0 && p < 6)).toBe(true);
    expect(new Set(partitions).size).toBeGreaterThan(1);
    expect(partitionForKey('t', 'k7', 6)).toBe(partitionForKey('t', 'k7', 6));
  });

  it('refuses a topic without partitions', () => {
    expect(() => partitionForKey('t', 'k', 0)).toThrow('t has no partitions');
  });
});

describe('groupByPartition', () => {
  it('makes one group per topic/partition, each in outbox order', () => {
    const [a, b] = keysOnDistinctPartitions(2);
    const rows: Row[] = [
      { id: 1, topic: 'ipledger.loans.v1', key: a },
      { id: 2, topic: 'ipledger.loans.v1', key: b },
      { id: 3, topic: 'ipledger.audit.v1', key: 'aud_1' },
      { id: 4, topic: 'ipledger.loans.v1', key: a },
      { id: 5, topic: 'ipledger.loans.v1', key: b },
    ];
    const { groups, held } = groupByPartition(rows, counts, () => false);
    expect(held).toEqual([]);
    expect(groups.map((group) => group.rows.map((row) => row.id))).toEqual([[1, 4], [2, 5], [3]]);
    expect(groups[0]).toMatchObject({ topic: 'ipledger.loans.v1', partition: partitionForKey('ipledger.loans.v1', a, 6) });
  });

  it('leaves out every row of a held partition, so no later event of its keys goes ahead', () => {
    const [a, b] = keysOnDistinctPartitions(2);
    const heldPartition = partitionForKey('ipledger.loans.v1', a, 6);
    const rows: Row[] = [
      { id: 1, topic: 'ipledger.loans.v1', key: a },
      { id: 2, topic: 'ipledger.loans.v1', key: b },
      { id: 3, topic: 'ipledger.loans.v1', key: a },
    ];
    const { groups, held } = groupByPartition(
      rows,
      counts,
      (topic, partition) => topic === 'ipledger.loans.v1' && partition === heldPartition,
    );
    expect(groups.map((group) => group.rows.map((row) => row.id))).toEqual([[2]]);
    expect(held.map(({ row, partition }) => [row.id, partition])).toEqual([
      [1, heldPartition],
      [3, heldPartition],
    ]);
  });

  it('refuses a row of a topic whose partition count is unknown', () => {
    expect(() => groupByPartition([{ id: 1, topic: 'other', key: 'k' }], counts, () => false)).toThrow('no partition count for other');
  });
});

describe('PartitionHolds', () => {
  function holdsAt(start = 1_000_000) {
    let now = start;
    const holds = new PartitionHolds({ initialMs: 500, maxMs: 4_000 }, () => now);
    return { holds, advance: (ms: number) => (now += ms) };
  }

  it('holds a failing partition for a doubling, bounded backoff, and lets it go when the hold ends', () => {
    const { holds, advance } = holdsAt();
    expect(holds.fail('t', 2, ['k'], 'leader not available')).toEqual({ failures: 1, retryInMs: 500 });
    expect(holds.isHeld('t', 2)).toBe(true);
    expect(holds.isHeld('t', 1)).toBe(false);
    advance(500);
    expect(holds.isHeld('t', 2)).toBe(false);
    expect(holds.fail('t', 2, ['k'], 'x').retryInMs).toBe(1_000);
    expect(holds.fail('t', 2, ['k'], 'x').retryInMs).toBe(2_000);
    expect(holds.fail('t', 2, ['k'], 'x').retryInMs).toBe(4_000);
    expect(holds.fail('t', 2, ['k'], 'x').retryInMs).toBe(4_000);
  });

  it('lists the keys of held partitions for the selection, and drops them once the hold ends', () => {
    const { holds, advance } = holdsAt();
    holds.fail('t', 2, ['a', 'b'], 'timeout');
    holds.holdKey('t', 2, 'c');
    holds.holdKey('t', 3, 'not-held');
    expect(holds.heldKeys().sort()).toEqual([keyName('t', 'a'), keyName('t', 'b'), keyName('t', 'c')]);
    advance(500);
    expect(holds.heldKeys()).toEqual([]);
  });

  it('starts the backoff again after a successful send, and reports the partitions failing now', () => {
    const { holds } = holdsAt(0);
    holds.fail('t', 2, ['a'], 'timeout');
    holds.fail('t', 2, ['a'], 'timeout');
    expect(holds.failing()).toEqual([{ partition: 't/2', failures: 2, reason: 'timeout', retryAt: new Date(1_000).toISOString() }]);
    holds.succeed('t', 2);
    expect(holds.failing()).toEqual([]);
    expect(holds.fail('t', 2, ['a'], 'timeout').retryInMs).toBe(500);
  });
});
