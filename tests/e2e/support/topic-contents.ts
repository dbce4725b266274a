// What is on a set of topics right now: every message up to each partition's end when asked,
// read by the run's super user in a throw-away consumer group.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { adminSasl } from '@ipledger/devstack';
import { pollUntil } from '@ipledger/testing';

export interface TopicMessage {
  topic: string;
  key: string | null;
  value: string;
  headers: IHeaders;
}

/** Every message on `topics` up to their ends at the moment of the call. */
export async function readTopics(brokers: string[], topics: string[]): Promise<TopicMessage[]> {
  const kafka = new Kafka({ clientId: 'e2e-topic-reader', sasl: adminSasl(), brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  let expected = 0;
  try {
    for (const topic of topics) {
      for (const partition of await admin.fetchTopicOffsets(topic)) expected += Number(partition.high) - Number(partition.low);
    }
  } finally {
    await admin.disconnect();
  }
  if (expected === 0) return [];

  const messages: TopicMessage[] = [];
  const reader = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}` });
  await reader.connect();
  try {
    await reader.subscribe({ topics, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        messages.push({
          topic,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? '',
          headers: message.headers ?? {},
        });
      },
    });
    await pollUntil(() => messages.length >= expected, { description: `reading back ${expected} messages` });
  } finally {
    await reader.disconnect();
  }
  return messages;
}
