// How many copies each topic must have, and whether the topics on the broker have them: the pure
// half of the replication check (topic-inspection.ts reads the broker). Topics are the system of
// record; `acks=all` means "every in-sync replica", so a topic with one replica, or with
// min.insync.replicas=1, loses acknowledged events when one broker loses its disk.
//
// The target: KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS when set; otherwise the
// cluster's own defaults (default.replication.factor, min.insync.replicas), except that a cluster
// of three or more brokers never gets fewer than 3 replicas nor a min ISR below 2 by default.

export const REPLICATION_ENV = {
  replicationFactor: 'KAFKA_REPLICATION_FACTOR',
  minInsyncReplicas: 'KAFKA_MIN_INSYNC_REPLICAS',
  require: 'KAFKA_REQUIRE_REPLICATION',
} as const;

/** What the operator configured (undefined: the cluster decides). */
export interface ReplicationSettings {
  replicationFactor?: number;
  minInsyncReplicas?: number;
  /** Refuse to start when a topic has fewer replicas or a lower min ISR than the target. */
  require: boolean;
}

/** What the cluster says about itself (defaults undefined when they could not be read). */
export interface ClusterReplicationDefaults {
  brokerCount: number;
  /** The brokers' node ids (for a reassignment plan). */
  brokerIds?: number[];
  defaultReplicationFactor?: number;
  defaultMinInsyncReplicas?: number;
}

export interface ReplicationTarget {
  replicationFactor: number;
  minInsyncReplicas: number;
  /** Where the numbers come from, for the log and the CLI. */
  source: string;
}

/** One topic as the broker has it. */
export interface ObservedTopic {
  name: string;
  exists: boolean;
  partitions: number;
  /** The fewest replicas assigned to any of its partitions. */
  replicas: number;
  /** The fewest in-sync replicas of any of its partitions right now. */
  inSync: number;
  /** The topic's effective min.insync.replicas (undefined when it could not be read). */
  minInsyncReplicas?: number;
  /** Each partition's replicas (broker ids, preferred leader first). */
  assignment?: { partition: number; replicas: number[] }[];
}

export type TopicStatus = 'OK' | 'LOW' | 'MISSING';

export interface TopicAssessment {
  topic: ObservedTopic;
  status: TopicStatus;
  /** Too few replicas: only a partition reassignment raises them. */
  replicasLow: boolean;
  /** min.insync.replicas too low: an alterConfigs raises it. */
  minInsyncLow: boolean;
  /** Human-readable findings (empty when OK and fully in sync). */
  findings: string[];
}

/** The floor on a cluster of this many brokers when nothing is configured. */
export const CLUSTER_FLOOR = { brokers: 3, replicationFactor: 3, minInsyncReplicas: 2 } as const;

export class ReplicationConfigError extends Error {
  override readonly name = 'ReplicationConfigError';
}

function positiveInteger(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '' || raw === 'default') return undefined;
  if (!/^[1-9][0-9]*$/.test(raw))
    throw new ReplicationConfigError(`${name} must be a positive whole number (or unset: the cluster's default), not "${raw}"`);
  return Number(raw);
}

function flag(env: Record<string, string | undefined>, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new ReplicationConfigError(`${name} must be true or false, not "${env[name]}"`);
}

/** KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS, KAFKA_REQUIRE_REPLICATION (default false). */
export function replicationSettingsFromEnv(env: Record<string, string | undefined>): ReplicationSettings {
  const settings: ReplicationSettings = {
    replicationFactor: positiveInteger(env, REPLICATION_ENV.replicationFactor),
    minInsyncReplicas: positiveInteger(env, REPLICATION_ENV.minInsyncReplicas),
    require: flag(env, REPLICATION_ENV.require),
  };
  const { replicationFactor, minInsyncReplicas } = settings;
  if (replicationFactor !== undefined && minInsyncReplicas !== undefined && minInsyncReplicas > replicationFactor) {
    throw new ReplicationConfigError(
      `${REPLICATION_ENV.minInsyncReplicas}=${minInsyncReplicas} exceeds ${REPLICATION_ENV.replicationFactor}=${replicationFactor}: every write with acks=all would be refused`,
    );
  }
  return settings;
}

/** The replication every topic must have on this cluster. */
export function replicationTarget(settings: Omit<ReplicationSettings, 'require'>, cluster: ClusterReplicationDefaults): ReplicationTarget {
  const bigCluster = cluster.brokerCount >= CLUSTER_FLOOR.brokers;
  const sources: string[] = [];
  let replicationFactor: number;
  if (settings.replicationFactor !== undefined) {
    replicationFactor = settings.replicationFactor;
    sources.push(`replicas ${REPLICATION_ENV.replicationFactor}`);
  } else {
    const brokerDefault = cluster.defaultReplicationFactor ?? 1;
    replicationFactor = bigCluster ? Math.max(brokerDefault, CLUSTER_FLOOR.replicationFactor) : brokerDefault;
    sources.push(
      replicationFactor === brokerDefault
        ? `replicas: the brokers' default.replication.factor${cluster.defaultReplicationFactor === undefined ? ' (unreadable: 1 assumed)' : ''}`
        : `replicas: ${CLUSTER_FLOOR.replicationFactor}, not the brokers' default ${brokerDefault}, on a cluster of ${cluster.brokerCount} brokers`,
    );
  }
  let minInsyncReplicas: number;
  if (settings.minInsyncReplicas !== undefined) {
    minInsyncReplicas = settings.minInsyncReplicas;
    sources.push(`min ISR ${REPLICATION_ENV.minInsyncReplicas}`);
  } else {
    const brokerDefault = cluster.defaultMinInsyncReplicas ?? 1;
    const floor = replicationFactor >= CLUSTER_FLOOR.replicationFactor ? CLUSTER_FLOOR.minInsyncReplicas : 1;
    minInsyncReplicas = Math.min(Math.max(brokerDefault, floor), replicationFactor);
    sources.push(
      minInsyncReplicas === brokerDefault
        ? "min ISR: the brokers' min.insync.replicas"
        : `min ISR: ${minInsyncReplicas}, not the brokers' default ${brokerDefault}, with ${replicationFactor} replicas`,
    );
  }
  if (minInsyncReplicas > replicationFactor) {
    throw new ReplicationConfigError(
      `min.insync.replicas ${minInsyncReplicas} exceeds the replication factor ${replicationFactor}: every write with acks=all would be refused`,
    );
  }
  return { replicationFactor, minInsyncReplicas, source: sources.join('; ') };
}

/**
 * The replication factor to create topics with: undefined (the broker's default.replication.factor
 * decides) when that is the target anyway, so a plain single broker or a well-configured cluster
 * sees ordinary requests.
 */
export function creationReplication(
  settings: ReplicationSettings,
  cluster: ClusterReplicationDefaults,
  target: ReplicationTarget,
): { replicationFactor?: number; minInsyncReplicas?: number } {
  const replicationFactor =
    settings.replicationFactor === undefined && target.replicationFactor === cluster.defaultReplicationFactor
      ? undefined
      : target.replicationFactor;
  const minInsyncReplicas =
    settings.minInsyncReplicas === undefined && target.minInsyncReplicas === cluster.defaultMinInsyncReplicas
      ? undefined
      : target.minInsyncReplicas;
  return { replicationFactor, minInsyncReplicas };
}

/** Compares one topic with the target. */
export function assessTopic(topic: ObservedTopic, target: ReplicationTarget): TopicAssessment {
  if (!topic.exists) return { topic, status: 'MISSING', replicasLow: false, minInsyncLow: false, findings: ['does not exist'] };
  const findings: string[] = [];
  const replicasLow = topic.replicas < target.replicationFactor;
  if (replicasLow) findings.push(`${topic.replicas} replica(s), ${target.replicationFactor} expected`);
  const minInsyncLow = topic.minInsyncReplicas !== undefined && topic.minInsyncReplicas < target.minInsyncReplicas;
  if (minInsyncLow) findings.push(`min.insync.replicas ${topic.minInsyncReplicas}, ${target.minInsyncReplicas} expected`);
  if (topic.minInsyncReplicas === undefined) findings.push('min.insync.replicas unreadable (DESCRIBE_CONFIGS refused?)');
  if (topic.inSync < topic.replicas)
    findings.push(`under-replicated now: ${topic.inSync} of ${topic.replicas} replicas in sync on some partition`);
  return { topic, status: replicasLow || minInsyncLow ? 'LOW' : 'OK', replicasLow, minInsyncLow, findings };
}

/** One warning line for a topic that is not OK. */
export function describeShortfall(assessment: TopicAssessment): string {
  return `Kafka topic ${assessment.topic.name}: ${assessment.findings.join('; ')}`;
}
