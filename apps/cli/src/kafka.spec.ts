import { KafkaJSNonRetriableError, KafkaJSSASLAuthenticationError } from 'kafkajs';
import { reachKafka, type KafkaConnection } from './kafka';

const connection = { brokers: ['kafka-1:9092', 'kafka-2:9092'], prefix: '' } as unknown as KafkaConnection;

/** kafkajs' error classes take (message, options) at run time; their typings declare no parameters. */
function kafkaError(kind: unknown, message: string | Error, options: { cause?: Error } = {}): Error {
  return new (kind as new (e: string | Error, o: object) => Error)(message, options);
}

function failing(error: Error): () => Promise<never> {
  return () => Promise.reject(error);
}

describe('reachKafka: what the operator is told when Kafka fails', () => {
  it('says the credentials were refused only when the brokers refused them', async () => {
    const refused = kafkaError(
      KafkaJSSASLAuthenticationError,
      'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
    );
    await expect(
      reachKafka(connection, failing(kafkaError(KafkaJSNonRetriableError, refused.message, { cause: refused }))),
    ).rejects.toThrow('Kafka at kafka-1:9092,kafka-2:9092 refused the credentials of KAFKA_SASL_USERNAME');
  });

  it('calls a connection lost during the SASL exchange unreachable, not a refusal', async () => {
    const dropped = kafkaError(KafkaJSSASLAuthenticationError, 'SASL SCRAM SHA512 authentication failed: Closed connection');
    await expect(reachKafka(connection, failing(dropped))).rejects.toThrow(
      'cannot reach Kafka at kafka-1:9092,kafka-2:9092: SASL SCRAM SHA512 authentication failed: Closed connection',
    );
  });
});
