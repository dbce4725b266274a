// Whether a consumer crash is worth a restart, and how long to wait before it. kafkajs restarts a
// crashed consumer by itself only when the error is "retriable" in its own sense, without growing
// backoff; some transient errors of a broker failover are not (KafkaJSGroupCoordinatorNotFound,
// KafkaJSTimeout), and a consumer that crashed on them stayed dead while the process lived on. So:
// - transient (a leader or coordinator moving, a broker unreachable, the network, the database
//   away): restart after a backoff that grows with the crashes in a row (reset once it rejoins);
// - anything else (authentication, authorization, a bug): the consumer is dead, readiness says so
//   with the reason, and an operator looks.

import { isDatabaseUnavailableError } from './unavailable-error';

const TRANSIENT_ERROR_NAMES = new Set([
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSTimeout',
  'KafkaJSBrokerNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSStaleTopicMetadataAssignment',
  'KafkaJSFetcherRebalanceError',
]);

const TRANSIENT_PROTOCOL_ERRORS = new Set([
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'GROUP_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
  'REBALANCE_IN_PROGRESS',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'PREFERRED_LEADER_NOT_AVAILABLE',
  'ELIGIBLE_LEADERS_NOT_AVAILABLE',
]);

/** Never transient, whatever a wrapping error says: the broker refuses this principal. */
const FATAL_PROTOCOL_ERRORS = new Set([
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'SASL_AUTHENTICATION_FAILED',
]);

interface ErrorLike {
  name?: string;
  type?: string;
  retriable?: boolean;
  cause?: unknown;
  message?: string;
}

/** The error and its causes, outermost first. */
function chain(error: unknown): ErrorLike[] {
  const errors: ErrorLike[] = [];
  for (let current = error; current && typeof current === 'object' && errors.length < 10; current = (current as ErrorLike).cause) {
    errors.push(current as ErrorLike);
  }
  return errors;
}

/**
 * kafkajs wraps every failure during the SASL exchange as KafkaJSSASLAuthenticationError ("SASL SCRAM
 * SHA512 authentication failed: <what happened>"), the connection's as much as the broker's refusal.
 * What the broker or the exchange says about the credentials (invalid credentials, a bad nonce or
 * signature, no detail at all) is a refusal that no restart cures; anything else (the connection
 * closed, not connected, timed out: a broker frozen, then back) is the network, and a restart does.
 */
const SASL_REFUSAL = /invalid credentials|authentication failed|invalid username or password|nonce|iterations|signature|mechanism/i;

function isCredentialRefusal(error: ErrorLike): boolean {
  if (error.name !== 'KafkaJSSASLAuthenticationError') return false;
  const detail = /failed: (.*)$/s.exec(error.message ?? '')?.[1];
  return detail === undefined || SASL_REFUSAL.test(detail);
}

/** The brokers refused these credentials (not merely a connection lost during the SASL exchange): anywhere in the error's causes. */
export function isKafkaCredentialRefusal(error: unknown): boolean {
  return chain(error).some(isCredentialRefusal);
}

function isSaslExchangeInterrupted(error: ErrorLike): boolean {
  return error.name === 'KafkaJSSASLAuthenticationError' && !isCredentialRefusal(error);
}

export function isTransientConsumerError(error: unknown): boolean {
  const errors = chain(error);
  if (errors.some((e) => (e.type && FATAL_PROTOCOL_ERRORS.has(e.type)) || isCredentialRefusal(e))) return false;
  if (isDatabaseUnavailableError(error)) return true;
  return (
    errors.some(
      (e) =>
        (e.name !== undefined && TRANSIENT_ERROR_NAMES.has(e.name)) ||
        (e.type !== undefined && TRANSIENT_PROTOCOL_ERRORS.has(e.type)) ||
        isSaslExchangeInterrupted(e),
    ) || errors[errors.length - 1]?.retriable === true
  );
}

/** "name: message" of the error and its innermost cause, for logs and readiness. */
export function describeConsumerError(error: unknown): string {
  const errors = chain(error);
  if (errors.length === 0) return String(error);
  const describe = (e: ErrorLike) => `${e.name ?? 'Error'}${e.type ? ` (${e.type})` : ''}: ${e.message ?? ''}`;
  const outer = describe(errors[0]);
  return errors.length > 1 ? `${outer}; cause ${describe(errors[errors.length - 1])}` : outer;
}

/** The wait before the n-th restart in a row: 1 s doubling to 30 s. */
export function consumerRestartDelayMs(crashesInARow: number): number {
  return Math.min(1_000 * 2 ** Math.max(crashesInARow - 1, 0), 30_000);
}
