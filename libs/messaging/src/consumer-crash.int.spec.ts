// The crash classifier against the real broker's answer to wrong credentials: kafkajs reports a
// refusal and a connection lost mid-exchange alike ("SASL … authentication failed: …"), and only
// the refusal may leave a consumer dead (consumer-crash.ts; the lost connection is unit-tested
// with the messages the three-broker fault suite met).
import { Kafka, logLevel } from 'kafkajs';
import { testBrokers } from '@ipledger/testing';
import { isKafkaCredentialRefusal, isTransientConsumerError } from './consumer-crash';

describe('the broker refusing credentials, as the consumer and the CLI see it', () => {
  it('is a credential refusal, not a transient error', async () => {
    const impostor = new Kafka({
      clientId: 'wrong-password',
      brokers: testBrokers(),
      logLevel: logLevel.NOTHING,
      sasl: { mechanism: 'scram-sha-512', username: 'ledger', password: 'not-the-password' },
      retry: { retries: 0 },
    });
    const producer = impostor.producer();
    const refusal: unknown = await producer.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    await producer.disconnect().catch(() => undefined);

    expect(refusal).toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
    expect(isKafkaCredentialRefusal(refusal)).toBe(true);
    expect(isTransientConsumerError(refusal)).toBe(false);
  });
});
