// A dead letter's id, `<consumer>:<partition>:<offset>`: where it sits in its consumer's
// dead-letter topic. Stable (topics keep everything), short enough to type, and the key of the
// redrive log.
import { CONSUMERS, type ConsumerName } from '@ipledger/contracts';
import { UsageError } from '../errors';

export interface DeadLetterId {
  consumer: ConsumerName;
  partition: number;
  offset: string;
}

export function formatDeadLetterId(id: DeadLetterId): string {
  return `${id.consumer}:${id.partition}:${id.offset}`;
}

/** Parses `<consumer>:<partition>:<offset>`; a usage error names what is wrong. */
export function parseDeadLetterId(text: string): DeadLetterId {
  const match = /^([a-z][a-z-]*):(\d{1,5}):(\d{1,19})$/.exec(text.trim());
  if (match === null)
    throw new UsageError(
      `dead-letter id ${JSON.stringify(text)} must be <consumer>:<partition>:<offset>, e.g. statistics:0:12 (ipledger dlq list shows them)`,
    );
  const [, consumer, partition, offset] = match;
  if (!isConsumer(consumer))
    throw new UsageError(`dead-letter id ${text}: no consumer ${consumer}; the consumers are ${CONSUMERS.join(', ')}`);
  return { consumer, partition: Number(partition), offset: BigInt(offset).toString() };
}

export function isConsumer(name: string): name is ConsumerName {
  return (CONSUMERS as readonly string[]).includes(name);
}
