// Fault scenario b: the infrastructure goes away under a running workload. The Kafka broker is
// stopped and started again (same data, same port), then PostgreSQL is. Services reconnect; one
// that exits instead is restarted by the supervisor, and the report names it. After each: every
// invariant.
import { FaultSystem } from './support/system';
import { finishScenario, scenarioSeed, seededRandom, sleep } from './support/scenario';
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

  it('stops the Kafka broker mid-workload and starts it again; invariants hold', async () => {
    const startedAt = Date.now();
    const workload = runWorkload(system.gatewayUrl, 'broker', { seed: 7 });
    await sleep(3_000 + Math.floor(random() * 3_000));
    await system.stopKafka();
    await sleep(5_000);
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
    const workload = runWorkload(system.gatewayUrl, 'database', { seed: 8 });
    await sleep(3_000 + Math.floor(random() * 3_000));
    await system.stopPostgres();
    await sleep(5_000);
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
