import { randomBytes } from 'node:crypto';
import { topicSpecs } from '@ipledger/contracts';
import { createTopics, type KafkaSecurity } from '@ipledger/devstack';
import { testEnvironment } from './env';
import { grantKafkaAccess } from './kafka-security';

/**
 * A topic (and consumer group) prefix of its own for one test file or test: `t<runid>-<label>-<rand>.`
 * Pass it as KAFKA_TOPIC_PREFIX / to contracts' topicName(…, prefix).
 */
export function uniqueTopicPrefix(label: string): string {
  const clean =
    label
      .replace(/[^a-zA-Z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'test';
  return `t${testEnvironment().runId}-${clean}-${randomBytes(3).toString('hex')}.`;
}

/**
 * Creates topics for a prefix on the run's Kafka (existing ones are left alone), and waits for
 * their leaders. `topicNames` may be given with or without the prefix (names already starting
 * with it are not prefixed again); partition counts come from @ipledger/contracts' topicSpecs
 * (3 for names it does not know). Without `topicNames`: every topic of topicSpecs(prefix), i.e.
 * all event topics and dead-letter topics. Also creates the prefix's ACLs (every service's
 * principal, from the catalogue: kafkaAccessPlan; the principals of `security` when given, a
 * deployment with principals of its own). Returns the full names.
 */
export async function createTopicsForPrefix(prefix: string, topicNames?: readonly string[], security?: KafkaSecurity): Promise<string[]> {
  const known = new Map(topicSpecs(prefix).map((spec) => [spec.name, spec.partitions]));
  const names =
    topicNames === undefined ? [...known.keys()] : topicNames.map((name) => (name.startsWith(prefix) ? name : `${prefix}${name}`));
  await createTopics(
    testEnvironment().brokers,
    names.map((name) => ({ name, partitions: known.get(name) ?? 3 })),
  );
  // Each service's principal gets exactly its rights on this prefix's topics and groups.
  await grantKafkaAccess(prefix, security);
  return names;
}

/** The run's Kafka brokers (host:port list). */
export function testBrokers(): string[] {
  return testEnvironment().brokers;
}
