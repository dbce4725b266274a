// Loads the dead letters of some consumers: their dead-letter topics and the redrive log, read to
// their current ends.
import { CONSUMERS, deadLetterTopicName, redriveLogTopicName, type ConsumerName } from '@ipledger/contracts';
import type { Admin } from 'kafkajs';
import type { KafkaConnection } from '../kafka';
import { readTopicsToEnd } from '../topic-reader';
import { sortEntries, toDeadLetterEntry, type DeadLetterEntry } from './dead-letter-entry';
import { lastRedrives } from './redrive-log';

export interface LoadedDeadLetters {
  entries: DeadLetterEntry[];
  /** Dead-letter topics that do not exist on the broker (nothing was ever created there). */
  missingTopics: string[];
}

export async function loadDeadLetters(
  connection: KafkaConnection,
  admin: Admin,
  consumers: readonly ConsumerName[] = CONSUMERS,
): Promise<LoadedDeadLetters> {
  const existing = new Set(await admin.listTopics());
  const byTopic = new Map(consumers.map((consumer) => [deadLetterTopicName(consumer, connection.prefix), consumer]));
  const missingTopics = [...byTopic.keys()].filter((topic) => !existing.has(topic));
  const redriveLog = redriveLogTopicName(connection.prefix);
  const topics = [...[...byTopic.keys()].filter((topic) => existing.has(topic)), ...(existing.has(redriveLog) ? [redriveLog] : [])];
  const messages = await readTopicsToEnd(connection.kafka, admin, topics, { groupPrefix: connection.prefix });
  const redrives = lastRedrives(messages.filter((message) => message.topic === redriveLog).map((message) => message.value));
  const entries = messages.flatMap((message) => {
    const consumer = byTopic.get(message.topic);
    if (consumer === undefined) return [];
    const entry = toDeadLetterEntry(consumer, message.partition, message.offset, message.value);
    const redrive = redrives.get(entry.id);
    return [redrive === undefined ? entry : { ...entry, redrive }];
  });
  return { entries: sortEntries(entries), missingTopics };
}
