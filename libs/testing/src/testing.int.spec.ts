// The helpers of @ipledger/testing against the run's real PostgreSQL and Kafka: a database copied
// from the template is migrated and isolated; topics created for a prefix carry messages.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Consumer } from 'kafkajs';
import { adminSasl } from '@ipledger/devstack';
import pg from 'pg';
import { topicSpecs } from '@ipledger/contracts';
import { repoRoot } from '@ipledger/devstack';
import { createTestDatabase, createTopicsForPrefix, pollUntil, testBrokers, uniqueTopicPrefix, type TestDatabase } from './index';

describe('@ipledger/testing helpers', () => {
  describe('a test database from the template', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => {
      await database.drop();
    });

    it('is migrated: the ledger chain head row exists', async () => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const result = await client.query<{ id: number; sequence: string; hash: string }>(
          'SELECT id, sequence::text AS sequence, hash FROM ledger.chain_head',
        );
        expect(result.rows).toEqual([{ id: 1, sequence: '0', hash: '0'.repeat(64) }]);
        // Every service's own history, each in its own schema.
        const histories = await client.query<{ schema: string }>(
          "SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = '_prisma_migrations' ORDER BY 1",
        );
        const registry = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'prisma', 'services.json'), 'utf8')) as {
          services: Record<string, { schema: string }>;
        };
        expect(histories.rows.map((row) => row.schema)).toEqual(
          Object.values(registry.services)
            .map((entry) => entry.schema)
            .sort(),
        );
        for (const { schema } of histories.rows) {
          const applied = await client.query<{ count: string }>(
            `SELECT count(*)::text AS count FROM "${schema}"._prisma_migrations WHERE finished_at IS NOT NULL`,
          );
          expect(Number(applied.rows[0]?.count)).toBeGreaterThan(0);
        }
      } finally {
        await client.end();
      }
    });

    it('is isolated: another test database does not see its writes', async () => {
      const other = await createTestDatabase();
      const first = new pg.Client({ connectionString: database.url });
      const second = new pg.Client({ connectionString: other.url });
      await Promise.all([first.connect(), second.connect()]);
      try {
        await first.query('CREATE TABLE public.isolation_probe (id int)');
        const seen = await second.query("SELECT to_regclass('public.isolation_probe') AS found");
        expect(seen.rows[0]).toEqual({ found: null });
      } finally {
        await Promise.all([first.end(), second.end()]);
        await other.drop();
      }
    });
  });

  describe('Kafka', () => {
    let consumer: Consumer | undefined;
    afterAll(async () => {
      await consumer?.disconnect();
    });

    it('delivers a message produced to a created topic', async () => {
      const prefix = uniqueTopicPrefix('devstack');
      const [topic] = await createTopicsForPrefix(prefix, ['probe']);
      expect(topic).toBe(`${prefix}probe`);
      if (topic === undefined) throw new Error('no topic created');
      // Creating again is fine.
      await createTopicsForPrefix(prefix, [`${prefix}probe`]);

      const kafka = new Kafka({ clientId: 'devstack-int', sasl: adminSasl(), brokers: testBrokers(), logLevel: logLevel.NOTHING });
      const received: { key: string | undefined; value: string | undefined }[] = [];
      consumer = kafka.consumer({ groupId: `${prefix}group` });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          received.push({ key: message.key?.toString(), value: message.value?.toString() });
        },
      });

      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      const value = JSON.stringify({ id: randomUUID() });
      await producer.send({ topic, messages: [{ key: 'k1', value }] });
      await producer.disconnect();

      const message = await pollUntil(() => received.find((entry) => entry.value === value), {
        description: 'the produced message to be consumed',
      });
      expect(message).toEqual({ key: 'k1', value });
    });

    it('creates every topic of the contracts for a prefix when no names are given', async () => {
      const prefix = uniqueTopicPrefix('all topics');
      expect(prefix).toMatch(/^t[a-z0-9]+-all-topics-[0-9a-f]{6}\.$/);
      const created = await createTopicsForPrefix(prefix);
      expect(created).toEqual(topicSpecs(prefix).map((spec) => spec.name));
      const admin = new Kafka({ clientId: 'testing-int', sasl: adminSasl(), brokers: testBrokers(), logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const metadata = await admin.fetchTopicMetadata({ topics: created });
        const partitions = Object.fromEntries(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
        expect(partitions).toEqual(Object.fromEntries(topicSpecs(prefix).map((spec) => [spec.name, spec.partitions])));
      } finally {
        await admin.disconnect();
      }
    });
  });
});
