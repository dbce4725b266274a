// The metrics of one service process as a scrape reads them, from the same sources readiness uses.
import type { ConsumerStatus, OffsetLoss } from '@ipledger/messaging';
import { createServiceMetrics, type MetricsSources } from './metrics';

const LOSS: OffsetLoss = {
  topic: 'ipledger.loan.v1',
  partition: 1,
  kind: 'beyond-latest',
  committedOffset: '878',
  earliestAvailable: '0',
  latestAvailable: '4',
  detectedAt: '2026-12-06T08:00:00.000Z',
};

function sources(overrides: Partial<MetricsSources> = {}): MetricsSources {
  return {
    consumerStatus: (): ConsumerStatus | undefined => 'joined',
    offsetLosses: () => [],
    failingPartitions: () => [],
    outboxBacklog: async () => ({ unpublished: 0, oldestAgeMs: null, republishing: 0 }),
    prunedTotals: () => ({ outbox: 0, inbox: 0, idempotency_keys: 0 }),
    lastCompletePrune: () => undefined,
    ...overrides,
  };
}

/** The sample lines of a scrape (no HELP/TYPE), without the process's default metrics. */
async function samples(metrics: MetricsSources): Promise<string[]> {
  const text = await createServiceMetrics('statistics', metrics).metrics();
  return text.split('\n').filter((line) => line.startsWith('ipledger_'));
}

describe('service metrics', () => {
  it('shows a healthy consumer and an empty outbox, every series labelled with the service', async () => {
    expect(await samples(sources())).toEqual([
      'ipledger_consumer_lost_partitions{service="statistics"} 0',
      'ipledger_consumer_status{status="idle",service="statistics"} 0',
      'ipledger_consumer_status{status="starting",service="statistics"} 0',
      'ipledger_consumer_status{status="joined",service="statistics"} 1',
      'ipledger_consumer_status{status="rebalancing",service="statistics"} 0',
      'ipledger_consumer_status{status="restarting",service="statistics"} 0',
      'ipledger_consumer_status{status="crashed",service="statistics"} 0',
      'ipledger_consumer_status{status="stopping",service="statistics"} 0',
      'ipledger_consumer_status{status="stopped",service="statistics"} 0',
      'ipledger_outbox_failing_partitions{service="statistics"} 0',
      'ipledger_retention_pruned_rows_total{table="outbox",service="statistics"} 0',
      'ipledger_retention_pruned_rows_total{table="inbox",service="statistics"} 0',
      'ipledger_retention_pruned_rows_total{table="idempotency_keys",service="statistics"} 0',
      'ipledger_retention_last_complete_run_timestamp_seconds{service="statistics"} 0',
      'ipledger_outbox_unpublished_events{service="statistics"} 0',
      'ipledger_outbox_oldest_unpublished_age_seconds{service="statistics"} 0',
      'ipledger_outbox_republishing_events{service="statistics"} 0',
    ]);
  });

  it('counts and names each partition paused for lost records, and the relay’s backlog and held partitions', async () => {
    const lines = await samples(
      sources({
        consumerStatus: () => 'restarting',
        offsetLosses: () => [LOSS, { ...LOSS, partition: 2, kind: 'reset-by-client' }],
        failingPartitions: () => ['ipledger.audit.v1/2'],
        outboxBacklog: async () => ({ unpublished: 12, oldestAgeMs: 4_100, republishing: 30 }),
        prunedTotals: () => ({ outbox: 3_000, inbox: 1_250, idempotency_keys: 7 }),
        lastCompletePrune: () => new Date('2026-12-06T08:00:00.000Z'),
      }),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'ipledger_consumer_lost_partitions{service="statistics"} 2',
        'ipledger_consumer_lost_partition_info{topic="ipledger.loan.v1",partition="1",kind="beyond-latest",service="statistics"} 1',
        'ipledger_consumer_lost_partition_info{topic="ipledger.loan.v1",partition="2",kind="reset-by-client",service="statistics"} 1',
        'ipledger_consumer_status{status="restarting",service="statistics"} 1',
        'ipledger_consumer_status{status="joined",service="statistics"} 0',
        'ipledger_outbox_failing_partitions{service="statistics"} 1',
        'ipledger_outbox_unpublished_events{service="statistics"} 12',
        'ipledger_outbox_oldest_unpublished_age_seconds{service="statistics"} 4.1',
        'ipledger_outbox_republishing_events{service="statistics"} 30',
        'ipledger_retention_pruned_rows_total{table="outbox",service="statistics"} 3000',
        'ipledger_retention_pruned_rows_total{table="inbox",service="statistics"} 1250',
        'ipledger_retention_pruned_rows_total{table="idempotency_keys",service="statistics"} 7',
        'ipledger_retention_last_complete_run_timestamp_seconds{service="statistics"} 1796544000',
      ]),
    );
  });

  it('reads the backlog once per scrape, and says NaN (not a stale figure) when it does not answer', async () => {
    let reads = 0;
    const registry = createServiceMetrics(
      'lending',
      sources({
        consumerStatus: () => undefined,
        outboxBacklog: async () => {
          reads += 1;
          if (reads > 1) throw new Error('the database is away');
          return { unpublished: 5, oldestAgeMs: 1_000, republishing: 0 };
        },
      }),
    );
    const first = await registry.metrics();
    expect(reads).toBe(1);
    expect(first).toContain('ipledger_outbox_unpublished_events{service="lending"} 5');
    expect(first).not.toContain('ipledger_consumer_status{');

    const second = await registry.metrics();
    expect(reads).toBe(2);
    expect(second).toContain('ipledger_outbox_unpublished_events{service="lending"} Nan');
    expect(second).toContain('ipledger_outbox_oldest_unpublished_age_seconds{service="lending"} Nan');
  });
});
