// Fault scenario e: two instances of a consuming service in one consumer group. A second ledger
// process joins the ledger's group (the partitions are split between the two); mid-workload one
// of them dies (at its consumer.after-handle fault point, or by kill -9) and is not restarted. The survivor must take over its partitions
// (after the broker's session timeout) and every event must be handled once: one inbox row per
// event, one journal entry per source event, lag back to zero.
import { Kafka, logLevel } from 'kafkajs';
import { adminSasl } from '@ipledger/devstack';
import { consumerGroupId } from '@ipledger/contracts';
import { pollUntil } from '@ipledger/testing';
import type { Check } from './support/report';
import { finishScenario, scenarioSeed, seededRandom } from './support/scenario';
import { FaultSystem, TOPIC_PREFIX } from './support/system';
import { runWorkload, workloadFigures } from './support/workload';

const SERVICE = 'ledger';
const VICTIM_FAULT_POINTS = 'consumer.after-handle=0.05';

/** Member count and partitions per member of a group (by client host/id). */
async function describeGroup(brokers: string[], groupId: string): Promise<{ members: number; state: string }> {
  const admin = new Kafka({ clientId: 'faults-group', sasl: adminSasl(), brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const group = groups[0];
    return { members: group?.members.length ?? 0, state: group?.state ?? 'unknown' };
  } finally {
    await admin.disconnect();
  }
}

describe('fault suite: two instances in one consumer group, one killed', () => {
  let system: FaultSystem;
  const seed = scenarioSeed();
  const random = seededRandom(seed);

  beforeAll(async () => {
    system = await FaultSystem.start('group');
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it(`the surviving ${SERVICE} instance takes over the partitions and nothing is handled twice`, async () => {
    const startedAt = Date.now();
    const groupId = consumerGroupId(SERVICE, TOPIC_PREFIX);
    // The second instance dies on its own at `consumer.after-handle` (an event's transaction
    // committed, its offset not) or, failing that, by kill -9 at a random moment; never restarted.
    const second = await system.startSecondInstance(SERVICE, { faultPoints: VICTIM_FAULT_POINTS, supervised: false });
    const joined = await pollUntil(
      async () => {
        const group = await describeGroup(system.brokers, groupId);
        return group.members === 2 && group.state === 'Stable' ? group : false;
      },
      { timeoutMs: 90_000, description: `two members in ${groupId}` },
    );

    let done = false;
    const workload = runWorkload(system.gatewayUrl, 'two-instances', { seed: 7 }).finally(() => {
      done = true;
    });
    const diedAtFaultPoint = await system.awaitDeath(second, 4_000 + Math.floor(random() * 8_000));
    const killedWhileBusy = !done;
    if (!diedAtFaultPoint) await system.retire(second);
    const result = await workload;
    const after = await pollUntil(
      async () => {
        const group = await describeGroup(system.brokers, groupId);
        return group.members === 1 && group.state === 'Stable' ? group : false;
      },
      { timeoutMs: 90_000, description: `${groupId} to settle on the survivor alone` },
    );
    const extraChecks: Check[] = [
      { name: 'two instances shared the group', ok: joined.members === 2, detail: `${joined.members} members before the kill` },
      { name: 'the survivor holds the group alone', ok: after.members === 1, detail: `${SERVICE} alone, group ${after.state}` },
    ];
    await finishScenario(system, {
      scenario: `two ${SERVICE} instances in one group, one killed`,
      startedAt,
      accepted: result.accepted,
      figures: {
        seed,
        ...workloadFigures(result),
        'second instance': `${second}: ${diedAtFaultPoint ? 'died at consumer.after-handle' : 'kill -9'} ${killedWhileBusy ? 'mid-workload' : 'after the workload'}`,
        survivor: SERVICE,
      },
      extraChecks,
    });
  }, 420_000);
});
