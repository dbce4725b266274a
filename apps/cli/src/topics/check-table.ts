// `ipledger topics check` as a table, one row per topic the system uses.
import type { ReplicationTarget, TopicAssessment } from '@ipledger/messaging';
import type { Table } from '../render';

const dash = (value: number | undefined, exists: boolean) => (!exists || value === undefined ? '-' : value);

export function checkTable(topics: readonly TopicAssessment[], target: ReplicationTarget): Table {
  return {
    headers: ['topic', 'partitions', 'replicas', 'in sync', 'min ISR', 'expected', 'status'],
    rows: topics.map(({ topic, status }) => [
      topic.name,
      dash(topic.partitions, topic.exists),
      dash(topic.replicas, topic.exists),
      dash(topic.inSync, topic.exists),
      dash(topic.minInsyncReplicas, topic.exists),
      `${target.replicationFactor} / ${target.minInsyncReplicas}`,
      status,
    ]),
    alignRight: [1, 2, 3, 4],
  };
}

/** The line under the table: what the target is and where it comes from, and the verdict. */
export function checkSummary(topics: readonly TopicAssessment[], target: ReplicationTarget, brokerCount: number): string {
  const low = topics.filter((topic) => topic.status !== 'OK').length;
  const verdict =
    low === 0 ? `all ${topics.length} topics OK` : `${low} of ${topics.length} topics below target or missing (ipledger topics repair)`;
  return `expected: ${target.replicationFactor} replicas, min.insync.replicas ${target.minInsyncReplicas} on ${brokerCount} broker(s) (${target.source}); ${verdict}`;
}
