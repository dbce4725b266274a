// How the outbox relay splits a batch so that one failing partition holds back only itself.
// - Each row goes to the partition kafkajs' default partitioner would pick for its key (murmur2 of
//   the key modulo the topic's partition count), so a key keeps the partition it always had.
// - A batch becomes one group per topic/partition, rows in outbox order: every event of a key is
//   in its key's group, so sending a group in order keeps each key's order.
// - A group that failed holds its partition for a backoff (doubling, bounded); while held, the
//   partition's rows are neither sent nor marked, and the keys seen on it are excluded from the
//   next selection, so held rows cannot fill a batch and starve the other partitions. A later event
//   of a key is never sent while an earlier one waits: the whole key waits with its partition.
import { Partitioners, type PartitionerArgs } from 'kafkajs';

export interface PartitionedRow {
  topic: string;
  key: string;
}

export interface PartitionGroup<R extends PartitionedRow> {
  topic: string;
  partition: number;
  rows: R[];
}

/** "topic/partition", the name of a partition in logs, health and the hold list. */
export function partitionName(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

/** The partition kafkajs' DefaultPartitioner gives `key` on a topic of `partitionCount` partitions. */
export function partitionForKey(topic: string, key: string, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) throw new Error(`${topic} has no partitions (${partitionCount})`);
  const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  return defaultPartitioner({ topic, partitionMetadata, message: { key, value: null } } as PartitionerArgs);
}

const defaultPartitioner = Partitioners.DefaultPartitioner();

/**
 * The rows of a batch by topic/partition, in order of each group's first row; rows of held
 * partitions are left out and returned apart (they stay unpublished).
 */
export function groupByPartition<R extends PartitionedRow>(
  rows: readonly R[],
  partitionCounts: ReadonlyMap<string, number>,
  isHeld: (topic: string, partition: number) => boolean,
): { groups: PartitionGroup<R>[]; held: { row: R; partition: number }[] } {
  const groups = new Map<string, PartitionGroup<R>>();
  const held: { row: R; partition: number }[] = [];
  for (const row of rows) {
    const count = partitionCounts.get(row.topic);
    if (count === undefined) throw new Error(`no partition count for ${row.topic}`);
    const partition = partitionForKey(row.topic, row.key, count);
    if (isHeld(row.topic, partition)) {
      held.push({ row, partition });
      continue;
    }
    const name = partitionName(row.topic, partition);
    const group = groups.get(name) ?? { topic: row.topic, partition, rows: [] };
    group.rows.push(row);
    groups.set(name, group);
  }
  return { groups: [...groups.values()], held };
}

interface Hold {
  failures: number;
  until: number;
  keys: Set<string>;
  reason: string;
}

/** The partitions a failed send holds back, each until its backoff ends. */
export class PartitionHolds {
  private readonly holds = new Map<string, Hold>();

  constructor(
    private readonly backoff: { initialMs: number; maxMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a failed send to a partition: held for the next backoff (doubling with each failure in a row). */
  fail(topic: string, partition: number, keys: Iterable<string>, reason: string): { failures: number; retryInMs: number } {
    const name = partitionName(topic, partition);
    const hold = this.holds.get(name) ?? { failures: 0, until: 0, keys: new Set<string>(), reason };
    hold.failures += 1;
    hold.reason = reason;
    const retryInMs = Math.min(this.backoff.initialMs * 2 ** (hold.failures - 1), this.backoff.maxMs);
    hold.until = this.now() + retryInMs;
    for (const key of keys) hold.keys.add(keyName(topic, key));
    this.holds.set(name, hold);
    return { failures: hold.failures, retryInMs };
  }

  /** A row of a held partition was seen: its key waits with the partition. */
  holdKey(topic: string, partition: number, key: string): void {
    this.holds.get(partitionName(topic, partition))?.keys.add(keyName(topic, key));
  }

  /** A send to the partition succeeded: no longer held, its failure count starts again. */
  succeed(topic: string, partition: number): void {
    this.holds.delete(partitionName(topic, partition));
  }

  /** Held now (its backoff not over). An expired hold lets its rows be tried again. */
  isHeld(topic: string, partition: number): boolean {
    const hold = this.holds.get(partitionName(topic, partition));
    return hold !== undefined && hold.until > this.now();
  }

  /** "topic\nkey" of every key whose partition is held now: the relay's selection skips them. */
  heldKeys(): string[] {
    const keys: string[] = [];
    for (const hold of this.holds.values()) if (hold.until > this.now()) keys.push(...hold.keys);
    return keys;
  }

  /** The partitions failing now, for health and logs. */
  failing(): { partition: string; failures: number; reason: string; retryAt: string }[] {
    return [...this.holds.entries()].map(([partition, hold]) => ({
      partition,
      failures: hold.failures,
      reason: hold.reason,
      retryAt: new Date(hold.until).toISOString(),
    }));
  }
}

/** How a held key is named in the relay's selection; the SQL builds the same string (topic || E'\n' || key). */
export function keyName(topic: string, key: string): string {
  return `${topic}\n${key}`;
}
