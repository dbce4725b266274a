// `ipledger topics check | repair` and the replication check against the run's real broker (one
// broker: its defaults are 1 replica and min.insync.replicas 1), as the operator principal with the
// catalogue's ACLs. A topic's min ISR is raised by an AlterConfigs that keeps its other settings.
import { redriveLogTopicName, serviceKafkaAccess, topicName, topicSpecs } from '@ipledger/contracts';
import { operatorKafkaEnv, saslOf } from '@ipledger/devstack';
import { assessTopic, raiseMinInsyncReplicas, readTopics } from '@ipledger/messaging';
import { createTopicsForPrefix, kafkaAsService, testBrokers, testKafkaSecurity, uniqueTopicPrefix } from '@ipledger/testing';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { EXIT } from '../errors';
import type { Io } from '../io';
import { run } from '../program';

describe('ipledger topics (real broker)', () => {
  const prefix = uniqueTopicPrefix('cli-topics');
  const written = new Map<string, string>();
  let operator: Admin;

  async function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: Io = {
      stdout: { write: (text) => (stdout += typeof text === 'string' ? text : Buffer.from(text).toString('utf8')) },
      stderr: { write: (text) => (stderr += text) },
      env: { KAFKA_BROKERS: testBrokers().join(','), ...operatorKafkaEnv(testKafkaSecurity()), ...env },
      writeFile: (file, data) => written.set(file, String(data)),
    };
    const code = await run([...args, '--topic-prefix', prefix], io);
    return { code, stdout, stderr };
  }

  async function topicConfig(name: string, config: string): Promise<string | undefined> {
    const { resources } = await operator.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name, configNames: [config] }],
    });
    return resources[0]?.configEntries.find((entry) => entry.configName === config)?.configValue;
  }

  beforeAll(async () => {
    await createTopicsForPrefix(prefix);
    const kafka = new Kafka({
      clientId: 'topics-test-operator',
      brokers: testBrokers(),
      logLevel: logLevel.NOTHING,
      sasl: saslOf(testKafkaSecurity().operator),
    });
    operator = kafka.admin();
    await operator.connect();
  });

  afterAll(async () => {
    await operator?.disconnect();
  });

  it('check: every topic of the system at the single broker’s defaults is OK (1 replica, min ISR 1)', async () => {
    const answer = await cli({}, 'topics', 'check');
    expect(answer.code).toBe(EXIT.ok);
    const rows = answer.stdout.trim().split('\n').slice(2); // after the header and its rule
    expect(rows).toHaveLength(topicSpecs(prefix).length);
    for (const row of rows) expect(row).toMatch(/\s1\s+1\s+1\s+1 \/ 1\s+OK$/);
    expect(answer.stdout).toContain(redriveLogTopicName(prefix));
    expect(answer.stderr).toMatch(/expected: 1 replicas, min\.insync\.replicas 1 on 1 broker\(s\) .*all \d+ topics OK/);
  });

  it('check: a configured replication factor above the topics’ replicas marks each LOW and exits 5', async () => {
    const answer = await cli({ KAFKA_REPLICATION_FACTOR: '2' }, 'topics', 'check');
    expect(answer.code).toBe(EXIT.verification);
    expect(answer.stdout).toMatch(new RegExp(`${topicName('loan', prefix).replace(/\./g, '\\.')}\\s+3\\s+1\\s+1\\s+1\\s+2 / 1\\s+LOW`));
    expect(answer.stderr).toContain(`${topicName('loan', prefix)}: 1 replica(s), 2 expected`);
  });

  it('repair: more replicas than brokers is refused with the reason, nothing changed', async () => {
    const answer = await cli({ KAFKA_REPLICATION_FACTOR: '2' }, 'topics', 'repair', '--plan-file', 'plan.json');
    expect(answer.code).toBe(EXIT.failure);
    expect(answer.stderr).toMatch(/cannot raise the replicas: 2 replicas need 2 brokers; the cluster has 1/);
    expect(written.has('plan.json')).toBe(false);
  });

  it('repair with nothing low changes nothing and exits 0', async () => {
    const answer = await cli({}, 'topics', 'repair');
    expect(answer.code).toBe(EXIT.ok);
    expect(answer.stderr).toContain('every topic is at the replication target');
  });

  it('a topic whose min ISR is below target is reported LOW, and the operator raises it, keeping retention.ms=-1', async () => {
    const topic = topicName('deal', prefix);
    expect(await topicConfig(topic, 'min.insync.replicas')).toBe('1');
    const target = { replicationFactor: 1, minInsyncReplicas: 2, source: 'test' };
    const [before] = await readTopics(operator, [topic]);
    expect(assessTopic(before!, target)).toMatchObject({
      status: 'LOW',
      minInsyncLow: true,
      findings: ['min.insync.replicas 1, 2 expected'],
    });

    await raiseMinInsyncReplicas(operator, [topic], 2);

    const [after] = await readTopics(operator, [topic]);
    expect(after?.minInsyncReplicas).toBe(2);
    expect(assessTopic(after!, target).status).toBe('OK');
    expect(await topicConfig(topic, 'retention.ms')).toBe('-1');
  });

  it('a service’s principal may read the configuration of the topics it uses (the start-up check)', async () => {
    const admin = kafkaAsService('lending', 'topics-test-lending').admin();
    await admin.connect();
    try {
      const access = serviceKafkaAccess('lending', prefix);
      const topics = await readTopics(admin, [...access.write, ...access.read]);
      expect(topics.length).toBeGreaterThan(0);
      for (const topic of topics) expect(topic).toMatchObject({ exists: true, replicas: 1, minInsyncReplicas: expect.any(Number) });
    } finally {
      await admin.disconnect();
    }
  });
});
