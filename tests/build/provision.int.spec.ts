// scripts/provision.mjs, compose's `setup` job, against the test run's real PostgreSQL and Kafka:
// an empty database comes out migrated with every service's role able to connect, and every topic
// of the prefix exists with its ACLs (a service's principal may read what it consumes); a second
// run changes nothing and succeeds.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { topicNames, topicName } from '@ipledger/contracts';
import { createDatabase, dropDatabase, KAFKA_SECURITY_ENV, repoRoot, serviceCredential, withDatabase } from '@ipledger/devstack';
import { kafkaAsService, testBrokers, testEnvironment, testKafka, testKafkaSecurity, uniqueTopicPrefix } from '@ipledger/testing';

const run = promisify(execFile);

describe('scripts/provision.mjs', () => {
  const env = testEnvironment();
  const name = `ipledger_t_${env.runId}_prov${randomBytes(3).toString('hex')}`;
  const databaseUrl = withDatabase(env.adminUrl, name);
  const prefix = uniqueTopicPrefix('provision');
  const provision = () =>
    run(process.execPath, [path.join(repoRoot(), 'scripts', 'provision.mjs')], {
      cwd: repoRoot(),
      timeout: 240_000,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        DATABASE_URL: databaseUrl,
        IPLEDGER_DB_ROLE_SECRET: env.roleSecret,
        [KAFKA_SECURITY_ENV]: JSON.stringify(testKafkaSecurity()),
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
      },
    });

  beforeAll(async () => {
    await createDatabase(env.adminUrl, name);
  });
  afterAll(async () => {
    await dropDatabase(env.adminUrl, name);
  });

  it('migrates, provisions the roles, creates the topics and their ACLs, and may run again', async () => {
    const first = await provision();
    expect(first.stdout).toContain('provision: done');

    const ledger = new pg.Client({ connectionString: serviceCredential(databaseUrl, 'ledger', env.roleSecret).url });
    await ledger.connect();
    try {
      const { rows } = await ledger.query<{ n: string }>('SELECT count(*) AS n FROM ledger.journal_entries');
      expect(rows[0]?.n).toBe('0');
    } finally {
      await ledger.end();
    }

    const admin = testKafka('provision-check').admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      expect(topicNames(prefix).filter((topic) => !existing.has(topic))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
    // The ledger's own principal may describe a topic it consumes (an ACL granted by provision).
    const asLedger = kafkaAsService('ledger', 'provision-ledger').admin();
    await asLedger.connect();
    try {
      const metadata = await asLedger.fetchTopicMetadata({ topics: [topicName('loan', prefix)] });
      expect(metadata.topics[0]?.partitions.length).toBeGreaterThan(0);
    } finally {
      await asLedger.disconnect();
    }

    const second = await provision();
    expect(second.stdout).toContain('provision: done');
  }, 300_000);
});
