// Running Apache Kafka from its Maven jars (.ipledger/kafka-jars): the java binary, the storage
// format (KRaft: the cluster id and, with authentication, the SCRAM principals bootstrapped into
// the metadata log) and the JVM of one node. kafka.ts (one node, broker and controller in one JVM)
// and kafka-cluster.ts (the fault suite's brokers and their controller) both start nodes with it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { scramFormatArgs, type KafkaSecurity } from './kafka-security';
import { runCommand, spawnManaged, type ManagedProcess } from './processes';
import { repoRoot } from './paths';

/** A Kafka cluster id: 16 random bytes, base64url without padding (what StorageTool random-uuid prints). */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export function javaBinary(): string {
  const home = process.env['JAVA_HOME'];
  return home !== undefined && home !== '' ? path.join(home, 'bin', 'java') : 'java';
}

export function assertJars(jarsDir: string): void {
  const ok = fs.existsSync(jarsDir) && fs.readdirSync(jarsDir).some((file) => /^kafka_2\.13-.*\.jar$/.test(file));
  if (!ok) {
    throw new Error(
      `Kafka jars are missing in ${jarsDir}: run \`node scripts/bootstrap.mjs\` (fetches them with Maven from infra/kafka/pom.xml)`,
    );
  }
}

/**
 * The JIT of a development broker: the client compiler only (C1). The nodes started here live for
 * a test run or a working day, and most of their CPU went to compiling: measured on a 2-core
 * machine, a node's start took 2.7 CPU-s instead of 4.9, the topics of one deployment half of what
 * they did, an idle minute 1.4 CPU-s instead of 2.2 (docs/performance.md). Peak throughput is
 * lower; production brokers run with their own distribution's flags.
 */
const DEVELOPMENT_JIT = ['-XX:TieredStopAtLevel=1'];

/** log4j2 (infra/kafka/log4j2.properties) writing server.log into `logDir`. */
function loggingArgs(logDir: string): string[] {
  return [`-Dlog4j2.configurationFile=${path.join(repoRoot(), 'infra', 'kafka', 'log4j2.properties')}`, `-Dkafka.logs.dir=${logDir}`];
}

/**
 * `kafka-storage format` of the folders `propertiesFile` names (log.dirs) with `clusterId`; with
 * `security`, the SCRAM principals go into the bootstrap metadata (the active controller writes
 * them into the metadata log when that log is empty).
 */
export async function formatKafkaStorage(options: {
  jarsDir: string;
  propertiesFile: string;
  logDir: string;
  clusterId: string;
  security?: KafkaSecurity;
}): Promise<void> {
  await runCommand(
    'kafka storage format',
    javaBinary(),
    [
      ...DEVELOPMENT_JIT,
      '-XX:+UseSerialGC',
      ...loggingArgs(options.logDir),
      '-cp',
      path.join(options.jarsDir, '*'),
      'kafka.tools.StorageTool',
      'format',
      '-t',
      options.clusterId,
      '-c',
      options.propertiesFile,
      ...(options.security === undefined ? [] : scramFormatArgs(options.security)),
    ],
    { timeoutMs: 120_000 },
  );
}

/** The JVM of one Kafka node (kafka.Kafka with `propertiesFile`), its output appended to `outFile`. */
export async function spawnKafkaJvm(options: {
  name: string;
  jarsDir: string;
  propertiesFile: string;
  logDir: string;
  outFile: string;
  heapMb: number;
  stopTimeoutMs?: number;
}): Promise<ManagedProcess> {
  return spawnManaged({
    name: options.name,
    command: javaBinary(),
    args: [
      `-Xms${Math.min(256, options.heapMb)}m`,
      `-Xmx${options.heapMb}m`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      ...DEVELOPMENT_JIT,
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      ...loggingArgs(options.logDir),
      '-cp',
      path.join(options.jarsDir, '*'),
      'kafka.Kafka',
      options.propertiesFile,
    ],
    logFile: options.outFile,
    stopSignal: 'SIGTERM',
    stopTimeoutMs: options.stopTimeoutMs ?? 20_000,
  });
}
