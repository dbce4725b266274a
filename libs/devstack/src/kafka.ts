// A real single-node Kafka broker (KRaft, broker and controller in one JVM) from Apache Kafka's
// Maven jars (infra/kafka/pom.xml, fetched into .ipledger/kafka-jars by scripts/bootstrap.mjs),
// or existing brokers given by KAFKA_BROKERS.
//
// Layout of `dataDir`: server.properties (rewritten at every start), data/ (log.dirs, formatted on
// first use), server.log (log4j2, infra/kafka/log4j2.properties), broker.out (JVM stdout/stderr).
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel, type Admin, type SASLOptions } from 'kafkajs';
import { errorMessage } from './error-message';
import { adminSasl, brokerSecurityProperties, kafkaSecurityFromEnv, saslOf, scramPrincipals, type KafkaSecurity } from './kafka-security';
import { assertJars, formatKafkaStorage, randomClusterId, spawnKafkaJvm } from './kafka-jvm';
import { assertPortFree } from './ports';
import { describeExit, type ManagedProcess } from './processes';
import { defaultKafkaJarsDir, tailFile } from './paths';
import { pollUntil } from './poll';

export interface StartKafkaOptions {
  /** Folder owned by this broker (created when missing). */
  dataDir: string;
  /** Client listener on 127.0.0.1. */
  port: number;
  /** KRaft controller listener on 127.0.0.1. */
  controllerPort: number;
  /** Default: .ipledger/kafka-jars at the repository root. */
  jarsDir?: string;
  /**
   * Existing brokers ("host:port,host:port") to use instead of starting one.
   * Default: process.env.KAFKA_BROKERS. Pass null to always start the local broker.
   */
  externalBrokers?: string | null;
  /** JVM heap maximum in MiB. Default 512. */
  heapMb?: number;
  /** Default 90 s (the JVM's start on a busy 2-core machine). */
  startTimeoutMs?: number;
  /**
   * The principals (SCRAM, bootstrapped into the metadata log when the storage is formatted) and
   * the broker's own credentials: the broker then requires authentication and ACLs
   * (kafka-security.ts). Without it the local broker is open (PLAINTEXT), as before.
   */
  security?: KafkaSecurity;
}

export interface KafkaHandle {
  brokers: string[];
  /** True when KAFKA_BROKERS (or externalBrokers) was used and nothing was started. */
  external: boolean;
  process?: ManagedProcess;
  /** The broker's log4j2 log. */
  logFile?: string;
  /** SIGTERM (controlled shutdown), SIGKILL after 20 s. Does nothing for external brokers. Idempotent. */
  stop(): Promise<void>;
}

export interface TopicToCreate {
  name: string;
  partitions: number;
}

/**
 * How many copies a new topic gets. Undefined fields: the broker's own default
 * (default.replication.factor, min.insync.replicas). @ipledger/messaging's replicationTarget
 * decides them from KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS and the cluster.
 */
export interface TopicReplication {
  replicationFactor?: number;
  minInsyncReplicas?: number;
}

/** "a:1, b:2" → ["a:1", "b:2"]. */
export function parseBrokers(value: string): string[] {
  return value
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
}

function kafkaClient(brokers: readonly string[], clientId: string, sasl: SASLOptions | undefined = adminSasl()): Kafka {
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

async function withAdmin<T>(brokers: readonly string[], use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafkaClient(brokers, 'ipledger-devstack').admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** One attempt of waitForKafka: 'up', or the refusal of our credentials (waiting longer will not help). */
async function probeKafka(brokers: readonly string[], sasl: SASLOptions | undefined): Promise<'up' | { refused: string }> {
  const admin = new Kafka({
    clientId: 'ipledger-devstack-probe',
    brokers: [...brokers],
    ...(sasl === undefined ? {} : { sasl }),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return 'up';
  } catch (error) {
    if (error instanceof Error && error.name === 'KafkaJSSASLAuthenticationError') return { refused: error.message };
    throw error;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Waits until an admin client can list topics; fails at once when the brokers refuse the credentials. */
export async function waitForKafka(
  brokers: readonly string[],
  options: { timeoutMs?: number; isDead?: () => string | undefined; sasl?: SASLOptions } = {},
): Promise<void> {
  const sasl = options.sasl ?? adminSasl();
  const outcome = await pollUntil(() => probeKafka(brokers, sasl), {
    timeoutMs: options.timeoutMs ?? 60_000,
    intervalMs: 250,
    description: `Kafka at ${brokers.join(',')} to list its topics`,
    stopWhen: options.isDead,
    describeError: errorMessage,
  });
  if (outcome !== 'up') throw new Error(`Kafka at ${brokers.join(',')} refused our credentials: ${outcome.refused}`);
}

/** How often topic creation is tried, and the wait before the next try (times the attempt). */
const TOPIC_CREATION_ATTEMPTS = 5;
const TOPIC_CREATION_RETRY_MS = 500;

/**
 * Creates the topics that do not exist yet (retention.ms=-1: kept forever; replicas and
 * min.insync.replicas as `replication` says, else the broker's defaults) and waits for their
 * leaders. Existing topics are left as they are, whatever their partition count or replicas: the
 * replication check (ipledger topics check) reports those.
 */
export async function createTopics(
  brokers: readonly string[],
  topics: readonly TopicToCreate[],
  replication: TopicReplication = {},
): Promise<void> {
  if (topics.length === 0) return;
  await withAdmin(brokers, async (admin) => {
    for (let attempt = 1; ; attempt += 1) {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic.name));
      if (missing.length === 0) return;
      try {
        await admin.createTopics({
          waitForLeaders: true,
          // Topic-level retention too, so a broker whose default expires messages still keeps every event.
          topics: missing.map((topic) => ({
            topic: topic.name,
            numPartitions: topic.partitions,
            // Omitted (-1 on the wire): the broker's default.replication.factor.
            ...(replication.replicationFactor === undefined ? {} : { replicationFactor: replication.replicationFactor }),
            configEntries: [
              { name: 'retention.ms', value: '-1' },
              ...(replication.minInsyncReplicas === undefined
                ? []
                : [{ name: 'min.insync.replicas', value: String(replication.minInsyncReplicas) }]),
            ],
          })),
        });
        return;
      } catch (error) {
        // Created concurrently by someone else, or created while the metadata that waits for their
        // leaders was not there yet ("does not host this topic-partition", seen with several test
        // files creating topics at once): look again after a short wait, a few times.
        if (attempt >= TOPIC_CREATION_ATTEMPTS) {
          const now = new Set(await admin.listTopics());
          const stillMissing = missing.filter((topic) => !now.has(topic.name)).map((topic) => topic.name);
          if (stillMissing.length === 0) return;
          throw new Error(`could not create Kafka topics ${stillMissing.join(', ')}: ${errorMessage(error)}`);
        }
        await delay(TOPIC_CREATION_RETRY_MS * attempt);
      }
    }
  });
}

/** Deletes the topics that exist among `names`. */
export async function deleteTopics(brokers: readonly string[], names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await withAdmin(brokers, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const present = names.filter((name) => existing.has(name));
    if (present.length > 0) await admin.deleteTopics({ topics: present });
  });
}

/**
 * Makes the broker create its consumer-offsets topic now (it does so on the first group
 * coordinator look-up), so the first consumer group of a test does not pay for it. On a busy
 * machine the coordinator may still be loading ("not the correct coordinator", "coordinator is
 * loading") after the client's own retries: asks again until `timeoutMs`.
 */
export async function warmUpGroupCoordinator(brokers: readonly string[], timeoutMs = 60_000): Promise<void> {
  await pollUntil(
    () =>
      withAdmin(brokers, async (admin) => {
        await admin.describeGroups(['ipledger-devstack-warm-up']);
        return true;
      }),
    { timeoutMs, intervalMs: 500, description: `the group coordinator of Kafka at ${brokers.join(',')}`, describeError: errorMessage },
  );
}

function listenerProperties(port: number, controllerPort: number, security: KafkaSecurity | undefined): string[] {
  if (security === undefined) {
    return [
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
    ];
  }
  return [
    `listeners=CLIENT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=CLIENT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    ...brokerSecurityProperties(security),
  ];
}

/** Which role a node plays and how many copies the cluster keeps (kafkaServerProperties). */
export interface KafkaNodeLayout {
  /** Default 'broker,controller' (one node is the whole cluster). */
  roles?: 'broker,controller' | 'broker' | 'controller';
  /** Default 1. */
  nodeId?: number;
  /**
   * Copies of every topic (default.replication.factor, and the internal topics') and the minimum
   * in sync (min.insync.replicas, transaction.state.log.min.isr). Default 1 and 1: one node.
   */
  replicationFactor?: number;
  minInsyncReplicas?: number;
}

/**
 * A KRaft node's server.properties: by default a single node (broker and controller in one process,
 * replication 1); 3 partitions by default, no topic auto-creation, unlimited retention, no initial
 * rebalance delay, never an unclean leader election. `listenerLines` are the listeners and their
 * security (listenerProperties here, kafka-cluster.ts for the fault suite's brokers and controller,
 * and compose-config.ts for the broker of infra/compose.yaml: the same settings in a container).
 */
export function kafkaServerProperties(options: {
  header: string;
  quorumVoters: string;
  listenerLines: readonly string[];
  logDirs: string;
  layout?: KafkaNodeLayout;
}): string {
  const layout = options.layout ?? {};
  const replicas = layout.replicationFactor ?? 1;
  const minInsync = layout.minInsyncReplicas ?? 1;
  return [
    `# ${options.header}`,
    `process.roles=${layout.roles ?? 'broker,controller'}`,
    `node.id=${layout.nodeId ?? 1}`,
    `controller.quorum.voters=${options.quorumVoters}`,
    ...options.listenerLines,
    `log.dirs=${options.logDirs}`,
    'num.partitions=3',
    `default.replication.factor=${replicas}`,
    `min.insync.replicas=${minInsync}`,
    'unclean.leader.election.enable=false',
    'auto.create.topics.enable=false',
    'delete.topic.enable=true',
    '# Event topics are the system of record: keep everything.',
    'log.retention.ms=-1',
    'log.retention.bytes=-1',
    `offsets.topic.replication.factor=${replicas}`,
    'offsets.topic.num.partitions=10',
    'offsets.retention.minutes=525600',
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${minInsync}`,
    'transaction.state.log.num.partitions=4',
    `share.coordinator.state.topic.replication.factor=${replicas}`,
    `share.coordinator.state.topic.min.isr=${minInsync}`,
    'group.initial.rebalance.delay.ms=0',
    'num.network.threads=2',
    'num.io.threads=4',
    'num.recovery.threads.per.data.dir=1',
    'log.cleaner.dedupe.buffer.size=16777216',
    '',
  ].join('\n');
}

function serverProperties(options: { port: number; controllerPort: number; logDirs: string; security: KafkaSecurity | undefined }): string {
  return kafkaServerProperties({
    header: 'Written by libs/devstack/src/kafka.ts at every start: edit that file, not this one.',
    quorumVoters: `1@127.0.0.1:${options.controllerPort}`,
    listenerLines: listenerProperties(options.port, options.controllerPort, options.security),
    logDirs: options.logDirs,
  });
}

/** Which SCRAM principals (names and passwords, hashed) the storage was formatted with. */
export function principalsFingerprint(security: KafkaSecurity): string {
  const hash = createHash('sha256');
  for (const principal of scramPrincipals(security)) hash.update(`${principal.username}\n${principal.password}\n`);
  return hash.digest('hex');
}

/**
 * SCRAM credentials live in the broker's metadata log, bootstrapped when the storage is formatted:
 * data formatted without them (before authentication existed here) or with other passwords (the
 * secrets file was replaced) cannot authenticate anyone. Say so instead of failing obscurely.
 */
function assertSamePrincipals(dataDir: string, principalsFile: string, security: KafkaSecurity | undefined): void {
  const stored = fs.existsSync(principalsFile) ? fs.readFileSync(principalsFile, 'utf8').trim() : undefined;
  if (security === undefined && stored === undefined) return;
  if (security !== undefined && stored === principalsFingerprint(security)) return;
  const why =
    stored === undefined
      ? 'was formatted without authentication (before the broker required SCRAM principals)'
      : security === undefined
        ? 'requires authentication but no credentials were given'
        : 'was formatted with other Kafka credentials than the secrets file now holds';
  throw new Error(
    `the local Kafka data in ${dataDir} ${why}. Stop, delete that folder (and the PostgreSQL data beside it, whose ` +
      'outbox and read models refer to its events) and start again; a real cluster rotates credentials instead (docs/operations.md).',
  );
}

/**
 * Existing brokers (KAFKA_BROKERS): reached as the run's `admin` super user when `security` is given
 * (else as IPLEDGER_KAFKA_SECURITY's, else without authentication). A refusal says where the
 * credentials come from and how the brokers of infra/compose.yaml get the same ones.
 */
async function waitForExternalKafka(brokers: readonly string[], security: KafkaSecurity | undefined, timeoutMs: number): Promise<void> {
  const admin = (security ?? kafkaSecurityFromEnv())?.admin;
  const sasl = admin === undefined ? undefined : saslOf(admin);
  const where = `Kafka at ${brokers.join(',')} (KAFKA_BROKERS)`;
  const principal = admin === undefined ? 'no credentials' : `the principal "${admin.username}" (SASL/SCRAM-SHA-512)`;
  const hint =
    "It must know this run's SCRAM credentials: IPLEDGER_KAFKA_SECURITY when set, otherwise kafka-secrets.json in the data folder " +
    "(IPLEDGER_HOME, default .ipledger). For infra/compose.yaml: `node scripts/compose-config.mjs` writes the broker's configuration from " +
    'that same file, and a broker formatted with other credentials (or none) needs its volumes recreated: ' +
    '`docker compose -f infra/compose.yaml down -v`, then `up -d` (see infra/README.md).';
  try {
    await waitForKafka(brokers, { timeoutMs, sasl });
  } catch (error) {
    const text = errorMessage(error);
    if (/refused our credentials/.test(text))
      throw new Error(`${where} refused ${principal}: ${text.replace(/^.*refused our credentials: /, '')}. ${hint}`);
    throw new Error(`${where}, connecting with ${principal}: ${text}. ${hint}`);
  }
}

/**
 * Starts a single-node KRaft broker on 127.0.0.1 (data kept in `dataDir` across starts), or uses
 * KAFKA_BROKERS when set. Resolves when an admin client can list topics.
 */
export async function startKafka(options: StartKafkaOptions): Promise<KafkaHandle> {
  const external = options.externalBrokers === undefined ? process.env['KAFKA_BROKERS'] : options.externalBrokers;
  if (external !== undefined && external !== null && external.trim() !== '') {
    const brokers = parseBrokers(external);
    await waitForExternalKafka(brokers, options.security, options.startTimeoutMs ?? 15_000);
    return { brokers, external: true, stop: async () => undefined };
  }

  const dataDir = path.resolve(options.dataDir);
  const jarsDir = path.resolve(options.jarsDir ?? defaultKafkaJarsDir());
  const logDirs = path.join(dataDir, 'data');
  const propertiesFile = path.join(dataDir, 'server.properties');
  const logFile = path.join(dataDir, 'server.log');
  const outFile = path.join(dataDir, 'broker.out');
  assertJars(jarsDir);
  await assertPortFree(options.port, 'local Kafka broker', `data folder ${dataDir}`);
  await assertPortFree(options.controllerPort, 'local Kafka controller', `data folder ${dataDir}`);

  fs.mkdirSync(dataDir, { recursive: true });
  const { security } = options;
  fs.writeFileSync(propertiesFile, serverProperties({ port: options.port, controllerPort: options.controllerPort, logDirs, security }), {
    mode: 0o600, // it holds the broker's and the controller's passwords
  });
  const principalsFile = path.join(dataDir, 'principals.sha256');
  if (!fs.existsSync(path.join(logDirs, 'meta.properties'))) {
    await formatKafkaStorage({ jarsDir, propertiesFile, logDir: dataDir, clusterId: randomClusterId(), security });
    if (security !== undefined) fs.writeFileSync(principalsFile, `${principalsFingerprint(security)}\n`);
  } else {
    assertSamePrincipals(dataDir, principalsFile, security);
  }

  fs.writeFileSync(outFile, `--- ${new Date().toISOString()} starting on port ${options.port}\n`, { flag: 'a' });
  const child = await spawnKafkaJvm({ name: 'kafka', jarsDir, propertiesFile, logDir: dataDir, outFile, heapMb: options.heapMb ?? 512 });
  const brokers = [`127.0.0.1:${options.port}`];

  try {
    await waitForKafka(brokers, {
      sasl: security === undefined ? undefined : saslOf(security.admin),
      timeoutMs: options.startTimeoutMs ?? 90_000,
      isDead: () => (child.hasExited() ? 'the broker exited during start-up' : undefined),
    });
  } catch (error) {
    await child.stop({ timeoutMs: 5_000 });
    const exit = child.hasExited() ? ` (${describeExit(await child.exited)})` : '';
    throw new Error(
      `local Kafka broker did not start on port ${options.port}${exit}: ${errorMessage(error)}\n` +
        `--- last lines of ${logFile}:\n${tailFile(logFile, 30)}\n` +
        `--- last lines of ${outFile}:\n${tailFile(outFile, 15)}`,
    );
  }

  return {
    brokers,
    external: false,
    process: child,
    logFile,
    stop: async () => {
      await child.stop();
    },
  };
}
