// Reading back what is on the event topics and producing messages onto them: the raw material of
// the duplicate, out-of-order and poison scenarios.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type IHeaders } from 'kafkajs';
import { adminSasl } from '@ipledger/devstack';
import { CONSUMERS, EVENT_CONSUMERS, EVENTS, TOPICS, topicName, type ConsumerName, type TopicId } from '@ipledger/contracts';
import { pollUntil } from '@ipledger/testing';

export interface TopicMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/** Every event topic of the catalogue. */
export const EVENT_TOPIC_IDS = Object.keys(TOPICS) as TopicId[];

/** The consumer groups (by service) that read `topic`. */
export function consumersOfTopic(topic: TopicId): ConsumerName[] {
  return CONSUMERS.filter((consumer) => EVENT_CONSUMERS[consumer].some((type) => EVENTS[type].topic === topic));
}

function kafkaOf(brokers: string[], clientId: string): Kafka {
  return new Kafka({ clientId, sasl: adminSasl(), brokers, logLevel: logLevel.NOTHING });
}

/** Every message on the given topics, from the beginning, in each partition's order. */
export async function readTopics(brokers: string[], topics: string[]): Promise<TopicMessage[]> {
  const kafka = kafkaOf(brokers, 'faults-reader');
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
  const messages: TopicMessage[] = [];
  if (expected === 0) return messages;
  const reader = kafka.consumer({ groupId: `faults-reader-${randomUUID()}` });
  await reader.connect();
  try {
    await reader.subscribe({ topics, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
        }
        messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? '',
          headers,
        });
      },
    });
    await pollUntil(() => messages.length >= expected, { timeoutMs: 60_000, description: `reading back ${expected} messages` });
  } finally {
    await reader.disconnect();
  }
  return messages;
}

export interface MessageToSend {
  topic: string;
  key: string | null;
  value: string;
  headers?: IHeaders;
  /** A given partition; otherwise the key decides (as for the services' own messages). */
  partition?: number;
}

/**
 * Produces the messages in the given order (acks from every replica): runs of consecutive messages
 * to one topic go in one request, which keeps their order within each partition.
 */
export async function produce(brokers: string[], messages: readonly MessageToSend[]): Promise<void> {
  const producer = kafkaOf(brokers, 'faults-producer').producer({
    idempotent: true,
    createPartitioner: Partitioners.DefaultPartitioner,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  try {
    for (let start = 0; start < messages.length;) {
      const topic = messages[start]?.topic;
      let end = start;
      while (end < messages.length && end - start < 200 && messages[end]?.topic === topic) end += 1;
      const run = messages.slice(start, end);
      await producer.send({
        topic: topic ?? '',
        acks: -1,
        messages: run.map((message) => ({
          key: message.key,
          value: message.value,
          headers: message.headers,
          partition: message.partition,
        })),
      });
      start = end;
    }
  } finally {
    await producer.disconnect();
  }
}

/** The full names of every event topic for a prefix. */
export function eventTopics(prefix: string): string[] {
  return EVENT_TOPIC_IDS.map((id) => topicName(id, prefix));
}
