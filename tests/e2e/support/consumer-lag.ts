import { Kafka, logLevel } from 'kafkajs';
import { adminSasl } from '@ipledger/devstack';
import { pollUntil } from '@ipledger/testing';

/**
 * Waits until every given consumer group has committed offsets up to the end of every given
 * topic: everything produced so far has been handled (or dead-lettered).
 */
export async function waitUntilConsumed(brokers: string[], groups: { groupId: string; topics: string[] }[], timeoutMs = 30_000): Promise<void> {
  const admin = new Kafka({ clientId: 'e2e-lag', sasl: adminSasl(), brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await pollUntil(
      async () => {
        for (const { groupId, topics } of groups) {
          const committed = await admin.fetchOffsets({ groupId, topics });
          for (const topic of topics) {
            const ends = await admin.fetchTopicOffsets(topic);
            const groupTopic = committed.find((entry) => entry.topic === topic);
            for (const end of ends) {
              const offset = groupTopic?.partitions.find((partition) => partition.partition === end.partition)?.offset ?? '-1';
              const consumedUpTo = offset === '-1' ? 0n : BigInt(offset);
              if (consumedUpTo < BigInt(end.offset)) return false;
            }
          }
        }
        return true;
      },
      { timeoutMs, description: `consumer groups ${groups.map((group) => group.groupId).join(', ')} to reach the end of their topics` },
    );
  } finally {
    await admin.disconnect();
  }
}
