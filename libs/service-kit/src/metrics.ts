// What a monitoring system scrapes from one service process (GET /metrics, Prometheus text
// format): the same facts readiness decides on, as numbers an alert can watch over time —
// partitions paused because records were lost, the event consumer's state, the outbox relay's
// backlog and failing partitions, the rows retention pruned — plus the Node.js process's own metrics. Each scrape reads them
// fresh; the backlog query is bounded like a readiness check (NaN when it did not answer).
import { PRUNED_TABLES, type ConsumerStatus, type OffsetLoss, type PrunedCounts } from '@ipledger/messaging';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { boundedCheck, type Bounded } from './bounded-check';

export interface MetricsSources {
  /** Undefined for a service that consumes no events. */
  consumerStatus(): ConsumerStatus | undefined;
  offsetLosses(): OffsetLoss[];
  /** The relay's failing partitions ("topic/partition"). */
  failingPartitions(): string[];
  outboxBacklog(): Promise<Backlog>;
  /** Rows the retention pruner deleted per table since the process started. */
  prunedTotals(): Readonly<PrunedCounts>;
  /** When the pruner last finished a round without a failure; undefined before the first. */
  lastCompletePrune(): Date | undefined;
}

interface Backlog {
  unpublished: number;
  oldestAgeMs: number | null;
  republishing: number;
}

const CONSUMER_STATUSES: readonly ConsumerStatus[] = [
  'idle',
  'starting',
  'joined',
  'rebalancing',
  'restarting',
  'crashed',
  'stopping',
  'stopped',
];

/** A registry of its own per service process (several apps may share one process in tests). */
export function createServiceMetrics(service: string, sources: MetricsSources): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'ipledger_consumer_lost_partitions',
    help: 'Partitions the event consumer paused because records it had not read are gone (docs/operations.md "Records lost on a partition"); alert when above 0',
    registers: [registry],
    collect() {
      this.set(sources.offsetLosses().length);
    },
  });
  new Gauge({
    name: 'ipledger_consumer_lost_partition_info',
    help: 'One series per paused partition: its topic, partition and how the loss showed (behind-earliest, beyond-latest, reset-by-client)',
    labelNames: ['topic', 'partition', 'kind'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const loss of sources.offsetLosses()) this.set({ topic: loss.topic, partition: String(loss.partition), kind: loss.kind }, 1);
    },
  });
  new Gauge({
    name: 'ipledger_consumer_status',
    help: 'The event consumer’s state: 1 for the current one (joined and rebalancing take events); no series for a service that consumes nothing',
    labelNames: ['status'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const current = sources.consumerStatus();
      if (current === undefined) return;
      for (const status of CONSUMER_STATUSES) this.set({ status }, status === current ? 1 : 0);
    },
  });
  new Gauge({
    name: 'ipledger_outbox_failing_partitions',
    help: 'Partitions the outbox relay holds back after a failed send (their events wait; the others flow)',
    registers: [registry],
    collect() {
      this.set(sources.failingPartitions().length);
    },
  });

  new Counter({
    name: 'ipledger_retention_pruned_rows_total',
    help: 'Rows the retention pruner deleted since the process started, per table (outbox, inbox, idempotency_keys)',
    labelNames: ['table'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const totals = sources.prunedTotals();
      for (const table of PRUNED_TABLES) this.inc({ table }, totals[table]);
    },
  });
  new Gauge({
    name: 'ipledger_retention_last_complete_run_timestamp_seconds',
    help: 'When the retention pruner last finished a round without a failure (Unix time; 0 before the first): alert when it falls far behind RETENTION_PRUNE_INTERVAL_MS',
    registers: [registry],
    collect() {
      this.set((sources.lastCompletePrune()?.getTime() ?? 0) / 1000);
    },
  });

  // One bounded query per scrape for the three backlog gauges: prom-client collects every metric of
  // a scrape at once, so the first collect starts the query and the others wait on the same one.
  let scrape: Promise<Bounded<Backlog>> | undefined;
  const readBacklog = (): Promise<Bounded<Backlog>> =>
    (scrape ??= boundedCheck(() => sources.outboxBacklog()).finally(() => {
      scrape = undefined;
    }));
  const backlogGauge = (name: string, help: string, value: (backlog: Backlog) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const backlog = await readBacklog();
        this.set(backlog.ok ? value(backlog.value) : Number.NaN);
      },
    });
  backlogGauge(
    'ipledger_outbox_unpublished_events',
    'Events in the outbox not yet acknowledged by the broker (NaN: the backlog did not answer in time)',
    (backlog) => backlog.unpublished,
  );
  backlogGauge(
    'ipledger_outbox_oldest_unpublished_age_seconds',
    'Age of the oldest unpublished outbox event, 0 when none: how far event delivery is behind (NaN: no answer in time)',
    (backlog) => (backlog.oldestAgeMs ?? 0) / 1000,
  );
  backlogGauge(
    'ipledger_outbox_republishing_events',
    'Published events marked by `ipledger outbox republish` and not yet sent again (NaN: no answer in time)',
    (backlog) => backlog.republishing,
  );
  return registry;
}
