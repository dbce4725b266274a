// The configuration of infra/compose.yaml (machines with Docker): the whole system from the image
// of infra/container/Dockerfile, PostgreSQL, and a three-broker Kafka cluster in KRaft mode (every
// node broker and controller, replication 3, min ISR 2) secured exactly like the local broker
// (kafka.ts): SASL/SCRAM-SHA-512 on the client listener, SASL/PLAIN on the controller listener, the
// StandardAuthorizer without access where no ACL allows it, the same super users, and the storage
// formatted with the same SCRAM principals. Those come from the run's KafkaSecurity (kafka-security.ts:
// IPLEDGER_KAFKA_SECURITY, else <data folder>/kafka-secrets.json), the SAME one `npm start` reads; the
// token, ledger and audit keys and the database roles' secret from <data folder>/secrets.json.
//
// `node scripts/compose-config.mjs` writes into <data folder>/compose (a 0700 folder):
//   server-<n>.properties  broker n's configuration (holds the broker's and the controller's passwords)
//   start-kafka.sh         formats the storage on first start (kafka-storage.sh format … --add-scram …,
//                          one cluster id for the three), refuses a volume formatted with other
//                          credentials or none, then starts the broker
//   env/<app>.env          each process's secrets, exactly what `npm start` gives it (services.ts:
//                          its own database role, Kafka principal and signing key, only its own private
//                          keys); env/setup.env the provisioning job's (administrator, every principal);
//                          env/postgres.env the database administrator's password
// compose mounts the Kafka files read-only and runs the script instead of the image's own start-up;
// the env files are its env_file entries. What is not secret is in compose.yaml itself.
//
// Keep imports relative (or node only), like the rest of this library.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { kafkaServerProperties, principalsFingerprint } from './kafka';
import { brokerSecurityProperties, KAFKA_SECURITY_ENV, scramFormatArgs, type KafkaSecurity } from './kafka-security';
import { deriveRolePassword, ROLE_SECRET_VARIABLE } from './database-roles';
import type { LocalSecrets } from './secrets';
import { APP_NAMES, serviceProcessEnvironment, type AppName } from './services';

/** Where things are inside the apache/kafka container (infra/compose.yaml). */
export interface ComposeKafkaLayout {
  /** How many nodes (each broker and controller). Default 3. */
  brokers: number;
  /** Node n's host name on the compose network: `<hostPrefix><n>` (kafka-1 …). */
  hostPrefix: string;
  /** The client listener's port on every node (compose network only). Default 19092. */
  clientPort: number;
  /** The controller listener's port (compose network only). Default 9093. */
  controllerPort: number;
  /** Copies of every topic, and how many must be in sync for a write. Default 3 and 2. */
  replicationFactor: number;
  minInsyncReplicas: number;
  /** The data volume's mount point. Default /var/lib/kafka/data (a VOLUME of the image). */
  dataDir: string;
  /** Where compose mounts the two files. Default /etc/ipledger/kafka. */
  configDir: string;
  /** The image's Kafka tools. Default /opt/kafka/bin. */
  binDir: string;
}

export const COMPOSE_KAFKA_LAYOUT: ComposeKafkaLayout = {
  brokers: 3,
  hostPrefix: 'kafka-',
  clientPort: 19092,
  controllerPort: 9093,
  replicationFactor: 3,
  minInsyncReplicas: 2,
  dataDir: '/var/lib/kafka/data',
  configDir: '/etc/ipledger/kafka',
  binDir: '/opt/kafka/bin',
};

/** Inside each broker's container (compose mounts server-<n>.properties there). */
export const COMPOSE_SERVER_PROPERTIES = 'server.properties';
/** The administrator's connection to compose's PostgreSQL (service `postgres`, database `ipledger`). */
export const COMPOSE_POSTGRES = { host: 'postgres', port: 5432, database: 'ipledger', user: 'postgres' } as const;
export const COMPOSE_START_SCRIPT = 'start-kafka.sh';
/** Beside the KRaft log folder in the volume: which principals the storage was formatted with. */
const FINGERPRINT_FILE = 'ipledger-principals.sha256';
/** The KRaft log folder inside the volume (not the volume's root: the fingerprint sits beside it). */
const LOG_SUBDIR = 'kraft';

function layoutOf(overrides: Partial<ComposeKafkaLayout>): ComposeKafkaLayout {
  return { ...COMPOSE_KAFKA_LAYOUT, ...overrides };
}

/** The generated file with broker `nodeId`'s configuration. */
export function composeServerPropertiesFile(nodeId: number): string {
  return `server-${nodeId}.properties`;
}

/** The client listeners of every node, as the services and the CLI's KAFKA_BROKERS name them. */
export function composeBrokerList(overrides: Partial<ComposeKafkaLayout> = {}): string {
  const layout = layoutOf(overrides);
  return nodeIds(layout)
    .map((id) => `${layout.hostPrefix}${id}:${layout.clientPort}`)
    .join(',');
}

function nodeIds(layout: ComposeKafkaLayout): number[] {
  return Array.from({ length: layout.brokers }, (_, index) => index + 1);
}

/**
 * Broker `nodeId`'s server.properties: kafka.ts's settings on every interface of its container,
 * advertised under its compose host name, every node a voter of the controller quorum.
 */
export function composeServerProperties(security: KafkaSecurity, nodeId: number, overrides: Partial<ComposeKafkaLayout> = {}): string {
  const layout = layoutOf(overrides);
  if (!nodeIds(layout).includes(nodeId)) throw new Error(`compose Kafka: no node ${nodeId} among ${layout.brokers}`);
  return kafkaServerProperties({
    header:
      'Written by `node scripts/compose-config.mjs` (libs/devstack/src/compose-config.ts) for infra/compose.yaml: regenerate, do not edit.',
    quorumVoters: nodeIds(layout)
      .map((id) => `${id}@${layout.hostPrefix}${id}:${layout.controllerPort}`)
      .join(','),
    listenerLines: [
      `listeners=CLIENT://:${layout.clientPort},CONTROLLER://:${layout.controllerPort}`,
      `advertised.listeners=CLIENT://${layout.hostPrefix}${nodeId}:${layout.clientPort}`,
      'controller.listener.names=CONTROLLER',
      ...brokerSecurityProperties(security),
    ],
    logDirs: `${layout.dataDir}/${LOG_SUBDIR}`,
    layout: { nodeId, replicationFactor: layout.replicationFactor, minInsyncReplicas: layout.minInsyncReplicas },
  });
}

/**
 * The cluster id every node formats its storage with (they must share it to form one cluster):
 * 16 bytes of a hash of the principals, base64url as kafka-storage.sh expects; the same for the
 * same kafka-secrets.json, so regenerating the files keeps it.
 */
export function composeClusterId(security: KafkaSecurity): string {
  return createHash('sha256')
    .update(`ipledger.compose-cluster\n${principalsFingerprint(security)}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/** A POSIX shell word: single-quoted. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The container's start-up: format the storage with every SCRAM principal on first start, refuse a
 * volume formatted otherwise (before authentication, or with other credentials), then start the
 * broker. IPLEDGER_KAFKA_BIN, IPLEDGER_KAFKA_DATA and IPLEDGER_KAFKA_CONFIG override the container's
 * paths (to run the same script outside a container, with the same tools).
 */
export function composeStartScript(security: KafkaSecurity, overrides: Partial<ComposeKafkaLayout> = {}): string {
  const layout = layoutOf(overrides);
  const scram = scramFormatArgs(security);
  const formatArgs: string[] = [];
  for (let i = 0; i < scram.length; i += 2) formatArgs.push(`    ${scram[i] ?? ''} ${shellQuote(scram[i + 1] ?? '')}`);
  const reset =
    'docker compose -f infra/compose.yaml down -v, then up -d (this empties PostgreSQL too, whose outbox and read models refer to the old events)';
  return [
    '#!/bin/sh',
    '# Written by `node scripts/compose-config.mjs` (libs/devstack/src/compose-config.ts) for infra/compose.yaml:',
    '# regenerate, do not edit. It holds SCRAM passwords: keep it in its 0700 folder.',
    'set -eu',
    `BIN="\${IPLEDGER_KAFKA_BIN:-${layout.binDir}}"`,
    `DATA="\${IPLEDGER_KAFKA_DATA:-${layout.dataDir}}"`,
    `CONFIG="\${IPLEDGER_KAFKA_CONFIG:-${layout.configDir}/${COMPOSE_SERVER_PROPERTIES}}"`,
    `FINGERPRINT=${principalsFingerprint(security)}`,
    '',
    'if [ -e "$DATA/meta.properties" ]; then',
    `  echo "ipledger: this Kafka volume was formatted without authentication (before the broker required SCRAM principals): ${reset}" >&2`,
    '  exit 1',
    'fi',
    `if [ ! -e "$DATA/${LOG_SUBDIR}/meta.properties" ]; then`,
    '  echo "ipledger: formatting the Kafka storage with the SCRAM principals of kafka-secrets.json"',
    `  "$BIN/kafka-storage.sh" format -t ${composeClusterId(security)} -c "$CONFIG" \\`,
    `${formatArgs.join(' \\\n')}`,
    `  echo "$FINGERPRINT" > "$DATA/${FINGERPRINT_FILE}"`,
    `elif [ "$(cat "$DATA/${FINGERPRINT_FILE}" 2>/dev/null || true)" != "$FINGERPRINT" ]; then`,
    `  echo "ipledger: this Kafka volume was formatted with other Kafka credentials than kafka-secrets.json now holds: ${reset}" >&2`,
    '  exit 1',
    'fi',
    'exec "$BIN/kafka-server-start.sh" "$CONFIG"',
    '',
  ].join('\n');
}

// ───────────────────────────── the processes' secrets ─────────────────────────────

/** The secrets of a compose deployment: npm start's own (kafka-secrets.json, secrets.json). */
export interface ComposeSecrets {
  security: KafkaSecurity;
  local: LocalSecrets;
  /** Set: identity creates the demo accounts with this password (as under npm start). */
  demoPassword?: string;
}

/** The administrator's password of compose's PostgreSQL: derived from the database roles' secret. */
export function composePostgresPassword(secrets: ComposeSecrets): string {
  return deriveRolePassword(secrets.local.databaseRoleSecret, COMPOSE_POSTGRES.user);
}

function adminUrl(secrets: ComposeSecrets): string {
  const { host, port, database, user } = COMPOSE_POSTGRES;
  return `postgresql://${user}:${encodeURIComponent(composePostgresPassword(secrets))}@${host}:${port}/${database}`;
}

/** What `npm start` hands to startAllServices, for this deployment (scripts/start.mjs). */
function deploymentEnvironment(secrets: ComposeSecrets): Record<string, string | undefined> {
  const { local } = secrets;
  return {
    DATABASE_URL: adminUrl(secrets),
    [ROLE_SECRET_VARIABLE]: local.databaseRoleSecret,
    [KAFKA_SECURITY_ENV]: JSON.stringify(secrets.security),
    IPLEDGER_JWT_PUBLIC_KEY: local.publicJwk,
    IPLEDGER_JWT_PRIVATE_KEY: local.privateJwk,
    IPLEDGER_LEDGER_PUBLIC_KEY: local.ledgerPublicJwk,
    IPLEDGER_LEDGER_SIGNING_KEY: local.ledgerPrivateJwk,
    IPLEDGER_AUDIT_PUBLIC_KEY: local.auditPublicJwk,
    IPLEDGER_AUDIT_SIGNING_KEY: local.auditPrivateJwk,
    IPLEDGER_DEMO_PASSWORD: secrets.demoPassword,
  };
}

function defined(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** One process's env file: the same environment devstack gives it under npm start (serviceProcessEnvironment). */
export function composeServiceEnv(name: AppName, secrets: ComposeSecrets): Record<string, string> {
  return defined(serviceProcessEnvironment(name, deploymentEnvironment(secrets), {}));
}

/**
 * The provisioning job's (scripts/provision.mjs): the administrator's database URL, the roles'
 * secret and every Kafka principal; it migrates, creates the roles, the topics and the ACLs.
 */
export function composeSetupEnv(secrets: ComposeSecrets): Record<string, string> {
  const env = deploymentEnvironment(secrets);
  return defined({
    DATABASE_URL: env['DATABASE_URL'],
    [ROLE_SECRET_VARIABLE]: env[ROLE_SECRET_VARIABLE],
    [KAFKA_SECURITY_ENV]: env[KAFKA_SECURITY_ENV],
  });
}

/** The postgres image's administrator. */
export function composePostgresEnv(secrets: ComposeSecrets): Record<string, string> {
  return {
    POSTGRES_USER: COMPOSE_POSTGRES.user,
    POSTGRES_PASSWORD: composePostgresPassword(secrets),
    POSTGRES_DB: COMPOSE_POSTGRES.database,
  };
}

/**
 * An env file compose reads literally: every value single-quoted (no interpolation; JSON keeps its
 * quotes). A value that cannot be written so is refused rather than mangled.
 */
export function envFileText(env: Record<string, string>): string {
  const lines = Object.entries(env).map(([name, value]) => {
    if (/['\n\r]/.test(value)) throw new Error(`compose env file: ${name} holds a quote or a line break`);
    return `${name}='${value}'`;
  });
  return `# Written by \`node scripts/compose-config.mjs\` (libs/devstack/src/compose-config.ts): regenerate, do not edit. Secrets.\n${lines.join('\n')}\n`;
}

export interface ComposeConfigFiles {
  dir: string;
  serverProperties: string[];
  startScript: string;
  envFiles: string[];
}

/**
 * Writes into `dir` every file infra/compose.yaml mounts or reads. The folder (and env/) is 0700:
 * the files hold passwords; they themselves are world-readable so the containers' own users (not
 * necessarily this one) can read the bind-mounted copies.
 */
export function writeComposeConfig(dir: string, secrets: ComposeSecrets, overrides: Partial<ComposeKafkaLayout> = {}): ComposeConfigFiles {
  const layout = layoutOf(overrides);
  const envDir = path.join(dir, 'env');
  for (const folder of [dir, envDir]) {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    fs.chmodSync(folder, 0o700);
  }
  const write = (file: string, text: string, mode: number): string => {
    fs.writeFileSync(file, text, { mode });
    fs.chmodSync(file, mode);
    return file;
  };
  const serverProperties = nodeIds(layout).map((id) =>
    write(path.join(dir, composeServerPropertiesFile(id)), composeServerProperties(secrets.security, id, overrides), 0o644),
  );
  const startScript = write(path.join(dir, COMPOSE_START_SCRIPT), composeStartScript(secrets.security, overrides), 0o755);
  const envFiles = [
    ...APP_NAMES.map((name) => write(path.join(envDir, `${name}.env`), envFileText(composeServiceEnv(name, secrets)), 0o644)),
    write(path.join(envDir, 'setup.env'), envFileText(composeSetupEnv(secrets)), 0o644),
    write(path.join(envDir, 'postgres.env'), envFileText(composePostgresEnv(secrets)), 0o644),
  ];
  return { dir, serverProperties, startScript, envFiles };
}
