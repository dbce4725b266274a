// The start-up check of the topics a service uses (the ones its ACLs name: those it writes, its
// dead-letter topic, those it reads): fewer replicas or a lower min.insync.replicas than the target
// (KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS, else the cluster's safe defaults) is a
// warning naming the topic, or a refusal to start with KAFKA_REQUIRE_REPLICATION=true. The check is
// bounded: a cluster that does not answer in time is a warning (a refusal when strict), never a hang.
import { serviceKafkaAccess, type ServiceName } from '@ipledger/contracts';
import { checkTopicReplication, describeShortfall, type ReplicationReport, type ReplicationSettings } from '@ipledger/messaging';
import { Kafka, logLevel } from 'kafkajs';
import type { ServiceConfig } from './config';
import type { Logger } from './logging';

export const TOPIC_CHECK_TIMEOUT_MS = 15_000;

export class TopicReplicationError extends Error {
  override readonly name = 'TopicReplicationError';
}

function checkClient(service: string, config: ServiceConfig): Kafka {
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  return new Kafka({
    clientId: `${service}-topic-check`,
    brokers: config.KAFKA_BROKERS,
    sasl:
      config.KAFKA_SASL_MECHANISM === 'scram-sha-256'
        ? { mechanism: 'scram-sha-256', username, password }
        : { mechanism: 'scram-sha-512', username, password },
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 5_000,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1_000 },
  });
}

/** The topics `service` uses under `prefix`. */
export function serviceTopics(service: ServiceName, prefix: string): string[] {
  const access = serviceKafkaAccess(service, prefix);
  return [...new Set([...access.write, ...access.read])].sort();
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function inspect(service: ServiceName, config: ServiceConfig, settings: ReplicationSettings): Promise<ReplicationReport> {
  const admin = checkClient(service, config).admin();
  try {
    await admin.connect();
    return await checkTopicReplication(admin, serviceTopics(service, config.KAFKA_TOPIC_PREFIX), settings);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Logs every topic below target (warn), and throws TopicReplicationError when strict. */
export async function checkServiceTopics(
  service: ServiceName,
  config: ServiceConfig,
  logger: Logger,
  timeoutMs = TOPIC_CHECK_TIMEOUT_MS,
): Promise<void> {
  const settings: ReplicationSettings = {
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    minInsyncReplicas: config.KAFKA_MIN_INSYNC_REPLICAS,
    require: config.KAFKA_REQUIRE_REPLICATION,
  };
  const strict = settings.require ? ' (KAFKA_REQUIRE_REPLICATION=true: refusing to start)' : '';
  let report: ReplicationReport;
  try {
    report = await withTimeout(inspect(service, config, settings), timeoutMs);
  } catch (error) {
    const text = `could not check the replication of the Kafka topics: ${(error as Error).message}`;
    logger.warn({ check: 'topic-replication', err: (error as Error).message }, `${text}${strict}`);
    if (settings.require) throw new TopicReplicationError(text);
    return;
  }
  const { target } = report;
  const low = report.topics.filter((topic) => topic.status === 'LOW');
  for (const assessment of report.topics.filter((topic) => topic.findings.length > 0)) {
    logger.warn(
      {
        check: 'topic-replication',
        topic: assessment.topic.name,
        status: assessment.status,
        partitions: assessment.topic.partitions,
        replicas: assessment.topic.replicas,
        minInsyncReplicas: assessment.topic.minInsyncReplicas,
        expectedReplicas: target.replicationFactor,
        expectedMinInsyncReplicas: target.minInsyncReplicas,
      },
      `${describeShortfall(assessment)}${assessment.status === 'LOW' ? ' (ipledger topics repair raises it)' : ''}`,
    );
  }
  if (low.length === 0) {
    logger.info({ check: 'topic-replication', topics: report.topics.length, ...target }, 'Kafka topics replicated as expected');
    return;
  }
  if (settings.require) {
    throw new TopicReplicationError(
      `Kafka topics below the replication target (${target.replicationFactor} replicas, min.insync.replicas ${target.minInsyncReplicas}): ${low.map((topic) => topic.topic.name).join(', ')}${strict}; ipledger topics check shows them, ipledger topics repair raises them`,
    );
  }
}
