import { renderTable } from '../render';
import { checkSummary, checkTable } from './check-table';
import { ReassignmentImpossible, reassignmentCommands, reassignmentPlan } from './reassignment-plan';

describe('the reassignment plan', () => {
  it('keeps each partition’s replicas, leader first, and adds brokers in turn', () => {
    const plan = reassignmentPlan(
      [
        { topic: 'ipledger.loan.v1', partition: 0, replicas: [1] },
        { topic: 'ipledger.loan.v1', partition: 1, replicas: [2] },
        { topic: 'ipledger.loan.v1', partition: 2, replicas: [3] },
      ],
      [3, 1, 2],
      3,
    );
    expect(plan.version).toBe(1);
    expect(plan.partitions.map((partition) => partition.replicas[0])).toEqual([1, 2, 3]);
    for (const partition of plan.partitions) {
      expect(new Set(partition.replicas)).toEqual(new Set([1, 2, 3]));
      expect(partition.log_dirs).toEqual(['any', 'any', 'any']);
    }
  });

  it('leaves out partitions that have enough replicas', () => {
    const plan = reassignmentPlan(
      [
        { topic: 'a', partition: 0, replicas: [1, 2, 3] },
        { topic: 'b', partition: 0, replicas: [2, 3] },
      ],
      [1, 2, 3],
      3,
    );
    expect(plan.partitions).toEqual([{ topic: 'b', partition: 0, replicas: [2, 3, 1], log_dirs: ['any', 'any', 'any'] }]);
  });

  it('refuses more replicas than brokers', () => {
    expect(() => reassignmentPlan([{ topic: 'a', partition: 0, replicas: [1] }], [1, 2], 3)).toThrow(ReassignmentImpossible);
  });

  it('names the execute and verify commands', () => {
    expect(reassignmentCommands('k1:9092', 'plan.json')).toEqual([
      'kafka-reassign-partitions.sh --bootstrap-server k1:9092 --command-config admin.properties --reassignment-json-file plan.json --execute',
      'kafka-reassign-partitions.sh --bootstrap-server k1:9092 --command-config admin.properties --reassignment-json-file plan.json --verify',
    ]);
  });
});

describe('the check table', () => {
  const target = { replicationFactor: 3, minInsyncReplicas: 2, source: 'KAFKA_REPLICATION_FACTOR' };
  const ok = {
    topic: { name: 'ipledger.pledge.v1', exists: true, partitions: 3, replicas: 3, inSync: 3, minInsyncReplicas: 2 },
    status: 'OK' as const,
    replicasLow: false,
    minInsyncLow: false,
    findings: [],
  };
  const low = {
    topic: { name: 'ipledger.loan.v1', exists: true, partitions: 3, replicas: 1, inSync: 1, minInsyncReplicas: 1 },
    status: 'LOW' as const,
    replicasLow: true,
    minInsyncLow: true,
    findings: ['x'],
  };
  const missing = {
    topic: { name: 'ipledger.dlq.redrives', exists: false, partitions: 0, replicas: 0, inSync: 0 },
    status: 'MISSING' as const,
    replicasLow: false,
    minInsyncLow: false,
    findings: ['does not exist'],
  };

  it('shows partitions, replicas, min ISR, the target and the status of each topic', () => {
    const text = renderTable(checkTable([ok, low, missing], target));
    expect(text.split('\n')[0]).toMatch(/^topic\s+partitions\s+replicas\s+in sync\s+min ISR\s+expected\s+status$/);
    expect(text).toMatch(/ipledger\.pledge\.v1\s+3\s+3\s+3\s+2\s+3 \/ 2\s+OK/);
    expect(text).toMatch(/ipledger\.loan\.v1\s+3\s+1\s+1\s+1\s+3 \/ 2\s+LOW/);
    expect(text).toMatch(/ipledger\.dlq\.redrives\s+-\s+-\s+-\s+-\s+3 \/ 2\s+MISSING/);
  });

  it('sums up with the target’s source and the verdict', () => {
    expect(checkSummary([ok], target, 3)).toBe(
      'expected: 3 replicas, min.insync.replicas 2 on 3 broker(s) (KAFKA_REPLICATION_FACTOR); all 1 topics OK',
    );
    expect(checkSummary([ok, low, missing], target, 3)).toMatch(/2 of 3 topics below target or missing/);
  });
});
