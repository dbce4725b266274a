// A local Kafka cluster for the fault suite: three brokers (or `brokerCount`) and one KRaft
// controller, each its own JVM from the same jars as the single node (kafka-jvm.ts), on 127.0.0.1.
// Replication factor 3, min.insync.replicas 2, no unclean leader election; with `security` the same
// SASL/SCRAM principals and ACLs as the single node (kafka-security.ts).
//
// Why a separate controller and broker-only nodes, not three combined nodes: the suite wipes a
// broker's disk. With Kafka 4.1 and a static quorum (controller.quorum.voters), a voter whose disk
// is lost and that is formatted again comes back with an empty log and no memory of its votes:
// Kafka documents this as unsafe (it may vote twice in one epoch and let a leader be elected
// without the committed metadata); recovering such a voter needs the dynamic quorum's remove- and
// add-controller steps. A broker-only node has no such state: formatted again with the same
// cluster id it registers anew and fetches every replica it hosts from the partition leaders,
// which is what the scenario is about. One controller keeps the machine light (one more JVM of
// 192 MB); the suite never faults it.
//
// Faults a node offers: kill() (SIGKILL), stop() (controlled shutdown), start() (same data),
// wipe() (stopped node: its log folder deleted and formatted again with the cluster's id), and
// freeze()/thaw() (SIGSTOP/SIGCONT of its JVM: it keeps its sockets but answers nobody, neither
// clients nor the controller: what a broker cut off from the network looks like to everyone else,
// not a split where it still reaches some peers).
//
// Layout of `dataDir`: controller/ and broker-<id>/, each with server.properties, data/ (log.dirs),
// server.log and node.out; cluster-id (the id every node is formatted with).
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type Admin, type SASLOptions } from 'kafkajs';
import { errorMessage } from './error-message';
import { kafkaServerProperties, principalsFingerprint, waitForKafka } from './kafka';
import { assertJars, formatKafkaStorage, randomClusterId, spawnKafkaJvm } from './kafka-jvm';
import { brokerSecurityProperties, saslOf, type KafkaSecurity } from './kafka-security';
import { freePorts } from './ports';
import { describeExit, type ManagedProcess } from './processes';
import { defaultKafkaJarsDir, tailFile } from './paths';
import { pollUntil } from './poll';

/** The controller's node id (brokers are 1 … brokerCount). */
export const CLUSTER_CONTROLLER_ID = 100;

export interface StartKafkaClusterOptions {
  /** Folder owned by the cluster (created when missing; formatted on first use). */
  dataDir: string;
  /** Default 3. */
  brokerCount?: number;
  /** Default min(3, brokerCount). */
  replicationFactor?: number;
  /** Default 2 with 3 or more replicas, else 1. */
  minInsyncReplicas?: number;
  security?: KafkaSecurity;
  /** Default: .ipledger/kafka-jars at the repository root. */
  jarsDir?: string;
  /** JVM heap of each broker in MiB. Default 320. */
  brokerHeapMb?: number;
  /** JVM heap of the controller in MiB. Default 192. */
  controllerHeapMb?: number;
  /** How long one node may take to answer after its start. Default 120 s (a busy 2-core machine). */
  startTimeoutMs?: number;
}

export interface ClusterBroker {
  nodeId: number;
  port: number;
  /** "127.0.0.1:<port>" */
  address: string;
  /** Its JVM's pid while it runs. */
  pid(): number | undefined;
  isRunning(): boolean;
  /** SIGKILL (no controlled shutdown); resolves once the JVM is gone. */
  kill(): Promise<void>;
  /** SIGTERM (controlled shutdown: leadership moves first), SIGKILL after 20 s. */
  stop(): Promise<void>;
  /** Starts it on its data (after kill, stop or wipe); resolves when it answers and the controller lists it. */
  start(): Promise<void>;
  /** A stopped node's disk lost: its log folder deleted and formatted again with the cluster id. */
  wipe(): Promise<void>;
  /** SIGSTOP of its JVM: it stops answering anyone (clients, other brokers, the controller). */
  freeze(): void;
  /** SIGCONT after freeze(). */
  thaw(): void;
  /** Its log4j2 log. */
  logFile: string;
}

export interface KafkaClusterHandle {
  /** Every broker's address (bootstrap list). */
  brokers: string[];
  clusterId: string;
  nodes: ClusterBroker[];
  replicationFactor: number;
  minInsyncReplicas: number;
  controllerLogFile: string;
  node(nodeId: number): ClusterBroker;
  /**
   * Waits until every partition of `topics` (default: every topic) has all its replicas in sync;
   * resolves with how long that took.
   */
  awaitFullyReplicated(options?: { topics?: string[]; timeoutMs?: number }): Promise<number>;
  /** Stops every node (brokers, then the controller). Idempotent. */
  stop(): Promise<void>;
}

interface NodeFiles {
  dir: string;
  propertiesFile: string;
  logDirs: string;
  outFile: string;
  logFile: string;
}

function filesOf(dataDir: string, name: string): NodeFiles {
  const dir = path.join(dataDir, name);
  return {
    dir,
    propertiesFile: path.join(dir, 'server.properties'),
    logDirs: path.join(dir, 'data'),
    outFile: path.join(dir, 'node.out'),
    logFile: path.join(dir, 'server.log'),
  };
}

/** The listeners of a broker-only node (a client listener) or of the controller (its listener only). */
function clusterListenerLines(role: 'broker' | 'controller', port: number, security: KafkaSecurity | undefined): string[] {
  const listener = role === 'broker' ? (security === undefined ? 'PLAINTEXT' : 'CLIENT') : 'CONTROLLER';
  const lines = [
    `listeners=${listener}://127.0.0.1:${port}`,
    ...(role === 'broker' ? [`advertised.listeners=${listener}://127.0.0.1:${port}`] : []),
    'controller.listener.names=CONTROLLER',
  ];
  if (security !== undefined) return [...lines, ...brokerSecurityProperties(security)];
  return [...lines, 'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT', 'inter.broker.listener.name=PLAINTEXT'];
}

function adminOf(brokers: readonly string[], sasl: SASLOptions | undefined): Admin {
  return new Kafka({
    clientId: 'ipledger-devstack-cluster',
    brokers: [...brokers],
    ...(sasl === undefined ? {} : { sasl }),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 10_000,
    retry: { retries: 0 },
  }).admin();
}

async function withAdmin<T>(brokers: readonly string[], sasl: SASLOptions | undefined, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = adminOf(brokers, sasl);
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Starts (or restarts, on the same data) a local cluster of `brokerCount` brokers and one
 * controller. Resolves when every broker answers and the controller lists them all.
 */
export async function startKafkaCluster(options: StartKafkaClusterOptions): Promise<KafkaClusterHandle> {
  const dataDir = path.resolve(options.dataDir);
  const jarsDir = path.resolve(options.jarsDir ?? defaultKafkaJarsDir());
  assertJars(jarsDir);
  const brokerCount = options.brokerCount ?? 3;
  const replicationFactor = options.replicationFactor ?? Math.min(3, brokerCount);
  const minInsyncReplicas = options.minInsyncReplicas ?? (replicationFactor >= 3 ? 2 : 1);
  if (replicationFactor > brokerCount)
    throw new Error(`replicationFactor ${replicationFactor} exceeds the ${brokerCount} brokers of the cluster`);
  if (minInsyncReplicas > replicationFactor)
    throw new Error(`minInsyncReplicas ${minInsyncReplicas} exceeds replicationFactor ${replicationFactor}`);
  const { security } = options;
  const sasl = security === undefined ? undefined : saslOf(security.admin);
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  fs.mkdirSync(dataDir, { recursive: true });

  const clusterIdFile = path.join(dataDir, 'cluster-id');
  const clusterId = fs.existsSync(clusterIdFile) ? fs.readFileSync(clusterIdFile, 'utf8').trim() : randomClusterId();
  fs.writeFileSync(clusterIdFile, `${clusterId}\n`);
  const [controllerPort, ...brokerPorts] = await freePorts(1 + brokerCount);
  if (controllerPort === undefined) throw new Error('no free ports for the Kafka cluster');
  const quorumVoters = `${CLUSTER_CONTROLLER_ID}@127.0.0.1:${controllerPort}`;
  const layout = { replicationFactor, minInsyncReplicas };

  /** Writes the node's properties, formats its storage when it has none, starts its JVM. */
  const launch = async (
    name: string,
    files: NodeFiles,
    role: 'broker' | 'controller',
    nodeId: number,
    port: number,
    heapMb: number,
  ): Promise<ManagedProcess> => {
    fs.mkdirSync(files.dir, { recursive: true });
    fs.writeFileSync(
      files.propertiesFile,
      kafkaServerProperties({
        header: 'Written by libs/devstack/src/kafka-cluster.ts at every start: edit that file, not this one.',
        quorumVoters,
        listenerLines: clusterListenerLines(role, port, security),
        logDirs: files.logDirs,
        layout: { ...layout, roles: role, nodeId },
      }),
      { mode: 0o600 }, // it holds the broker's and the controller's passwords
    );
    if (!fs.existsSync(path.join(files.logDirs, 'meta.properties'))) {
      // Every node with the same principals: only the controller's bootstrap metadata is used
      // (the metadata log is empty only there), but a node formatted otherwise would be a trap.
      await formatKafkaStorage({ jarsDir, propertiesFile: files.propertiesFile, logDir: files.dir, clusterId, security });
      if (security !== undefined) fs.writeFileSync(path.join(files.dir, 'principals.sha256'), `${principalsFingerprint(security)}\n`);
    }
    fs.writeFileSync(files.outFile, `--- ${new Date().toISOString()} starting ${name} on port ${port}\n`, { flag: 'a' });
    return spawnKafkaJvm({ name, jarsDir, propertiesFile: files.propertiesFile, logDir: files.dir, outFile: files.outFile, heapMb });
  };

  const failure = (what: string, files: NodeFiles, child: ManagedProcess | undefined, error: unknown): Error => {
    const exit = child?.hasExited() === true ? ' (it exited)' : '';
    return new Error(
      `${what}${exit}: ${errorMessage(error)}\n--- last lines of ${files.logFile}:\n${tailFile(files.logFile, 30)}\n--- last lines of ${files.outFile}:\n${tailFile(files.outFile, 15)}`,
    );
  };

  const controllerFiles = filesOf(dataDir, 'controller');
  const controller = await launch(
    'kafka-controller',
    controllerFiles,
    'controller',
    CLUSTER_CONTROLLER_ID,
    controllerPort,
    options.controllerHeapMb ?? 192,
  );

  /** Whether the controller lists `nodeId` among the cluster's (unfenced) brokers. */
  const registered = async (nodeId: number, via: readonly string[]): Promise<boolean> =>
    withAdmin(via, sasl, async (admin) => (await admin.describeCluster()).brokers.some((broker) => broker.nodeId === nodeId));

  const nodes: ClusterBroker[] = brokerPorts.map((port, index) => {
    const nodeId = index + 1;
    const files = filesOf(dataDir, `broker-${nodeId}`);
    const address = `127.0.0.1:${port}`;
    let child: ManagedProcess | undefined;
    let frozen = false;
    const running = () => child !== undefined && !child.hasExited();
    const signal = (name: NodeJS.Signals) => {
      if (child !== undefined && running()) process.kill(child.pid, name);
    };
    const node: ClusterBroker = {
      nodeId,
      port,
      address,
      logFile: files.logFile,
      pid: () => (running() ? child?.pid : undefined),
      isRunning: running,
      kill: async () => {
        if (child === undefined || !running()) return;
        process.kill(child.pid, 'SIGKILL');
        await child.exited;
        frozen = false;
      },
      stop: async () => {
        if (child === undefined) return;
        if (frozen) node.thaw();
        await child.stop();
      },
      start: async () => {
        if (running()) throw new Error(`Kafka broker ${nodeId} is already running`);
        child = await launch(`kafka-broker-${nodeId}`, files, 'broker', nodeId, port, options.brokerHeapMb ?? 320);
        const started = child;
        try {
          const exitedEarly = () => (started.hasExited() ? 'the broker exited during start-up' : undefined);
          await waitForKafka([address], { sasl, timeoutMs: startTimeoutMs, isDead: exitedEarly });
          await pollUntil(() => registered(nodeId, [address]), {
            timeoutMs: startTimeoutMs,
            intervalMs: 250,
            description: `the controller to list broker ${nodeId}`,
            stopWhen: exitedEarly,
            describeError: errorMessage,
          });
        } catch (error) {
          if (!started.hasExited()) await started.stop({ timeoutMs: 5_000 });
          const exit = started.hasExited() ? ` (${describeExit(await started.exited)})` : '';
          throw failure(`Kafka broker ${nodeId} did not start on port ${port}${exit}`, files, started, error);
        }
      },
      wipe: async () => {
        if (running()) throw new Error(`Kafka broker ${nodeId} runs: stop or kill it before wiping its disk`);
        fs.rmSync(files.logDirs, { recursive: true, force: true });
        // Formatted on its next start (launch), with the cluster's id.
      },
      freeze: () => {
        signal('SIGSTOP');
        frozen = running();
      },
      thaw: () => {
        signal('SIGCONT');
        frozen = false;
      },
    };
    return node;
  });
  const brokers = nodes.map((node) => node.address);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.allSettled(nodes.map((node) => node.stop()));
    await controller.stop();
  };

  try {
    await Promise.all(nodes.map((node) => node.start()));
  } catch (error) {
    await stop();
    throw controller.hasExited() ? failure('the Kafka controller exited', controllerFiles, controller, error) : error;
  }

  const awaitFullyReplicated = async (waitOptions: { topics?: string[]; timeoutMs?: number } = {}): Promise<number> => {
    const started = Date.now();
    await pollUntil(
      async () => {
        const behind = await withAdmin(
          nodes.filter((node) => node.isRunning()).map((node) => node.address),
          sasl,
          async (admin) => {
            const topics = waitOptions.topics ?? (await admin.listTopics());
            const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
            return metadata.flatMap((topic) =>
              topic.partitions
                .filter((partition) => partition.isr.length < partition.replicas.length)
                .map(
                  (partition) =>
                    `${topic.name}[${partition.partitionId}] isr ${partition.isr.join(',')} of ${partition.replicas.join(',')}`,
                ),
            );
          },
        );
        if (behind.length > 0) throw new Error(`${behind.length} partitions not fully in sync, e.g. ${behind.slice(0, 3).join('; ')}`);
        return true;
      },
      {
        timeoutMs: waitOptions.timeoutMs ?? 120_000,
        intervalMs: 500,
        description: 'the Kafka cluster to be fully replicated',
        describeError: errorMessage,
      },
    );
    return Date.now() - started;
  };

  return {
    brokers,
    clusterId,
    nodes,
    replicationFactor,
    minInsyncReplicas,
    controllerLogFile: controllerFiles.logFile,
    node: (nodeId) => {
      const found = nodes.find((node) => node.nodeId === nodeId);
      if (found === undefined) throw new Error(`the Kafka cluster has no broker ${nodeId}`);
      return found;
    },
    awaitFullyReplicated,
    stop,
  };
}
