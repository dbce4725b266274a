// Raising a topic's replication factor is a partition reassignment, which the kafkajs admin client
// cannot send: `ipledger topics repair` writes the plan for Kafka's own kafka-reassign-partitions.sh
// instead. Each partition keeps its current replicas (its leader first, so nothing moves that need
// not) and gains brokers it does not have yet, chosen in turn so new copies spread over the cluster.

export interface PartitionAssignment {
  topic: string;
  partition: number;
  replicas: number[];
}

/** The JSON kafka-reassign-partitions.sh --execute reads (--reassignment-json-file). */
export interface ReassignmentPlan {
  version: 1;
  partitions: { topic: string; partition: number; replicas: number[]; log_dirs: string[] }[];
}

export class ReassignmentImpossible extends Error {
  override readonly name = 'ReassignmentImpossible';
}

/** The target assignment of every partition with fewer than `replicationFactor` replicas. */
export function reassignmentPlan(
  current: readonly PartitionAssignment[],
  brokerIds: readonly number[],
  replicationFactor: number,
): ReassignmentPlan {
  const brokers = [...new Set(brokerIds)].sort((a, b) => a - b);
  if (brokers.length < replicationFactor) {
    throw new ReassignmentImpossible(`${replicationFactor} replicas need ${replicationFactor} brokers; the cluster has ${brokers.length}`);
  }
  const partitions: ReassignmentPlan['partitions'] = [];
  let turn = 0;
  for (const assignment of current) {
    if (assignment.replicas.length >= replicationFactor) continue;
    const replicas = [...assignment.replicas];
    for (let tried = 0; replicas.length < replicationFactor && tried < brokers.length * 2; tried += 1) {
      const candidate = brokers[turn % brokers.length] as number;
      turn += 1;
      if (!replicas.includes(candidate)) replicas.push(candidate);
    }
    partitions.push({ topic: assignment.topic, partition: assignment.partition, replicas, log_dirs: replicas.map(() => 'any') });
  }
  return { version: 1, partitions };
}

/** The commands an operator runs with the plan saved as `file`. */
export function reassignmentCommands(bootstrap: string, file: string): string[] {
  const base = `kafka-reassign-partitions.sh --bootstrap-server ${bootstrap} --command-config admin.properties --reassignment-json-file ${file}`;
  return [`${base} --execute`, `${base} --verify`];
}
