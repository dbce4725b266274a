// Reads topics from their beginning up to their end offsets at the time of the call, then stops:
// the end offsets are fetched first (admin.fetchTopicOffsets), and a consumer of a throwaway group
// (deleted afterwards, no offsets committed) reads until every partition has reached its end.
import { randomUUID } from 'node:crypto';
import { cliReaderGroupPrefix } from '@ipledger/contracts';
import type { Admin, IHeaders, Kafka } from 'kafkajs';
import { CliError, EXIT } from './errors';

export interface TopicMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export interface ReadOptions {
  /** Prefix of the throwaway consumer group's id (the deployment's topic prefix). */
  groupPrefix: string;
  /** Give up (with an error) when the ends are not reached within this time. Default 60 s. */
  timeoutMs?: number;
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}

/** Every message of `topics` below the end offsets they had when called, in partition order. */
export async function readTopicsToEnd(
  kafka: Kafka,
  admin: Admin,
  topics: readonly string[],
  options: ReadOptions,
): Promise<TopicMessage[]> {
  const ends = new Map<string, bigint>(); // `${topic}/${partition}` → end offset still to reach
  for (const topic of topics) {
    for (const partition of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(partition.high) > BigInt(partition.low)) ends.set(`${topic}/${partition.partition}`, BigInt(partition.high));
    }
  }
  if (ends.size === 0) return [];
  const toRead = [...new Set([...ends.keys()].map((key) => key.slice(0, key.lastIndexOf('/'))))];

  const groupId = `${cliReaderGroupPrefix(options.groupPrefix)}${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250, retry: { retries: 3 } });
  const messages: TopicMessage[] = [];
  const pending = new Map(ends);
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: toRead, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const key = `${batch.topic}/${batch.partition}`;
        const end = ends.get(key);
        if (end === undefined) return;
        for (const message of batch.messages) {
          if (BigInt(message.offset) >= end) continue;
          messages.push({
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? '',
            headers: headerStrings(message.headers),
          });
        }
        if (BigInt(batch.lastOffset()) >= end - 1n) pending.delete(key);
        if (pending.size === 0) finish();
      },
    });
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    if ((await Promise.race([finished, timedOut])) === 'timeout') {
      throw new CliError(`could not read ${[...pending.keys()].join(', ')} to the end within ${timeoutMs / 1000} s`, EXIT.failure);
    }
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  // A batch fetched again after a rebalance would repeat messages: one of each position.
  const unique = new Map(messages.map((message) => [`${message.topic}/${message.partition}/${message.offset}`, message]));
  const position = (message: TopicMessage) => `${message.topic}/${String(message.partition).padStart(5, '0')}`;
  return [...unique.values()].sort((a, b) => position(a).localeCompare(position(b)) || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
}
