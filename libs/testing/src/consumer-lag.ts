import { type Admin, Kafka, logLevel } from 'kafkajs';
import { adminSasl, pollUntil } from '@ipledger/devstack';

export interface ConsumerGroupTopics {
  groupId: string;
  topics: string[];
}

/** A partition a group has not consumed to its end: `committed` is -1 when the group never committed there. */
export interface PartitionLag {
  groupId: string;
  topic: string;
  partition: number;
  committed: bigint;
  end: bigint;
}

/** Every partition of the given topics that the given groups have not committed up to its end. */
export async function laggingPartitions(admin: Admin, groups: ConsumerGroupTopics[]): Promise<PartitionLag[]> {
  const lagging: PartitionLag[] = [];
  for (const { groupId, topics } of groups) {
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const groupTopic = committed.find((entry) => entry.topic === topic);
      for (const end of ends) {
        const offset = BigInt(groupTopic?.partitions.find((partition) => partition.partition === end.partition)?.offset ?? '-1');
        const consumedUpTo = offset < 0n ? 0n : offset;
        if (consumedUpTo < BigInt(end.offset))
          lagging.push({ groupId, topic, partition: end.partition, committed: offset, end: BigInt(end.offset) });
      }
    }
  }
  return lagging;
}

/** "group topic/partition at committed of end" lines, for a failure message. */
export function describeLag(lagging: PartitionLag[]): string {
  return lagging.map((lag) => `${lag.groupId} ${lag.topic}/${lag.partition} at ${lag.committed} of ${lag.end}`).join('; ');
}

export function lagAdmin(brokers: string[]): Admin {
  return new Kafka({ clientId: 'e2e-lag', sasl: adminSasl(), brokers, logLevel: logLevel.NOTHING }).admin();
}

/**
 * Waits until every given consumer group has committed offsets up to the end of every given
 * topic: everything produced so far has been handled (or dead-lettered). A timeout names the
 * partitions still behind.
 */
export async function waitUntilConsumed(brokers: string[], groups: ConsumerGroupTopics[], timeoutMs = 30_000): Promise<void> {
  const admin = lagAdmin(brokers);
  await admin.connect();
  try {
    await pollUntil(
      async () => {
        const lagging = await laggingPartitions(admin, groups);
        if (lagging.length > 0) throw new Error(`still behind: ${describeLag(lagging)}`);
        return true;
      },
      { timeoutMs, description: `consumer groups ${groups.map((group) => group.groupId).join(', ')} to reach the end of their topics` },
    );
  } finally {
    await admin.disconnect();
  }
}
