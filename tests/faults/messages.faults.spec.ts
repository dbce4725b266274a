// Fault scenarios c and d: what the broker may deliver. (c) The same events twice, and out of
// order across keys: a slice of every event topic, already consumed, is produced again in reverse
// order and then once more in order; every service's state must not change. (d) Poison between
// good events: on every partition of every consumed topic, a message that is not JSON, one that is
// no envelope, one of an unknown type and one of a known type at version 99; each must land on the
// dead-letter topic of every group reading that topic with its reason, and the good events
// produced after it must be handled (no partition stalls).
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { topicName, TOPICS } from '@ipledger/contracts';

import type { ExpectedDeadLetter } from './support/invariants';
import type { Check } from './support/report';
import { finishScenario, scenarioSeed, seededRandom } from './support/scenario';
import { FaultSystem, TOPIC_PREFIX } from './support/system';
import { consumersOfTopic, EVENT_TOPIC_IDS, eventTopics, produce, readTopics, type MessageToSend } from './support/topic-messages';
import { mergeAccepted, runWorkload, type WorkloadResult, workloadFigures } from './support/workload';
import { waitForQuiet } from './support/quiet';
import { snapshotOfEveryService } from '@ipledger/testing';

describe('fault suite: duplicate, out-of-order and poison events', () => {
  let system: FaultSystem;
  const workloads: WorkloadResult[] = [];
  const seed = scenarioSeed();
  const random = seededRandom(seed);

  beforeAll(async () => {
    system = await FaultSystem.start('messages');
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('absorbs a slice of every topic delivered again twice, in reverse order across keys; state unchanged', async () => {
    const startedAt = Date.now();
    workloads.push(await runWorkload(system.gatewayUrl, 'duplicates', { seed: 7 }));
    await waitForQuiet(system);
    const before = await snapshotOfEveryService(system.databaseUrl);

    const all = await readTopics(system.brokers, eventTopics(TOPIC_PREFIX));
    // A random contiguous slice of about half of each topic's messages.
    const slice = EVENT_TOPIC_IDS.flatMap((id) => {
      const onTopic = all.filter((message) => message.topic === topicName(id, TOPIC_PREFIX));
      const length = Math.ceil(onTopic.length / 2);
      const start = Math.floor(random() * (onTopic.length - length + 1));
      return onTopic.slice(start, start + length);
    });
    const asSent = slice.map((message): MessageToSend => ({
      topic: message.topic,
      key: message.key,
      value: message.value,
      headers: message.headers,
    }));
    await produce(system.brokers, [...asSent].reverse()); // out of order across (and within) keys
    await produce(system.brokers, asSent); // and again, in order
    await waitForQuiet(system);
    const after = await snapshotOfEveryService(system.databaseUrl);

    const changed = Object.keys(before).filter(
      (part) => !isDeepStrictEqual(before[part as keyof typeof before], after[part as keyof typeof after]),
    );
    const extraChecks: Check[] = [
      {
        name: 'state unchanged by the redelivery',
        ok: changed.length === 0,
        detail: changed.length === 0 ? `${Object.keys(before).length} tables/aggregates compared` : `changed: ${changed.join(', ')}`,
      },
    ];
    await finishScenario(system, {
      scenario: 'the same events twice, out of order across keys',
      startedAt,
      accepted: mergeAccepted(...workloads),
      figures: {
        seed,
        ...workloadFigures(workloads[0]!),
        'events redelivered': `${slice.length} × 2 (reverse, then in order) of ${all.length} on the topics`,
      },
      extraChecks,
    });
  }, 420_000);

  it('dead-letters poison and wrong-version events with their reason on every group, and handles the good ones after them', async () => {
    const startedAt = Date.now();
    const all = await readTopics(system.brokers, eventTopics(TOPIC_PREFIX));
    const poison: MessageToSend[] = [];
    const expected: ExpectedDeadLetter[] = [];
    for (const id of EVENT_TOPIC_IDS) {
      const consumers = consumersOfTopic(id);
      if (consumers.length === 0) continue;
      const topic = topicName(id, TOPIC_PREFIX);
      const template = all.find((message) => message.topic === topic);
      if (template === undefined) throw new Error(`no event on ${topic} to copy a wrong-version event from`);
      const real = JSON.parse(template.value) as Record<string, unknown>;
      for (let partition = 0; partition < TOPICS[id].partitions; partition += 1) {
        const tag = `${id}-p${partition}-${randomUUID().slice(0, 8)}`;
        const cases: { value: string; reason: string }[] = [
          { value: `not json ${tag} {`, reason: 'malformed-json' },
          { value: JSON.stringify({ hello: 'poison', tag }), reason: 'invalid-envelope' },
          { value: JSON.stringify({ ...real, eventId: randomUUID(), type: 'NoSuchEventHappened' }), reason: 'unknown-event' },
          { value: JSON.stringify({ ...real, eventId: randomUUID(), version: 99 }), reason: 'unknown-event' },
        ];
        for (const entry of cases) {
          poison.push({ topic, key: template.key, value: entry.value, partition });
          expected.push({ value: entry.value, reason: entry.reason, consumers });
        }
      }
    }
    // Poison first, then a whole workload of good events behind it on the same partitions.
    await produce(system.brokers, poison);
    workloads.push(await runWorkload(system.gatewayUrl, 'after-poison', { seed: 8 }));
    await finishScenario(system, {
      scenario: 'poison and wrong-version events among good ones',
      startedAt,
      accepted: mergeAccepted(...workloads),
      figures: {
        seed,
        ...workloadFigures(workloads[1]!),
        'poison injected': `${poison.length} messages (${expected.reduce((n, e) => n + e.consumers.length, 0)} dead letters expected)`,
      },
      expectedDeadLetters: expected,
    });
  }, 420_000);
});
