// Fault scenarios on three brokers (libs/devstack/src/kafka-cluster.ts: three broker-only nodes and
// one KRaft controller, replication factor 3, min.insync.replicas 2, services told the same). Each
// runs under the workload (struck once 20–50 of its events are committed), its fault aimed at the
// broker leading the partitions that hold the most messages:
//  (a) kill -9 of that broker, started again 10 s later on its data;
//  (b) its disk lost: kill -9, log folder deleted and formatted again, started empty; it must
//      re-replicate and nothing may be lost (every partition keeps its messages, every committed
//      event is still on its topic, no consumer reports a partition lost);
//  (c) cut off for 20 s (SIGSTOP of its JVM: it answers nobody, clients nor controller), then back.
// During each fault every backend's /health is polled once a second. After each: the common
// invariants, every replica back in sync, the event delay (outbox → inbox) under a generous bound,
// never every service down at once for long; the report gives the delay, health and restart figures.
import { APP_NAMES, type AppName } from '@ipledger/devstack';
import { topicSpecs } from '@ipledger/contracts';
import { busiestLeader, everyEventOnTopicsCheck, extentsKeptCheck, partitionExtents, replicationCheck } from './support/cluster-checks';
import { delayReportFigures, measureEventDelays } from './support/event-delay';
import { HealthPoller, healthReportFigures } from './support/health-poller';
import { describeInFlight } from './support/in-flight';
import type { Check } from './support/report';
import { finishScenario, scenarioSeed, seededRandom, sleep } from './support/scenario';
import { CLUSTER_REPLICATION, FaultSystem, TOPIC_PREFIX } from './support/system';
import { eventTopics } from './support/topic-messages';
import { awaitOutboxGrowth, outboxEventCount } from './support/traffic';
import { mergeAccepted, runWorkload, type WorkloadResult, workloadFigures } from './support/workload';

/** Generous: a broker's loss must cost seconds to tens of seconds, not minutes (the issue measured 105 s stalls on one replica). */
const DELAY_BOUND_MS = 120_000;
/** Never every service 503 at once for longer than this (the issue measured 116 s). */
const ALL_DOWN_BOUND_MS = 30_000;
/** A smaller workload than the other scenarios': three faults on four JVMs of Kafka share two cores. */
const WORKLOAD = { years: 1, scale: 0.5 };

interface Fault {
  /** Returns when the fault is over (the broker is back). */
  inject(victim: number): Promise<Record<string, string | number>>;
  /** Checks of its own, once the system is quiet again. */
  checks?(): Promise<Check[]>;
}

describe('fault suite: three brokers (replication factor 3, min ISR 2)', () => {
  let system: FaultSystem;
  const workloads: WorkloadResult[] = [];
  const seed = scenarioSeed();
  const random = seededRandom(seed);
  const topics = eventTopics(TOPIC_PREFIX);

  beforeAll(async () => {
    system = await FaultSystem.start('cluster', { kafkaCluster: true });
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  /** Workload, fault at a random moment, workload to its end, then every invariant and the scenario's figures. */
  async function runScenario(scenario: string, label: string, workloadSeed: number, fault: Fault): Promise<void> {
    const startedAt = Date.now();
    const baseline = await outboxEventCount(system.databaseUrl);
    const workload = runWorkload(system.gatewayUrl, label, { seed: workloadSeed, ...WORKLOAD });
    // Strike while the workload is busy (after 20–50 of its events), not at a fixed time: an idle
    // machine finishes the workload in seconds, a loaded one takes a minute.
    await awaitOutboxGrowth(system.databaseUrl, baseline, 20 + Math.floor(random() * 30));
    const victim = await busiestLeader(system.brokers, topics);
    const backends = Object.fromEntries(APP_NAMES.filter((name) => name !== 'gateway').map((name) => [name, system.urls[name]])) as Partial<
      Record<AppName, string>
    >;
    const health = new HealthPoller(backends);
    health.start();
    const faultStarted = Date.now();
    let faultFigures: Record<string, string | number>;
    let faultEnded: number;
    try {
      faultFigures = await fault.inject(victim.nodeId);
      faultEnded = Date.now();
      workloads.push(await workload);
    } catch (error) {
      // A step that waited minutes for an event: say what was still in flight, then fail.
      workload.catch(() => undefined);
      process.stderr.write(`\n${scenario}: ${(error as Error).message.split('\n')[0]}\nin flight:\n${await describeInFlight(system)}\n`);
      throw error;
    } finally {
      await health.stop();
    }
    const healthFigures = await health.stop();
    const replicatedInMs = await system.cluster.awaitFullyReplicated({ timeoutMs: 120_000 }).catch(() => undefined);
    const delays = await measureEventDelays(system.databaseUrl, faultStarted, faultEnded);
    const lostReported = system.log.since(startedAt).count('records-lost');
    const checks: Check[] = [
      await replicationCheck(
        system.brokers,
        topicSpecs(TOPIC_PREFIX).map((topic) => topic.name),
        CLUSTER_REPLICATION,
      ),
      {
        name: 'every replica back in sync',
        ok: replicatedInMs !== undefined,
        detail:
          replicatedInMs === undefined
            ? 'some partition still under-replicated after 120 s'
            : `in sync ${(replicatedInMs / 1000).toFixed(1)} s after the workload ended`,
      },
      {
        name: 'no partition reported lost (offset out of range)',
        ok: lostReported === 0 && healthFigures.lostPartitions.size === 0,
        detail: `${lostReported} log lines, ${healthFigures.lostPartitions.size} in readiness${healthFigures.lostPartitions.size > 0 ? `: ${[...healthFigures.lostPartitions].slice(0, 3).join('; ')}` : ''}`,
      },
      {
        name: `worst event delay under ${DELAY_BOUND_MS / 1000} s`,
        ok: delays.events > 0 && delays.worstMs < DELAY_BOUND_MS,
        detail: `${delays.events} events committed during the fault, worst ${(delays.worstMs / 1000).toFixed(1)} s`,
      },
      {
        name: `never every service down at once for ${ALL_DOWN_BOUND_MS / 1000} s`,
        ok: healthFigures.longestAllDownMs < ALL_DOWN_BOUND_MS,
        detail: `longest ${(healthFigures.longestAllDownMs / 1000).toFixed(1)} s (${healthFigures.allDownRounds} rounds all down)`,
      },
      ...((await fault.checks?.()) ?? []),
    ];
    await finishScenario(system, {
      scenario,
      startedAt,
      accepted: mergeAccepted(...workloads),
      extraChecks: checks,
      figures: {
        seed,
        victim: `broker ${victim.nodeId} (leader of ${victim.partitions} event-topic partitions holding ${victim.messages} messages)`,
        ...faultFigures,
        'fault lasted': `${((faultEnded - faultStarted) / 1000).toFixed(1)} s`,
        ...delayReportFigures(delays),
        ...healthReportFigures(healthFigures),
        ...workloadFigures(workloads[workloads.length - 1]!),
      },
    });
  }

  it('kill -9 of the busiest partition leader mid-workload, started again; invariants hold', async () => {
    await runScenario('kill -9 of the busiest partition leader (three brokers)', 'leader-kill', 7, {
      inject: async (victim) => {
        const broker = system.cluster.node(victim);
        system.log.infra(`kafka broker ${victim} killed (SIGKILL)`);
        await broker.kill();
        await sleep(10_000);
        const restarting = Date.now();
        await broker.start();
        system.log.infra(`kafka broker ${victim} started`);
        return { 'broker restart took': `${((Date.now() - restarting) / 1000).toFixed(1)} s` };
      },
    });
  }, 420_000);

  it('a broker loses its disk mid-workload and comes back empty: it re-replicates, nothing is lost; invariants hold', async () => {
    let before: Awaited<ReturnType<typeof partitionExtents>> | undefined;
    await runScenario('a broker restarted with an empty disk (three brokers)', 'disk-loss', 8, {
      inject: async (victim) => {
        const broker = system.cluster.node(victim);
        // A lower bound of what each partition holds (the workload keeps writing): read while every
        // broker answers, so no request waits on a dead leader the controller has not fenced yet.
        before = await partitionExtents(system.brokers, topics);
        system.log.infra(`kafka broker ${victim} killed (SIGKILL)`);
        await broker.kill();
        await broker.wipe();
        system.log.infra(`kafka broker ${victim} disk wiped`);
        await sleep(5_000);
        const restarting = Date.now();
        await broker.start();
        system.log.infra(`kafka broker ${victim} started empty`);
        return { 'broker start on an empty disk took': `${((Date.now() - restarting) / 1000).toFixed(1)} s` };
      },
      checks: async () => {
        if (before === undefined) throw new Error('the fault did not run');
        return [
          extentsKeptCheck(before, await partitionExtents(system.brokers, topics)),
          await everyEventOnTopicsCheck(system.databaseUrl, system.brokers, topics),
        ];
      },
    });
  }, 420_000);

  it('a broker cut off for 20 s mid-workload (SIGSTOP), then back; invariants hold', async () => {
    await runScenario('a broker cut off for 20 s (three brokers)', 'partitioned', 9, {
      inject: async (victim) => {
        const broker = system.cluster.node(victim);
        system.log.infra(`kafka broker ${victim} frozen (SIGSTOP)`);
        broker.freeze();
        try {
          await sleep(20_000);
        } finally {
          broker.thaw();
        }
        system.log.infra(`kafka broker ${victim} thawed (SIGCONT)`);
        return { 'cut off': '20 s' };
      },
    });
  }, 420_000);
});
