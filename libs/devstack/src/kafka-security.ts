// Kafka identities, ACLs and event-signing keys of a local run (npm start, the test run, the fault
// suite). The broker authenticates every client with SASL/SCRAM-SHA-512 and authorises it with
// ACLs: one principal per service, an operator principal for the CLI's operations commands, and a
// super user (`admin`) for devstack and the tests' harness. Each service also signs the events it
// publishes with an Ed25519 key of its own; consumers check the signature with the producer's
// public key (libs/messaging/src/event-signature.ts).
//
// Everything a run needs is one KafkaSecurity value. The process that starts services holds it
// (for npm start in .ipledger/secrets.json, for tests in the environment variable
// IPLEDGER_KAFKA_SECURITY); each service process gets only its own part (serviceKafkaEnv).
//
// Keep imports relative (or node/kafkajs only): the jest global setup loads this library without
// the path aliases, which is also why the ACL plan is computed by the caller from the catalogue
// (@ipledger/contracts kafkaAccessPlan) and handed in as data.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes, type SASLOptions } from 'kafkajs';
import { errorMessage } from './error-message';
import { pollUntil } from './poll';

/** The services with a Kafka principal and a signing key (the gateway does not use Kafka). */
export const KAFKA_SERVICE_PRINCIPALS = [
  'pledge-registration',
  'valuation',
  'lending',
  'ledger',
  'risk-compensation',
  'identity',
  'audit',
  'statistics',
] as const;
export type KafkaServiceName = (typeof KAFKA_SERVICE_PRINCIPALS)[number];

export const KAFKA_SASL_MECHANISM = 'scram-sha-512';
/** The environment variable that carries a whole KafkaSecurity (JSON) to the process that starts services. */
export const KAFKA_SECURITY_ENV = 'IPLEDGER_KAFKA_SECURITY';

export interface KafkaCredentials {
  username: string;
  password: string;
}

/** An Ed25519 event-signing key pair of one service, JWK JSON, each with its key id (`kid`). */
export interface EventSigningKey {
  keyId: string;
  /** JWK JSON with `kid`: the service's own (IPLEDGER_EVENT_SIGNING_KEY). */
  privateJwk: string;
  /** JWK JSON with `kid`: everyone's (IPLEDGER_EVENT_PUBLIC_KEYS). */
  publicJwk: string;
}

export interface KafkaSecurity {
  /** Super user: devstack (topics, ACLs), the tests' harness. Never given to a service. */
  admin: KafkaCredentials;
  /** The CLI's operations commands (dlq, stats rebuild): see kafkaAccessPlan's operator rights. */
  operator: KafkaCredentials;
  /** The broker's own principal on its client listener (inter-broker), a super user. */
  broker: KafkaCredentials;
  /** The controller listener's SASL/PLAIN principal (static, in server.properties), a super user. */
  controller: KafkaCredentials;
  services: Record<KafkaServiceName, KafkaCredentials>;
  signing: Record<KafkaServiceName, EventSigningKey>;
}

function secret(): string {
  return randomBytes(24).toString('base64url');
}

/** A fresh Ed25519 signing key with a key id `<service>-<yyyymmdd>-<random>`. */
export function generateEventSigningKey(service: string, now: Date = new Date()): EventSigningKey {
  const keyId = `${service}-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    keyId,
    privateJwk: JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: keyId }),
    publicJwk: JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid: keyId }),
  };
}

function perService<T>(make: (service: KafkaServiceName) => T): Record<KafkaServiceName, T> {
  return Object.fromEntries(KAFKA_SERVICE_PRINCIPALS.map((service) => [service, make(service)])) as Record<KafkaServiceName, T>;
}

export function generateKafkaSecurity(): KafkaSecurity {
  return {
    admin: { username: 'admin', password: secret() },
    operator: { username: 'operator', password: secret() },
    broker: { username: 'broker', password: secret() },
    controller: { username: 'controller', password: secret() },
    services: perService((service) => ({ username: service, password: secret() })),
    signing: perService((service) => generateEventSigningKey(service)),
  };
}

/**
 * The bundle of another deployment on the same cluster: the cluster's own principals (admin,
 * broker, controller) kept, and fresh service and operator principals named `<deployment>.<service>`
 * and `<deployment>.operator`, with fresh passwords and signing keys. Granted its prefix's plan
 * (grantsToPrincipals), such a deployment can read and write only its own topics. Its principals
 * must exist on the cluster first (addScramPrincipals, or kafka-configs.sh on a real cluster).
 */
export function deploymentKafkaSecurity(
  cluster: Pick<KafkaSecurity, 'admin' | 'broker' | 'controller'>,
  deployment: string,
): KafkaSecurity {
  if (!/^[A-Za-z0-9._-]+$/.test(deployment)) throw new Error(`deployment name "${deployment}": letters, digits, ".", "-" and "_" only`);
  return {
    admin: cluster.admin,
    broker: cluster.broker,
    controller: cluster.controller,
    operator: { username: `${deployment}.operator`, password: secret() },
    services: perService((service) => ({ username: `${deployment}.${service}`, password: secret() })),
    signing: perService((service) => generateEventSigningKey(service)),
  };
}

/** The principals a deployment's bundle adds to a cluster: its services' and its operator's. */
export function deploymentPrincipals(security: KafkaSecurity): KafkaCredentials[] {
  return [security.operator, ...KAFKA_SERVICE_PRINCIPALS.map((service) => security.services[service])];
}

/**
 * The local run's Kafka identities and signing keys: `<dir>/kafka-secrets.json` (mode 0600),
 * created on first use. Beside secrets.json rather than in it: the broker's SCRAM credentials are
 * bootstrapped from it when its storage is formatted, and kafka.ts checks they still match.
 */
export function localKafkaSecurity(dir: string): KafkaSecurity {
  const file = path.join(dir, 'kafka-secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as KafkaSecurity;
  const security = generateKafkaSecurity();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(security, null, 2)}\n`, { mode: 0o600 });
  return security;
}

/** The KafkaSecurity in IPLEDGER_KAFKA_SECURITY, if any. */
export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSecurity | undefined {
  const value = env[KAFKA_SECURITY_ENV];
  if (value === undefined || value === '') return undefined;
  return JSON.parse(value) as KafkaSecurity;
}

/** kafkajs' SASL options for a principal. */
export function saslOf(credentials: KafkaCredentials): SASLOptions {
  return { mechanism: KAFKA_SASL_MECHANISM, username: credentials.username, password: credentials.password };
}

/** The super user's SASL options from IPLEDGER_KAFKA_SECURITY (undefined when unset: a broker without authentication). */
export function adminSasl(env: NodeJS.ProcessEnv = process.env): SASLOptions | undefined {
  const security = kafkaSecurityFromEnv(env);
  return security === undefined ? undefined : saslOf(security.admin);
}

/** Every service's public signing keys, as IPLEDGER_EVENT_PUBLIC_KEYS: {"<service>": [jwk, …]}. */
export function eventPublicKeys(security: KafkaSecurity): string {
  return JSON.stringify(perService((service) => [JSON.parse(security.signing[service].publicJwk) as unknown]));
}

/**
 * The environment one service process gets: its own SCRAM principal and signing key, and every
 * service's public keys. The gateway gets nothing (it does not use Kafka).
 */
export function serviceKafkaEnv(name: string, security: KafkaSecurity): Record<string, string> {
  if (!(KAFKA_SERVICE_PRINCIPALS as readonly string[]).includes(name)) return {};
  const service = name as KafkaServiceName;
  return {
    KAFKA_SASL_MECHANISM: KAFKA_SASL_MECHANISM,
    KAFKA_SASL_USERNAME: security.services[service].username,
    KAFKA_SASL_PASSWORD: security.services[service].password,
    IPLEDGER_EVENT_SIGNING_KEY: security.signing[service].privateJwk,
    IPLEDGER_EVENT_PUBLIC_KEYS: eventPublicKeys(security),
  };
}

/** The environment of the operator's CLI commands (dlq, stats rebuild). */
export function operatorKafkaEnv(security: KafkaSecurity): Record<string, string> {
  return {
    KAFKA_SASL_MECHANISM: KAFKA_SASL_MECHANISM,
    KAFKA_SASL_USERNAME: security.operator.username,
    KAFKA_SASL_PASSWORD: security.operator.password,
  };
}

/** Every SCRAM principal the broker must know (stored in its KRaft metadata log). */
export function scramPrincipals(security: KafkaSecurity): KafkaCredentials[] {
  return [security.admin, security.operator, security.broker, ...KAFKA_SERVICE_PRINCIPALS.map((service) => security.services[service])];
}

/** `kafka-storage format` arguments that bootstrap the SCRAM credentials into the metadata log. */
export function scramFormatArgs(security: KafkaSecurity): string[] {
  return scramPrincipals(security).flatMap((principal) => [
    '--add-scram',
    `SCRAM-SHA-512=[name=${principal.username},password=${principal.password}]`,
  ]);
}

/**
 * The broker's security settings: a SASL_PLAINTEXT client listener with SCRAM-SHA-512 (a deployment
 * uses SASL_SSL: the same with TLS), a controller listener with SASL/PLAIN (KRaft controllers cannot
 * use SCRAM: its credentials live in the metadata they serve), the StandardAuthorizer with no
 * access where no ACL allows it, and the super users.
 */
export function brokerSecurityProperties(security: KafkaSecurity): string[] {
  const quote = (value: string) => `"${value}"`;
  const { broker, controller } = security;
  return [
    'listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_PLAINTEXT',
    'inter.broker.listener.name=CLIENT',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    'sasl.mechanism.controller.protocol=PLAIN',
    'listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512',
    `listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=${quote(broker.username)} password=${quote(broker.password)};`,
    'listener.name.controller.sasl.enabled.mechanisms=PLAIN',
    `listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=${quote(controller.username)} password=${quote(controller.password)} user_${controller.username}=${quote(controller.password)};`,
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=false',
    `super.users=User:${security.admin.username};User:${broker.username};User:${controller.username}`,
  ];
}

// ───────────────────────────── ACLs ─────────────────────────────

/** What one principal may do, by exact (LITERAL) names: computed from the catalogue by the caller. */
export interface KafkaAccess {
  principal: string;
  /** Topics it writes (and describes). */
  write: readonly string[];
  /** Topics it reads (and describes). */
  read: readonly string[];
  /** Consumer groups it joins (READ). */
  groups: readonly string[];
  /** Topics it may create (the operator: the redrive log of older deployments). */
  create?: readonly string[];
  /** Group name prefixes it may use, read and delete (the operator's own readers and rewinds). */
  groupPrefixes?: readonly string[];
  /** Topics whose configuration it may change (the operator: topics repair). */
  alterConfigs?: readonly string[];
}

/** The name of Kafka's one CLUSTER resource in ACLs. */
const CLUSTER_RESOURCE = 'kafka-cluster';

type AclEntry = Parameters<ReturnType<Kafka['admin']>['createAcls']>[0]['acl'][number];

function allow(
  principal: string,
  resourceType: AclResourceTypes,
  resourceName: string,
  operation: AclOperationTypes,
  prefixed = false,
): AclEntry {
  return {
    principal: `User:${principal}`,
    host: '*',
    resourceType,
    resourceName,
    resourcePatternType: prefixed ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/**
 * The ACL entries (all ALLOW) that grant exactly `access`, plus reading the configuration of the
 * topics it uses and the cluster's defaults (DESCRIBE_CONFIGS: the start-up replication check
 * compares replicas and min.insync.replicas with the target; configuration values only, Kafka
 * masks sensitive ones).
 */
export function aclEntries(access: KafkaAccess): AclEntry[] {
  const { principal } = access;
  const used = [...new Set([...access.write, ...access.read])];
  return [
    ...access.write.flatMap((topic) => [
      allow(principal, AclResourceTypes.TOPIC, topic, AclOperationTypes.WRITE),
      allow(principal, AclResourceTypes.TOPIC, topic, AclOperationTypes.DESCRIBE),
    ]),
    ...access.read.flatMap((topic) => [
      allow(principal, AclResourceTypes.TOPIC, topic, AclOperationTypes.READ),
      allow(principal, AclResourceTypes.TOPIC, topic, AclOperationTypes.DESCRIBE),
    ]),
    ...used.map((topic) => allow(principal, AclResourceTypes.TOPIC, topic, AclOperationTypes.DESCRIBE_CONFIGS)),
    allow(principal, AclResourceTypes.CLUSTER, CLUSTER_RESOURCE, AclOperationTypes.DESCRIBE_CONFIGS),
    ...(access.alterConfigs ?? []).map((topic) => allow(principal, AclResourceTypes.TOPIC, topic, AclOperationTypes.ALTER_CONFIGS)),
    ...(access.create ?? []).map((topic) => allow(principal, AclResourceTypes.TOPIC, topic, AclOperationTypes.CREATE)),
    ...access.groups.map((group) => allow(principal, AclResourceTypes.GROUP, group, AclOperationTypes.READ)),
    ...(access.groupPrefixes ?? []).flatMap((prefix) => [
      allow(principal, AclResourceTypes.GROUP, prefix, AclOperationTypes.READ, true),
      allow(principal, AclResourceTypes.GROUP, prefix, AclOperationTypes.DELETE, true),
    ]),
  ];
}

/**
 * The plan (kafkaAccessPlan: principals named after the services and `operator`) with each
 * principal renamed to the user name this deployment's bundle gives it. Two deployments sharing a
 * cluster under different KAFKA_TOPIC_PREFIXes keep apart in rights, not only in names, when their
 * bundles name their principals differently (e.g. `prod.ledger`, `test.ledger`). A principal the
 * bundle does not know is an error: its grant would go to nobody.
 */
export function grantsToPrincipals<T extends { principal: string }>(plan: readonly T[], security: KafkaSecurity): T[] {
  return plan.map((grant) => {
    const service = KAFKA_SERVICE_PRINCIPALS.find((name) => name === grant.principal);
    if (service !== undefined) return { ...grant, principal: security.services[service].username };
    if (grant.principal === 'operator') return { ...grant, principal: security.operator.username };
    throw new Error(`the Kafka access plan names principal "${grant.principal}", which the security bundle does not define`);
  });
}

/** A kafkajs client of the super user (what devstack and the tests' harness use). */
export function adminKafka(brokers: readonly string[], clientId: string, sasl: SASLOptions | undefined = adminSasl()): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    ...(sasl === undefined ? {} : { sasl }),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
  });
}

/**
 * Creates the ACLs that grant `plan` (idempotent: an existing binding is created again as a no-op).
 * On a broker without authentication (no admin credentials) there is nothing to do.
 */
export async function applyKafkaAcls(
  brokers: readonly string[],
  plan: readonly KafkaAccess[],
  sasl: SASLOptions | undefined = adminSasl(),
): Promise<void> {
  if (sasl === undefined) return;
  const acl = plan.flatMap(aclEntries);
  if (acl.length === 0) return;
  const admin = adminKafka(brokers, 'ipledger-devstack-acls', sasl).admin();
  await admin.connect();
  try {
    await admin.createAcls({ acl });
    // The controller has committed them; wait until the broker's authorizer has them too (one
    // metadata batch, so the last one visible means all are), or a client started right after
    // could be refused on a busy machine.
    const last = acl[acl.length - 1] as AclEntry;
    await pollUntil(async () => (await admin.describeAcls({ ...last })).resources.length > 0, {
      timeoutMs: 30_000,
      intervalMs: 50,
      description: 'the broker to apply the new ACLs',
      describeError: errorMessage,
    });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
