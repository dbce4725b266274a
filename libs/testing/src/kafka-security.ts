// The test run's Kafka identities (made by global-setup.ts, in IPLEDGER_KAFKA_SECURITY): the
// harness's own clients are the super user; a service under test gets its own principal and
// signing key; events a test produces "as" a service are signed with that service's key, as the
// service's outbox relay would sign them.
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import type { IHeaders, KafkaConfig } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaAccessPlan, type EventEnvelope, type ServiceName } from '@ipledger/contracts';
import {
  addScramPrincipals,
  adminSasl,
  applyKafkaAcls,
  deploymentKafkaSecurity,
  deploymentPrincipals,
  grantsToPrincipals,
  kafkaSecurityFromEnv,
  saslOf,
  serviceKafkaEnv,
  type KafkaSecurity,
} from '@ipledger/devstack';
import { testEnvironment } from './env';

export function testKafkaSecurity(): KafkaSecurity {
  const security = kafkaSecurityFromEnv();
  if (security === undefined)
    throw new Error(
      'IPLEDGER_KAFKA_SECURITY is not set: run the test in the jest "integration" project (libs/testing/src/global-setup.ts)',
    );
  return security;
}

/** A kafkajs client of the run's super user (topics, reading anything, producing as any service). */
export function testKafka(clientId: string, config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({ clientId, brokers: testEnvironment().brokers, logLevel: logLevel.NOTHING, sasl: adminSasl(), ...config });
}

/** A kafkajs client that authenticates as one service's principal (its ACLs apply). */
export function kafkaAsService(service: ServiceName, clientId = `${service}-as-test`, config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId,
    brokers: testEnvironment().brokers,
    logLevel: logLevel.NOTHING,
    sasl: saslOf(testKafkaSecurity().services[service]),
    ...config,
  });
}

/** The environment a service gets for Kafka: its principal, its signing key, every public key. */
export function testServiceKafkaEnv(service: ServiceName): Record<string, string> {
  return serviceKafkaEnv(service, testKafkaSecurity());
}

const signingKeys = new Map<string, KeyObject>();

/**
 * The headers that sign `value` as `producer`'s outbox relay does (@ipledger/messaging's
 * EventSigner: Ed25519 over the value's bytes; that library uses this one in its tests, so the
 * wire format is repeated here, and messaging.int.spec.ts checks the two agree).
 */
export function signatureHeaders(producer: ServiceName, value: string): IHeaders {
  const { keyId, privateJwk } = testKafkaSecurity().signing[producer];
  let key = signingKeys.get(producer);
  if (key === undefined) {
    const jwk = JSON.parse(privateJwk) as { x: string; d: string };
    key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, format: 'jwk' });
    signingKeys.set(producer, key);
  }
  return { 'ipledger-signature': sign(null, Buffer.from(value, 'utf8'), key).toString('base64url'), 'ipledger-key-id': keyId };
}

/** A Kafka message of an envelope, keyed and signed as its producer publishes it. */
export function signedMessage(
  envelope: Pick<EventEnvelope, 'key' | 'producer'>,
  extraHeaders: IHeaders = {},
): { key: string; value: string; headers: IHeaders } {
  const value = JSON.stringify(envelope);
  return { key: envelope.key, value, headers: { ...extraHeaders, ...signatureHeaders(envelope.producer, value) } };
}

const granted = new Set<string>();

/**
 * Creates every principal's ACLs for a topic prefix (once per prefix, bundle and worker): the
 * run's principals, or those of `security` (a deployment of its own: deploymentSecurity).
 */
export async function grantKafkaAccess(prefix: string, security?: KafkaSecurity): Promise<void> {
  const key = `${prefix}\n${security?.operator.username ?? ''}`;
  if (granted.has(key)) return;
  const plan = kafkaAccessPlan(prefix);
  await applyKafkaAcls(testEnvironment().brokers, security === undefined ? plan : grantsToPrincipals(plan, security));
  granted.add(key);
}

/**
 * The Kafka bundle of a deployment with principals of its own (`<deployment>.<service>`,
 * `<deployment>.operator`, fresh signing keys), the principals created on the run's broker. Give
 * it to createTopicsForPrefix and to the services (IPLEDGER_KAFKA_SECURITY) of that deployment.
 */
export async function deploymentSecurity(deployment: string): Promise<KafkaSecurity> {
  const security = deploymentKafkaSecurity(testKafkaSecurity(), deployment);
  await addScramPrincipals(testEnvironment().brokers, deploymentPrincipals(security), { admin: security.admin });
  return security;
}
