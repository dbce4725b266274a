// Reads every dead-letter topic of the system from the beginning: what each consumer group
// rejected, with the reason it gave.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { adminSasl } from '@ipledger/devstack';
import { CONSUMERS, deadLetterTopicName, DeadLetterSchema, type ConsumerName, type DeadLetter } from '@ipledger/contracts';
import { pollUntil } from '@ipledger/testing';

export interface ReceivedDeadLetter extends DeadLetter {
  consumer: ConsumerName;
}

export async function readDeadLetters(brokers: string[], prefix: string): Promise<ReceivedDeadLetter[]> {
  const kafka = new Kafka({ clientId: 'faults-dlq-reader', sasl: adminSasl(), brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = CONSUMERS.map((consumer) => ({ consumer, topic: deadLetterTopicName(consumer, prefix) }));
  let expected = 0;
  try {
    for (const { topic } of topics) {
      for (const partition of await admin.fetchTopicOffsets(topic)) expected += Number(partition.high) - Number(partition.low);
    }
  } finally {
    await admin.disconnect();
  }
  if (expected === 0) return [];

  const received: ReceivedDeadLetter[] = [];
  const reader = kafka.consumer({ groupId: `faults-dlq-reader-${randomUUID()}` });
  await reader.connect();
  try {
    await reader.subscribe({ topics: topics.map((entry) => entry.topic), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        const consumer = topics.find((entry) => entry.topic === topic)?.consumer;
        if (consumer === undefined) return;
        const parsed = DeadLetterSchema.safeParse(JSON.parse(message.value?.toString() ?? 'null'));
        if (!parsed.success) throw new Error(`a message on ${topic} is not a dead letter: ${parsed.error.message}`);
        received.push({ ...parsed.data, consumer });
      },
    });
    await pollUntil(() => received.length >= expected, { timeoutMs: 30_000, description: `reading ${expected} dead letters` });
  } finally {
    await reader.disconnect();
  }
  return received;
}
