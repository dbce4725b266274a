// The broker's authentication and ACLs, on the run's real broker: a client without credentials is
// refused, a service's principal writes only the topics its service owns and reads only what it
// consumes (the ACLs come from the event catalogue: kafkaAccessPlan).
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { consumerGroupId, topicName } from '@ipledger/contracts';
import { createTopicsForPrefix, kafkaAsService, testBrokers, uniqueTopicPrefix } from './index';

function errorOf(promise: Promise<unknown>): Promise<{ name: string; type?: string; message: string } | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => error as { name: string; type?: string; message: string },
  );
}

describe('Kafka authentication and ACLs', () => {
  const prefix = uniqueTopicPrefix('acl');

  beforeAll(async () => {
    await createTopicsForPrefix(prefix);
  });

  it('refuses a producer without credentials', async () => {
    const anonymous = new Kafka({
      clientId: 'no-credentials',
      brokers: testBrokers(),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 2_000,
      retry: { retries: 0 },
    });
    const producer = anonymous.producer();
    const error = await errorOf(
      producer.connect().then(() => producer.send({ topic: topicName('audit', prefix), messages: [{ value: 'forged' }] })),
    );
    await producer.disconnect().catch(() => undefined);

    expect(error).toBeDefined();
  });

  it('refuses wrong credentials at once, naming the authentication', async () => {
    const impostor = new Kafka({
      clientId: 'wrong-password',
      brokers: testBrokers(),
      logLevel: logLevel.NOTHING,
      sasl: { mechanism: 'scram-sha-512', username: 'ledger', password: 'not-the-password' },
      retry: { retries: 0 },
    });
    const producer = impostor.producer();

    expect(await errorOf(producer.connect())).toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
  });

  it("lets a service write its own topics and the audit topic, never another service's topic", async () => {
    const producer = kafkaAsService('lending').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await expect(producer.send({ topic: topicName('loan', prefix), messages: [{ key: 'k', value: 'own' }] })).resolves.toHaveLength(1);
      await expect(producer.send({ topic: topicName('audit', prefix), messages: [{ key: 'k', value: 'audit' }] })).resolves.toHaveLength(1);
      const error = await errorOf(
        producer.send({ topic: topicName('compensation', prefix), messages: [{ key: 'k', value: 'forged payout' }] }),
      );

      expect(error).toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
    } finally {
      await producer.disconnect();
    }
  });

  /** Why the broker refuses `consumer` reading `topic` (at the subscription's metadata request, or when it joins and fetches). */
  async function refusalToRead(consumer: Consumer, topic: string): Promise<string> {
    const crashed = new Promise<string>((resolve) => {
      consumer.on(consumer.events.CRASH, (event) =>
        resolve(`${(event.payload.error as { type?: string }).type ?? ''} ${event.payload.error.message}`),
      );
    });
    await consumer.connect();
    try {
      const started = consumer
        .subscribe({ topics: [topic], fromBeginning: true })
        .then(() => consumer.run({ eachMessage: async () => undefined }))
        .then(
          () => new Promise<string>(() => undefined), // running: only a crash answers
          (error: { type?: string; message: string }) => `${error.type ?? ''} ${error.message}`,
        );
      return await Promise.race([started, crashed]);
    } finally {
      await consumer.disconnect();
    }
  }

  it('lets a service read only the topics it consumes, in its own consumer group', async () => {
    const valuation = kafkaAsService('valuation');

    expect(
      await refusalToRead(
        valuation.consumer({ groupId: consumerGroupId('valuation', prefix), retry: { retries: 0 } }),
        topicName('loan', prefix),
      ),
    ).toMatch(/TOPIC_AUTHORIZATION_FAILED|[Nn]ot authorized to access topics/);
    expect(
      await refusalToRead(
        valuation.consumer({ groupId: consumerGroupId('lending', prefix), retry: { retries: 0 } }),
        topicName('pledge', prefix),
      ),
    ).toMatch(
      // The broker denies the group's coordinator look-up (GROUP_AUTHORIZATION_FAILED), which kafkajs reports so.
      /GROUP_AUTHORIZATION_FAILED|[Nn]ot authorized to access group|Failed to find group coordinator/,
    );
  });
});
