// Sets a stopped consumer group's committed offsets, on several topics at once: one member of the
// group joins (it is alone, so every partition is its own), commits the given offsets and leaves,
// without handling or committing anything else. One join for all topics, where kafkajs'
// admin.setOffsets joins once per topic. A service member joining meanwhile makes the commit fail
// (a new generation), which the caller treats as a failure.
import type { Kafka } from 'kafkajs';

export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

export async function commitGroupOffsets(
  kafka: Kafka,
  groupId: string,
  offsets: readonly PartitionOffset[],
  timeoutMs = 60_000,
): Promise<void> {
  const topics = [...new Set(offsets.map((entry) => entry.topic))];
  if (topics.length === 0) return;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, retry: { retries: 3 } });
  let timer: NodeJS.Timeout | undefined;
  try {
    const joined = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`could not join consumer group ${groupId} within ${timeoutMs / 1000} s`)), timeoutMs);
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    consumer.pause(topics.map((topic) => ({ topic })));
    await joined;
    await consumer.commitOffsets(offsets.map((entry) => ({ ...entry })));
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
}
