// Fault scenario a: kill -9. First every service in turn at a random moment of the workload (the
// supervisor restarts it); then each service with its fault points armed (IPLEDGER_FAULT_POINTS:
// dying between committing the outbox and publishing, between publishing and marking published,
// between handling an event and committing its offset, between committing a command and
// answering it) for a few rounds, then without. After each: every invariant.
import { APP_NAMES } from '@ipledger/devstack';
import { FaultSystem } from './support/system';
import { finishScenario, scenarioSeed, seededRandom, sleep } from './support/scenario';
import { awaitOutboxGrowth, outboxEventCount } from './support/traffic';
import { mergeAccepted, runWorkload, type WorkloadResult, workloadFigures } from './support/workload';

const ROUNDS = 2;
const FAULT_POINTS = 'outbox.before-publish=0.2,outbox.after-publish=0.2,consumer.after-handle=0.1,command.after-commit=0.1';

describe('fault suite: kill -9 of each service', () => {
  let system: FaultSystem;
  const workloads: WorkloadResult[] = [];
  const seed = scenarioSeed();
  const random = seededRandom(seed);

  beforeAll(async () => {
    system = await FaultSystem.start('kill');
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('kills every service in turn at random moments of the workload; invariants hold', async () => {
    const startedAt = Date.now();
    let killing = true;
    const baseline = await outboxEventCount(system.databaseUrl);
    // Rounds of the workload until every service has been killed once: on an idle machine one round
    // can be over before the third kill.
    const rounds = (async () => {
      const results: WorkloadResult[] = [];
      for (let round = 0; round === 0 || killing; round++) {
        results.push(await runWorkload(system.gatewayUrl, `random-kills-${round}`, { seed: 7 + 2 * round }));
      }
      return results;
    })();
    // The first kill once the workload is busy, not after a fixed time (an idle machine may be done by then).
    await awaitOutboxGrowth(system.databaseUrl, baseline, 20);
    const victims = [...APP_NAMES].sort(() => random() - 0.5);
    try {
      for (const victim of victims) {
        await sleep(1_000 + Math.floor(random() * 3_000)); // the random moment of the kill: the scenario itself
        await system.kill(victim);
      }
    } finally {
      killing = false;
    }
    workloads.push(...(await rounds));
    await finishScenario(system, {
      scenario: 'kill -9 of every service at random moments',
      startedAt,
      accepted: mergeAccepted(...workloads),
      figures: {
        seed,
        'killed in turn': victims.join(', '),
        'workload rounds': workloads.length,
        ...workloadFigures(workloads[workloads.length - 1]!),
      },
    });
  }, 420_000);

  it('kills every backend service at its fault points, a few rounds each, then runs it clean; invariants hold', async () => {
    const startedAt = Date.now();
    // Every backend at once, armed before the workload starts (a kill -9 stalls the service's
    // consumer group until the broker's session timeout ends the dead member, 10 s here): each dies at
    // its own fault points, is restarted armed for a few rounds, then clean.
    const backends = APP_NAMES.filter((name) => name !== 'gateway');
    for (const service of backends) system.armFaultPoints(service, FAULT_POINTS, ROUNDS);
    await Promise.all(backends.map((service) => system.kill(service))); // restarted armed by the supervisor
    await system.awaitAllRunning();
    let done = false;
    const workload = runWorkload(system.gatewayUrl, 'fault-points', { seed: 8 }).finally(() => {
      done = true;
    });
    const until = Date.now() + 60_000 + Math.floor(random() * 10_000);
    while (backends.some((service) => system.isArmed(service)) && Date.now() < until && !done) await sleep(250);
    const stillArmed = backends.filter((service) => system.isArmed(service));
    for (const service of stillArmed) system.disarmFaultPoints(service);
    await Promise.all(stillArmed.map((service) => system.kill(service))); // back without fault points
    workloads.push(await workload);
    await finishScenario(system, {
      scenario: 'kill -9 at the fault points (outbox, consumer, command)',
      startedAt,
      accepted: mergeAccepted(...workloads),
      figures: {
        seed,
        ...workloadFigures(workloads[workloads.length - 1]!),
        'fault points': `${FAULT_POINTS} on ${backends.length} services, ${ROUNDS} armed starts each`,
        'still armed when the rounds ended': stillArmed.length === 0 ? 'none' : stillArmed.join(', '),
      },
    });
  }, 420_000);
});
