import {
  assessTopic,
  creationReplication,
  ReplicationConfigError,
  replicationSettingsFromEnv,
  replicationTarget,
  type ObservedTopic,
} from './topic-replication';

const topic = (overrides: Partial<ObservedTopic> = {}): ObservedTopic => ({
  name: 'ipledger.loan.v1',
  exists: true,
  partitions: 3,
  replicas: 3,
  inSync: 3,
  minInsyncReplicas: 2,
  ...overrides,
});

describe('replication settings from the environment', () => {
  it('leaves the numbers to the cluster when unset, and is lenient by default', () => {
    expect(replicationSettingsFromEnv({})).toEqual({ replicationFactor: undefined, minInsyncReplicas: undefined, require: false });
  });

  it('reads the replication factor, min ISR and the strict flag', () => {
    expect(
      replicationSettingsFromEnv({ KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2', KAFKA_REQUIRE_REPLICATION: 'true' }),
    ).toEqual({
      replicationFactor: 3,
      minInsyncReplicas: 2,
      require: true,
    });
  });

  it.each([
    [{ KAFKA_REPLICATION_FACTOR: '0' }, /KAFKA_REPLICATION_FACTOR must be a positive whole number/],
    [{ KAFKA_MIN_INSYNC_REPLICAS: 'two' }, /KAFKA_MIN_INSYNC_REPLICAS must be a positive whole number/],
    [{ KAFKA_REQUIRE_REPLICATION: 'yes' }, /KAFKA_REQUIRE_REPLICATION must be true or false/],
    [{ KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '3' }, /exceeds KAFKA_REPLICATION_FACTOR=2/],
  ])('refuses %j', (env, message) => {
    expect(() => replicationSettingsFromEnv(env)).toThrow(ReplicationConfigError);
    expect(() => replicationSettingsFromEnv(env)).toThrow(message);
  });
});

describe('the replication target', () => {
  it('is the single broker’s own defaults: 1 and 1', () => {
    expect(replicationTarget({}, { brokerCount: 1, defaultReplicationFactor: 1, defaultMinInsyncReplicas: 1 })).toMatchObject({
      replicationFactor: 1,
      minInsyncReplicas: 1,
    });
  });

  it('is never 1 on a cluster of three: 3 replicas and min ISR 2 when the brokers default to 1', () => {
    const target = replicationTarget({}, { brokerCount: 3, defaultReplicationFactor: 1, defaultMinInsyncReplicas: 1 });
    expect(target).toMatchObject({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(target.source).toMatch(/not the brokers' default 1, on a cluster of 3 brokers/);
  });

  it('follows a cluster whose defaults are higher', () => {
    expect(replicationTarget({}, { brokerCount: 5, defaultReplicationFactor: 4, defaultMinInsyncReplicas: 3 })).toMatchObject({
      replicationFactor: 4,
      minInsyncReplicas: 3,
    });
  });

  it('assumes 3 and 2 on three brokers whose defaults it may not read', () => {
    expect(replicationTarget({}, { brokerCount: 3 })).toMatchObject({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('takes what is configured over the cluster’s defaults', () => {
    expect(
      replicationTarget(
        { replicationFactor: 2, minInsyncReplicas: 1 },
        { brokerCount: 3, defaultReplicationFactor: 3, defaultMinInsyncReplicas: 2 },
      ),
    ).toMatchObject({
      replicationFactor: 2,
      minInsyncReplicas: 1,
    });
  });

  it('keeps the default min ISR within the configured replicas', () => {
    expect(
      replicationTarget({ replicationFactor: 1 }, { brokerCount: 1, defaultReplicationFactor: 1, defaultMinInsyncReplicas: 2 }),
    ).toMatchObject({ minInsyncReplicas: 1 });
  });

  it('refuses a configured min ISR above the replicas', () => {
    expect(() => replicationTarget({ minInsyncReplicas: 2 }, { brokerCount: 1, defaultReplicationFactor: 1 })).toThrow(
      /exceeds the replication factor 1/,
    );
  });

  it('creates topics with the broker’s default where that is the target, explicitly otherwise', () => {
    const single = { brokerCount: 1, defaultReplicationFactor: 1, defaultMinInsyncReplicas: 1 };
    expect(creationReplication({ require: false }, single, replicationTarget({}, single))).toEqual({
      replicationFactor: undefined,
      minInsyncReplicas: undefined,
    });
    const three = { brokerCount: 3, defaultReplicationFactor: 1, defaultMinInsyncReplicas: 1 };
    expect(creationReplication({ require: false }, three, replicationTarget({}, three))).toEqual({
      replicationFactor: 3,
      minInsyncReplicas: 2,
    });
    expect(
      creationReplication({ replicationFactor: 1, require: false }, single, replicationTarget({ replicationFactor: 1 }, single)),
    ).toEqual({ replicationFactor: 1, minInsyncReplicas: undefined });
  });
});

describe('assessing a topic', () => {
  const target = { replicationFactor: 3, minInsyncReplicas: 2, source: 'test' };

  it('is OK at the target', () => {
    expect(assessTopic(topic(), target)).toMatchObject({ status: 'OK', replicasLow: false, minInsyncLow: false, findings: [] });
  });

  it('is LOW with too few replicas, naming both numbers', () => {
    expect(assessTopic(topic({ replicas: 1, inSync: 1 }), target)).toMatchObject({
      status: 'LOW',
      replicasLow: true,
      findings: ['1 replica(s), 3 expected'],
    });
  });

  it('is LOW with a lower min ISR', () => {
    expect(assessTopic(topic({ minInsyncReplicas: 1 }), target)).toMatchObject({
      status: 'LOW',
      minInsyncLow: true,
      findings: ['min.insync.replicas 1, 2 expected'],
    });
  });

  it('is MISSING when the broker does not have it', () => {
    expect(assessTopic(topic({ exists: false }), target).status).toBe('MISSING');
  });

  it('reports an under-replicated partition without calling the configuration low', () => {
    const assessment = assessTopic(topic({ inSync: 2 }), target);
    expect(assessment.status).toBe('OK');
    expect(assessment.findings).toEqual(['under-replicated now: 2 of 3 replicas in sync on some partition']);
  });

  it('says when min ISR could not be read', () => {
    expect(assessTopic(topic({ minInsyncReplicas: undefined }), target).findings).toEqual([
      'min.insync.replicas unreadable (DESCRIBE_CONFIGS refused?)',
    ]);
  });
});
