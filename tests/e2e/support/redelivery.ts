// Delivering the same events twice: read every event the services published and produce it
// again, wait until every consumer group has caught up, and compare the state of every service.
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { adminSasl } from '@ipledger/devstack';
import { CONSUMERS, consumerGroupId, deadLetterTopicName, EVENT_CONSUMERS, EVENTS, topicName, type TopicId } from '@ipledger/contracts';
import { waitUntilConsumed } from '@ipledger/testing';
import type { RunningSystem } from './scenario';
import { readTopics } from './topic-contents';

const EVENT_TOPICS: TopicId[] = ['pledge', 'valuation', 'loan', 'compensation'];

/** Produces every message of the event topics again; returns how many. */
export async function redeliverEverything(system: RunningSystem): Promise<number> {
  const kafka = new Kafka({ clientId: 'e2e-redelivery', sasl: adminSasl(), brokers: system.brokers, logLevel: logLevel.NOTHING });
  const topics = EVENT_TOPICS.map((topic) => topicName(topic, system.prefix));
  const messages = await readTopics(system.brokers, topics);

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (const message of messages) {
    // The very message again, its producer's signature included.
    await producer.send({ topic: message.topic, messages: [{ key: message.key, value: message.value, headers: message.headers }] });
  }
  await producer.disconnect();

  await waitUntilConsumed(
    system.brokers,
    CONSUMERS.map((consumer) => ({
      groupId: consumerGroupId(consumer, system.prefix),
      topics: [...new Set(EVENT_CONSUMERS[consumer].map((type) => topicName(EVENTS[type].topic, system.prefix)))],
    })),
  );
  return messages.length;
}

/** Messages on every dead-letter topic: a redelivered event must be absorbed, not dead-lettered. */
export async function deadLetterCount(system: RunningSystem): Promise<number> {
  const admin = new Kafka({ clientId: 'e2e-dlq', sasl: adminSasl(), brokers: system.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    let total = 0;
    for (const consumer of CONSUMERS) {
      for (const partition of await admin.fetchTopicOffsets(deadLetterTopicName(consumer, system.prefix))) total += Number(partition.high);
    }
    return total;
  } finally {
    await admin.disconnect();
  }
}
