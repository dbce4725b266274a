// Fault scenario b: the infrastructure goes away under a running workload. The Kafka broker is
// stopped and started again (same data, same port), then PostgreSQL is. Services reconnect; one
// that exits instead is restarted by the supervisor, and the report names it. After each: every
// invariant.
import { FaultSystem } from './support/system';
import { finishScenario, scenarioSeed, seededRandom, sleep } from './support/scenario';
import { awaitOutboxGrowth, outboxEventCount } from './support/traffic';
import { mergeAccepted, runWorkload, type WorkloadResult, workloadFigures } from './support/workload';

describe('fault suite: broker and database stop and start mid-workload', () => {
  let system: FaultSystem;
  const workloads: WorkloadResult[] = [];
  const seed = scenarioSeed();
  const random = seededRandom(seed);

  beforeAll(async () => {
    system = await FaultSystem.start('infra');
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  /**
   * Starts a workload and resolves once it is busy (after 20–50 of its events), not after a fixed
   * time: an idle machine finishes the workload in seconds, a loaded one takes a minute. Resolves
   * with the running workload (wrapped: an async function would wait for a returned promise).
   */
  async function busyWorkload(label: string, seedOfWorkload: number): Promise<{ running: Promise<WorkloadResult> }> {
    const baseline = await outboxEventCount(system.databaseUrl);
    const running = runWorkload(system.gatewayUrl, label, { seed: seedOfWorkload });
    await awaitOutboxGrowth(system.databaseUrl, baseline, 20 + Math.floor(random() * 30));
    return { running };
  }

  it('stops the Kafka broker mid-workload and starts it again; invariants hold', async () => {
    const startedAt = Date.now();
    const { running: workload } = await busyWorkload('broker', 7);
    await system.stopKafka();
    await sleep(5_000); // the broker stays away for 5 s: the fault itself
    await system.startKafka();
    workloads.push(await workload);
    await finishScenario(system, {
      scenario: 'Kafka broker stop and start mid-workload',
      startedAt,
      accepted: mergeAccepted(...workloads),
      figures: { seed, ...workloadFigures(workloads[workloads.length - 1]!) },
    });
  }, 420_000);

  it('stops PostgreSQL mid-workload and starts it again; invariants hold', async () => {
    const startedAt = Date.now();
    const { running: workload } = await busyWorkload('database', 8);
    await system.stopPostgres();
    await sleep(5_000); // the database stays away for 5 s: the fault itself
    await system.startPostgres();
    workloads.push(await workload);
    await finishScenario(system, {
      scenario: 'PostgreSQL stop and start mid-workload',
      startedAt,
      accepted: mergeAccepted(...workloads),
      figures: { seed, ...workloadFigures(workloads[workloads.length - 1]!) },
    });
  }, 420_000);
});
