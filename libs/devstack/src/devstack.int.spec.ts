// devstack against the run's real PostgreSQL and Kafka (started by the jest global setup through
// devstack itself): a database copied from the migrated template has the ledger's chain head,
// and a message produced to a created topic is consumed back.
// (No @ipledger/testing here: that library depends on this one.)
import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Consumer } from 'kafkajs';
import { adminSasl } from './index';
import pg from 'pg';
import { createDatabase, createTopics, databaseExists, dropDatabase, parseBrokers, withDatabase } from './index';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: run in the jest "integration" project`);
  return value;
}

describe('devstack on the test run infrastructure', () => {
  const adminUrl = env('IPLEDGER_TEST_ADMIN_URL');
  const template = env('IPLEDGER_TEST_TEMPLATE_DB');
  const runId = env('IPLEDGER_TEST_RUN_ID');
  const brokers = parseBrokers(env('KAFKA_BROKERS'));

  it('copies the migrated template: the new database has the ledger chain head row', async () => {
    const name = `ipledger_t_${runId}_devstack_${randomBytes(3).toString('hex')}`;
    await createDatabase(adminUrl, name, { template });
    const client = new pg.Client({ connectionString: withDatabase(adminUrl, name) });
    try {
      await client.connect();
      const head = await client.query<{ id: number; sequence: string; hash: string }>(
        'SELECT id, sequence::text AS sequence, hash FROM ledger.chain_head',
      );
      expect(head.rows).toEqual([{ id: 1, sequence: '0', hash: '0'.repeat(64) }]);
    } finally {
      await client.end();
      await dropDatabase(adminUrl, name);
    }
    expect(await databaseExists(adminUrl, name)).toBe(false);
  });

  describe('Kafka', () => {
    let consumer: Consumer | undefined;
    afterAll(async () => {
      await consumer?.disconnect();
    });

    it('delivers a message produced to a created topic back to a consumer', async () => {
      const topic = `t${runId}-devstack-${randomBytes(3).toString('hex')}.probe`;
      await createTopics(brokers, [{ name: topic, partitions: 3 }]);
      await createTopics(brokers, [{ name: topic, partitions: 3 }]); // idempotent

      const kafka = new Kafka({ clientId: 'devstack-int', sasl: adminSasl(), brokers, logLevel: logLevel.NOTHING });
      const value = JSON.stringify({ id: randomUUID() });
      consumer = kafka.consumer({ groupId: `${topic}.group` });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      // Bounded by the test's timeout.
      const received = new Promise<{ key: string | undefined; value: string | undefined }>((resolve) => {
        void consumer?.run({
          eachMessage: async ({ message }) => {
            if (message.value?.toString() === value) resolve({ key: message.key?.toString(), value });
          },
        });
      });

      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'k1', value }] });
      await producer.disconnect();

      await expect(received).resolves.toEqual({ key: 'k1', value });
    });
  });
});
