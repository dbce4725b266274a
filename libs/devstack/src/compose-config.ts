// The Kafka broker of infra/compose.yaml (machines with Docker), secured exactly like the local one
// (kafka.ts): SASL/SCRAM-SHA-512 on its client listener, SASL/PLAIN on its controller listener, the
// StandardAuthorizer without access where no ACL allows it, the same super users, and its storage
// formatted with the same SCRAM principals. Those come from the run's KafkaSecurity (kafka-security.ts:
// IPLEDGER_KAFKA_SECURITY, else <data folder>/kafka-secrets.json), the SAME one `npm start` reads, so
// the broker knows the principals npm start then connects as (admin) and hands to the services.
//
// `node scripts/compose-config.mjs` writes into <data folder>/compose (a 0700 folder):
//   server.properties  the broker's configuration (holds the broker's and the controller's passwords)
//   start-kafka.sh     formats the storage on first start (kafka-storage.sh format … --add-scram …),
//                      refuses a volume formatted with other credentials or none, then starts the broker
// compose mounts both read-only and runs the script instead of the image's own start-up.
//
// Keep imports relative (or node only), like the rest of this library.
import fs from 'node:fs';
import path from 'node:path';
import { kafkaServerProperties, principalsFingerprint } from './kafka';
import { brokerSecurityProperties, scramFormatArgs, type KafkaSecurity } from './kafka-security';

/** Where things are inside the apache/kafka container (infra/compose.yaml). */
export interface ComposeKafkaLayout {
  /** The client listener's port, inside the container and published on the host. Default 19092. */
  clientPort: number;
  /** The controller listener's port (inside the container only). Default 9093. */
  controllerPort: number;
  /** Host name clients use (advertised). Default 127.0.0.1 (compose publishes the port on it). */
  advertisedHost: string;
  /** The data volume's mount point. Default /var/lib/kafka/data (a VOLUME of the image). */
  dataDir: string;
  /** Where compose mounts the two files. Default /etc/ipledger/kafka. */
  configDir: string;
  /** The image's Kafka tools. Default /opt/kafka/bin. */
  binDir: string;
}

export const COMPOSE_KAFKA_LAYOUT: ComposeKafkaLayout = {
  clientPort: 19092,
  controllerPort: 9093,
  advertisedHost: '127.0.0.1',
  dataDir: '/var/lib/kafka/data',
  configDir: '/etc/ipledger/kafka',
  binDir: '/opt/kafka/bin',
};

export const COMPOSE_SERVER_PROPERTIES = 'server.properties';
export const COMPOSE_START_SCRIPT = 'start-kafka.sh';
/** Beside the KRaft log folder in the volume: which principals the storage was formatted with. */
const FINGERPRINT_FILE = 'ipledger-principals.sha256';
/** The KRaft log folder inside the volume (not the volume's root: the fingerprint sits beside it). */
const LOG_SUBDIR = 'kraft';

function layoutOf(overrides: Partial<ComposeKafkaLayout>): ComposeKafkaLayout {
  return { ...COMPOSE_KAFKA_LAYOUT, ...overrides };
}

/** The compose broker's server.properties: kafka.ts's settings, listening on every interface of the container. */
export function composeServerProperties(security: KafkaSecurity, overrides: Partial<ComposeKafkaLayout> = {}): string {
  const layout = layoutOf(overrides);
  return kafkaServerProperties({
    header: 'Written by `node scripts/compose-config.mjs` (libs/devstack/src/compose-config.ts) for infra/compose.yaml: regenerate, do not edit.',
    quorumVoters: `1@localhost:${layout.controllerPort}`,
    listenerLines: [
      `listeners=CLIENT://:${layout.clientPort},CONTROLLER://:${layout.controllerPort}`,
      `advertised.listeners=CLIENT://${layout.advertisedHost}:${layout.clientPort}`,
      'controller.listener.names=CONTROLLER',
      ...brokerSecurityProperties(security),
    ],
    logDirs: `${layout.dataDir}/${LOG_SUBDIR}`,
  });
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
  const reset = 'docker compose -f infra/compose.yaml down -v, then up -d (this empties PostgreSQL too, whose outbox and read models refer to the old events)';
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
    '  "$BIN/kafka-storage.sh" format -t "$("$BIN/kafka-storage.sh" random-uuid)" -c "$CONFIG" \\',
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

export interface ComposeConfigFiles {
  dir: string;
  serverProperties: string;
  startScript: string;
}

/**
 * Writes `<dir>/server.properties` and `<dir>/start-kafka.sh` for `security`. The folder is 0700 (the
 * files hold passwords); the files themselves are world-readable so the container's own user (not
 * necessarily this one) can read the bind-mounted copies.
 */
export function writeComposeConfig(dir: string, security: KafkaSecurity, overrides: Partial<ComposeKafkaLayout> = {}): ComposeConfigFiles {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const serverProperties = path.join(dir, COMPOSE_SERVER_PROPERTIES);
  const startScript = path.join(dir, COMPOSE_START_SCRIPT);
  fs.writeFileSync(serverProperties, composeServerProperties(security, overrides), { mode: 0o644 });
  fs.chmodSync(serverProperties, 0o644);
  fs.writeFileSync(startScript, composeStartScript(security, overrides), { mode: 0o755 });
  fs.chmodSync(startScript, 0o755);
  return { dir, serverProperties, startScript };
}
