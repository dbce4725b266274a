// Reads what the replication check compares (topic-replication.ts): the cluster's size and
// defaults (describeCluster, describeConfigs of a broker), and each topic's replicas (metadata) and
// effective min.insync.replicas (describeConfigs of the topic). Needs DESCRIBE on the topics and
// DESCRIBE_CONFIGS on the topics and the cluster (the catalogue's ACLs grant both to every principal).
import { ConfigResourceTypes, ConfigSource, type Admin } from 'kafkajs';
import {
  assessTopic,
  replicationTarget,
  type ClusterReplicationDefaults,
  type ObservedTopic,
  type ReplicationSettings,
  type ReplicationTarget,
  type TopicAssessment,
} from './topic-replication';

const DEFAULT_REPLICATION_FACTOR = 'default.replication.factor';
const MIN_INSYNC_REPLICAS = 'min.insync.replicas';

function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || value === null || !/^-?[0-9]+$/.test(value)) return undefined;
  return Number(value);
}

/** Broker count and defaults; the defaults stay undefined when the principal may not read them. */
export async function readClusterDefaults(admin: Admin): Promise<ClusterReplicationDefaults> {
  const { brokers, controller } = await admin.describeCluster();
  const broker = brokers.find((candidate) => candidate.nodeId === controller) ?? brokers[0];
  const brokerIds = brokers.map((candidate) => candidate.nodeId).sort((a, b) => a - b);
  if (broker === undefined) return { brokerCount: 0, brokerIds };
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.BROKER, name: String(broker.nodeId), configNames: [DEFAULT_REPLICATION_FACTOR, MIN_INSYNC_REPLICAS] },
      ],
    });
    const entries = resources[0]?.configEntries ?? [];
    const value = (name: string) => numberOf(entries.find((entry) => entry.configName === name)?.configValue);
    return {
      brokerCount: brokers.length,
      brokerIds,
      defaultReplicationFactor: value(DEFAULT_REPLICATION_FACTOR),
      defaultMinInsyncReplicas: value(MIN_INSYNC_REPLICAS),
    };
  } catch {
    return { brokerCount: brokers.length, brokerIds };
  }
}

/** Each named topic as the broker has it (exists: false for those it does not have). */
export async function readTopics(admin: Admin, names: readonly string[]): Promise<ObservedTopic[]> {
  const existing = new Set(await admin.listTopics());
  const present = names.filter((name) => existing.has(name));
  const metadata = present.length === 0 ? [] : (await admin.fetchTopicMetadata({ topics: present })).topics;
  const minInsync = new Map<string, number | undefined>();
  if (present.length > 0) {
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: present.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: [MIN_INSYNC_REPLICAS] })),
      });
      for (const resource of resources) {
        minInsync.set(
          resource.resourceName,
          numberOf(resource.configEntries.find((entry) => entry.configName === MIN_INSYNC_REPLICAS)?.configValue),
        );
      }
    } catch {
      // Unreadable: reported per topic by assessTopic.
    }
  }
  return names.map((name) => {
    const topic = metadata.find((candidate) => candidate.name === name);
    if (topic === undefined) return { name, exists: false, partitions: 0, replicas: 0, inSync: 0 };
    const partitions = topic.partitions;
    return {
      name,
      exists: true,
      partitions: partitions.length,
      replicas: Math.min(...partitions.map((partition) => partition.replicas.length)),
      inSync: Math.min(...partitions.map((partition) => partition.isr.length)),
      minInsyncReplicas: minInsync.get(name),
      assignment: partitions
        .map((partition) => ({ partition: partition.partitionId, replicas: [...partition.replicas] }))
        .sort((a, b) => a.partition - b.partition),
    };
  });
}

export interface ReplicationReport {
  cluster: ClusterReplicationDefaults;
  target: ReplicationTarget;
  topics: TopicAssessment[];
}

/** The whole check: target for this cluster, and every named topic against it. */
export async function checkTopicReplication(
  admin: Admin,
  names: readonly string[],
  settings: ReplicationSettings,
): Promise<ReplicationReport> {
  const cluster = await readClusterDefaults(admin);
  const target = replicationTarget(settings, cluster);
  const topics = (await readTopics(admin, names)).map((topic) => assessTopic(topic, target));
  return { cluster, target, topics };
}

/**
 * Raises min.insync.replicas of the given topics to the target. Kafka's AlterConfigs replaces a
 * topic's whole set of overrides, so each topic's own overrides (retention.ms=-1 among them) are
 * read first and sent back with the new value.
 */
export async function raiseMinInsyncReplicas(admin: Admin, names: readonly string[], minInsyncReplicas: number): Promise<void> {
  if (names.length === 0) return;
  const { resources: current } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  await admin.alterConfigs({
    validateOnly: false,
    resources: names.map((name) => {
      const overrides = (current.find((resource) => resource.resourceName === name)?.configEntries ?? [])
        .filter(
          (entry) => entry.configSource === ConfigSource.TOPIC_CONFIG && !entry.isSensitive && entry.configName !== MIN_INSYNC_REPLICAS,
        )
        .map((entry) => ({ name: entry.configName, value: entry.configValue }));
      return {
        type: ConfigResourceTypes.TOPIC,
        name,
        configEntries: [...overrides, { name: MIN_INSYNC_REPLICAS, value: String(minInsyncReplicas) }],
      };
    }),
  });
}
