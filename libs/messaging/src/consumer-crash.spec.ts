// Which consumer crashes a restart cures (a broker failover's errors), and the restart backoff.
import {
  KafkaJSError,
  KafkaJSGroupCoordinatorNotFound,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { consumerRestartDelayMs, describeConsumerError, isTransientConsumerError } from './consumer-crash';

/** kafkajs' error classes take (message or error, { cause, retriable }) though its types declare no arguments. */
function kafkaError(
  kind: unknown,
  message: string | Error,
  options: { cause?: Error; retriable?: boolean; retryCount?: number } = {},
): Error {
  return new (kind as new (e: string | Error, o: object) => Error)(message, options);
}

function protocolError(type: string, retriable: boolean): Error {
  return kafkaError(KafkaJSProtocolError, { message: 'broker said no', type, retriable } as unknown as Error);
}

describe('isTransientConsumerError', () => {
  it.each([
    'LEADER_NOT_AVAILABLE',
    'NOT_LEADER_FOR_PARTITION',
    'NOT_COORDINATOR_FOR_GROUP',
    'GROUP_COORDINATOR_NOT_AVAILABLE',
    'GROUP_LOAD_IN_PROGRESS',
    'REQUEST_TIMED_OUT',
    'NETWORK_EXCEPTION',
  ])('restarts after %s, also when wrapped in an error kafkajs calls non-retriable', (type) => {
    expect(isTransientConsumerError(protocolError(type, true))).toBe(true);
    expect(isTransientConsumerError(kafkaError(KafkaJSNonRetriableError, 'gave up', { cause: protocolError(type, false) }))).toBe(true);
  });

  it('restarts after a coordinator not found and after retries exhausted, which kafkajs does not restart from by itself', () => {
    expect(isTransientConsumerError(kafkaError(KafkaJSGroupCoordinatorNotFound, 'no coordinator'))).toBe(true);
    expect(
      isTransientConsumerError(
        kafkaError(KafkaJSNumberOfRetriesExceeded, kafkaError(KafkaJSError, 'Connection timeout'), { retryCount: 10 }),
      ),
    ).toBe(true);
    const connection = Object.assign(new Error('Connection error: ECONNREFUSED'), { name: 'KafkaJSConnectionError' });
    expect(isTransientConsumerError(connection)).toBe(true);
  });

  it('restarts after the SASL exchange was cut off (a broker frozen, then back), which kafkajs reports as an authentication failure', () => {
    // As seen in the three-broker fault suite: the consumer's crash after a broker's SIGSTOP/SIGCONT.
    const interrupted = kafkaError(KafkaJSSASLAuthenticationError, 'SASL SCRAM SHA512 authentication failed: Closed connection');
    expect(isTransientConsumerError(kafkaError(KafkaJSNonRetriableError, interrupted.message, { cause: interrupted }))).toBe(true);
    expect(
      isTransientConsumerError(kafkaError(KafkaJSSASLAuthenticationError, 'SASL SCRAM SHA512 authentication failed: Connection timeout')),
    ).toBe(true);
    expect(
      isTransientConsumerError(kafkaError(KafkaJSSASLAuthenticationError, 'SASL SCRAM SHA512 authentication failed: Not connected')),
    ).toBe(true);
    expect(
      isTransientConsumerError(
        kafkaError(
          KafkaJSSASLAuthenticationError,
          'SASL SCRAM SHA512 authentication failed: Request SaslAuthenticate(key: 36, version: 1) timed out',
        ),
      ),
    ).toBe(true);
    expect(
      isTransientConsumerError(
        kafkaError(KafkaJSSASLAuthenticationError, 'SASL SCRAM SHA512 authentication failed: Connection error: read ECONNRESET'),
      ),
    ).toBe(true);
  });

  it('leaves the consumer dead after an authentication or authorization refusal, or a plain bug', () => {
    expect(isTransientConsumerError(kafkaError(KafkaJSSASLAuthenticationError, 'SASL SCRAM SHA512 authentication failed'))).toBe(false);
    const refused = kafkaError(
      KafkaJSSASLAuthenticationError,
      'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
    );
    expect(isTransientConsumerError(kafkaError(KafkaJSNonRetriableError, refused.message, { cause: refused }))).toBe(false);
    expect(
      isTransientConsumerError(
        kafkaError(
          KafkaJSSASLAuthenticationError,
          'SASL SCRAM SHA512 authentication failed: Invalid server nonce, it does not start with the client nonce',
        ),
      ),
    ).toBe(false);
    expect(
      isTransientConsumerError(
        kafkaError(KafkaJSSASLAuthenticationError, 'SASL SCRAM SHA512 authentication failed: SASL Authentication failed'),
      ),
    ).toBe(false);
    expect(isTransientConsumerError(kafkaError(KafkaJSSASLAuthenticationError, 'SASL SCRAM SHA512: Invalid username or password'))).toBe(
      false,
    );
    expect(isTransientConsumerError(protocolError('TOPIC_AUTHORIZATION_FAILED', false))).toBe(false);
    expect(
      isTransientConsumerError(
        kafkaError(KafkaJSNumberOfRetriesExceeded, protocolError('GROUP_AUTHORIZATION_FAILED', false), { retryCount: 1 }),
      ),
    ).toBe(false);
    expect(isTransientConsumerError(new TypeError("Cannot read properties of undefined (reading 'payload')"))).toBe(false);
  });
});

describe('describeConsumerError', () => {
  it('names the error and its innermost cause', () => {
    const error = kafkaError(KafkaJSNonRetriableError, 'gave up', { cause: protocolError('NOT_COORDINATOR_FOR_GROUP', true) });
    expect(describeConsumerError(error)).toBe(
      'KafkaJSNonRetriableError: gave up; cause KafkaJSProtocolError (NOT_COORDINATOR_FOR_GROUP): broker said no',
    );
  });
});

describe('consumerRestartDelayMs', () => {
  it('waits 1 s after the first crash, doubling to at most 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(consumerRestartDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });
});
