// Redriving: the original message published again to its source topic and partition, with its
// original key and headers plus `redriven-from` and `redriven-at` (acks from all replicas, an
// idempotent producer), then the redrive recorded on the redrive log. Were the log write to fail
// after the publish, a second redrive would publish again: the consumer's inbox ignores it.
import { redriveLogTopicName } from '@ipledger/contracts';
import { creationReplication, readClusterDefaults, replicationSettingsFromEnv, replicationTarget } from '@ipledger/messaging';
import { Partitioners, type Admin, type Producer } from 'kafkajs';
import type { KafkaConnection } from '../kafka';
import type { DeadLetterEntry } from './dead-letter-entry';
import type { RedriveRecord } from './redrive-log';

export const REDRIVEN_FROM_HEADER = 'redriven-from';
export const REDRIVEN_AT_HEADER = 'redriven-at';

export function redriveProducer(connection: KafkaConnection): Producer {
  return connection.kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

/**
 * Creates the redrive log topic when the broker does not have it yet (deployments older than it),
 * with the replication target of every other topic (KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS,
 * else the cluster's defaults, never fewer than 3 replicas on three or more brokers).
 */
export async function ensureRedriveLog(
  connection: KafkaConnection,
  admin: Admin,
  env: Record<string, string | undefined> = {},
): Promise<void> {
  const topic = redriveLogTopicName(connection.prefix);
  if ((await admin.listTopics()).includes(topic)) return;
  const settings = replicationSettingsFromEnv(env);
  const cluster = await readClusterDefaults(admin);
  const { replicationFactor, minInsyncReplicas } = creationReplication(settings, cluster, replicationTarget(settings, cluster));
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      {
        topic,
        numPartitions: 1,
        ...(replicationFactor === undefined ? {} : { replicationFactor }),
        configEntries: [
          { name: 'retention.ms', value: '-1' },
          ...(minInsyncReplicas === undefined ? [] : [{ name: 'min.insync.replicas', value: String(minInsyncReplicas) }]),
        ],
      },
    ],
  });
}

/** Publishes one dead letter's original message again and records it on the redrive log. */
export async function redriveOne(
  connection: KafkaConnection,
  producer: Producer,
  entry: DeadLetterEntry,
  forced: boolean,
  now: Date = new Date(),
): Promise<RedriveRecord> {
  const record = entry.record;
  if (record === null) throw new Error(`dead letter ${entry.id} has no original message to redrive`);
  const redrivenAt = now.toISOString();
  const [sent] = await producer.send({
    topic: record.sourceTopic,
    acks: -1,
    messages: [
      {
        partition: record.sourcePartition,
        key: record.originalKey,
        value: record.originalValue,
        headers: { ...record.originalHeaders, [REDRIVEN_FROM_HEADER]: entry.id, [REDRIVEN_AT_HEADER]: redrivenAt },
      },
    ],
  });
  const logged: RedriveRecord = {
    deadLetterId: entry.id,
    consumerGroup: record.consumerGroup,
    sourceTopic: record.sourceTopic,
    sourcePartition: record.sourcePartition,
    sourceOffset: record.sourceOffset,
    eventId: entry.event.eventId ?? null,
    type: entry.event.type ?? null,
    redrivenTo: { topic: record.sourceTopic, partition: sent.partition, offset: sent.baseOffset ?? '?' },
    redrivenAt,
    forced,
  };
  await producer.send({
    topic: redriveLogTopicName(connection.prefix),
    acks: -1,
    messages: [{ key: entry.id, value: JSON.stringify(logged) }],
  });
  return logged;
}
