// The system under fault: its OWN PostgreSQL and Kafka (in a temporary folder, so they can be
// stopped and started again on the same data and ports) and every service as its own process,
// started with plain node from the run's production build of the sources. The build and the
// migrated database come from the run's global setup (run-resources.ts).
// A supervisor restarts any service process that dies (kill -9 by the suite, a fault point, or an
// exit of its own when the broker or the database went away), on the same port, as a process
// manager would; every death and restart is counted for the report.
//
// FaultSystem.start(label, { kafkaCluster: true }): three brokers and a KRaft controller instead of
// the single node (libs/devstack/src/kafka-cluster.ts), topics created with 3 replicas and
// min.insync.replicas 2, and the services told the same (KAFKA_REPLICATION_FACTOR,
// KAFKA_MIN_INSYNC_REPLICAS, KAFKA_REQUIRE_REPLICATION: a service refuses to start on topics with
// fewer). `system.cluster` then gives the suite each broker to kill, wipe or freeze.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { kafkaAccessPlan, topicSpecs } from '@ipledger/contracts';
import {
  APP_NAMES,
  applyKafkaAcls,
  BACKEND_SERVICES,
  createTopics,
  describeExit,
  freePorts,
  generateKafkaSecurity,
  generateTokenKeys,
  KAFKA_SECURITY_ENV,
  kafkaSecurityFromEnv,
  pollUntil,
  startKafka,
  startKafkaCluster,
  startPostgres,
  startServiceProcess,
  warmUpGroupCoordinator,
  withDatabase,
  type AppName,
  type ExitInfo,
  type KafkaClusterHandle,
  type KafkaHandle,
  type PostgresHandle,
  type ServiceEnvironment,
  type ServiceProcess,
} from '@ipledger/devstack';
import { FaultLog } from './fault-log';
import { copySeedCluster, FAULTS_DATABASE, faultRunResources } from './run-resources';

export const DEMO_PASSWORD = 'faults-demo-password';
export const TOPIC_PREFIX = 'faults.';

/** One running process of a service (the primary, or a second instance in the same group). */
interface Instance {
  name: AppName;
  label: string;
  port: number;
  /** Extra env of this instance (e.g. IPLEDGER_FAULT_POINTS). */
  env: Record<string, string>;
  process?: ServiceProcess;
  /** False once the suite retired it: the supervisor lets it rest. */
  supervised: boolean;
  /** IPLEDGER_FAULT_POINTS for its next `armedStarts` starts; later starts run without. */
  faultPoints?: string;
  armedStarts: number;
  /** Whether the running process was started with fault points. */
  runningArmed: boolean;
  /** Pending restart loop, if any. */
  restarting?: Promise<void>;
}

export interface FaultSystemOptions {
  /** Three brokers and one KRaft controller (replication factor 3, min ISR 2) instead of the single node. */
  kafkaCluster?: boolean;
}

/** The replication the three-broker system's topics and services are given. */
export const CLUSTER_REPLICATION = { replicationFactor: 3, minInsyncReplicas: 2 } as const;

/** The Kafka the system runs on: the single node (stopped and started by the suite) or the cluster. */
type SystemKafka = { kind: 'single'; handle: KafkaHandle } | { kind: 'cluster'; handle: KafkaClusterHandle };

function log(message: string): void {
  process.stderr.write(`[faults ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

export class FaultSystem {
  readonly log = new FaultLog();
  private readonly instances = new Map<string, Instance>();
  private stopping = false;

  private constructor(
    readonly tmpDir: string,
    private postgres: PostgresHandle,
    private kafka: SystemKafka,
    private readonly ports: { pg: number; kafka: number; controller: number },
    /** The production build every service process starts from (compiled once per run). */
    private readonly build: string,
    readonly databaseUrl: string,
    readonly baseEnv: ServiceEnvironment,
    readonly urls: Record<AppName, string>,
  ) {}

  get brokers(): string[] {
    return this.kafka.handle.brokers;
  }

  /** The three-broker cluster (FaultSystem.start with kafkaCluster). */
  get cluster(): KafkaClusterHandle {
    if (this.kafka.kind !== 'cluster') throw new Error('this fault system runs on one Kafka node: start it with { kafkaCluster: true }');
    return this.kafka.handle;
  }

  get gatewayUrl(): string {
    return this.urls.gateway;
  }

  /**
   * PostgreSQL + Kafka + migrated database + topics + every service, all healthy. Ports are picked
   * free, then bound by the processes a moment later: another suite running beside this one may
   * take one in between (seen in CI: "Address already in use" from the Kafka controller). Then the
   * whole system starts again on other ports, in a new folder, twice at most.
   */
  static async start(label: string, options: FaultSystemOptions = {}): Promise<FaultSystem> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await FaultSystem.startOnce(label, options);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (attempt >= 3 || !/Address already in use|EADDRINUSE/.test(message)) throw error;
        log(`${label}: a port was taken before it could be bound; starting again on other ports (try ${attempt + 1})`);
      }
    }
  }

  private static async startOnce(label: string, options: FaultSystemOptions): Promise<FaultSystem> {
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), `ipledger-faults-${label}-`));
    fs.chmodSync(tmpDir, 0o755); // PostgreSQL may run as user postgres: it must reach its folder
    const [pg, kafkaPort, controller, ...servicePorts] = await freePorts(3 + APP_NAMES.length);
    if (pg === undefined || kafkaPort === undefined || controller === undefined) throw new Error('no free ports');
    const ports = { pg, kafka: kafkaPort, controller };
    const started = Date.now();
    // An authenticating broker (SCRAM principals and ACLs live in its metadata log, so they survive
    // the suite's broker restarts): the suite is its admin, each service process its own principal.
    const security = generateKafkaSecurity();
    process.env[KAFKA_SECURITY_ENV] = JSON.stringify(security);
    // The run's build, and a copy of its seed cluster (migrated, roles provisioned) for this system's own server.
    const { build, seed, roleSecret } = faultRunResources();
    copySeedCluster(seed, path.join(tmpDir, 'pg'));
    const [startedPostgres, startedKafka] = await Promise.allSettled([
      startPostgres({ dataDir: path.join(tmpDir, 'pg'), port: pg, durable: false, externalUrl: null }),
      options.kafkaCluster === true
        ? startKafkaCluster({ dataDir: path.join(tmpDir, 'kafka-cluster'), security, ...CLUSTER_REPLICATION }).then(
            (handle): SystemKafka => ({ kind: 'cluster', handle }),
          )
        : startKafka({
            dataDir: path.join(tmpDir, 'kafka'),
            port: kafkaPort,
            controllerPort: controller,
            externalBrokers: null,
            security,
          }).then((handle): SystemKafka => ({ kind: 'single', handle })),
    ]);
    if (startedPostgres.status === 'rejected' || startedKafka.status === 'rejected') {
      // Nothing left running (a server left behind keeps Jest from exiting), nothing left on disk.
      if (startedPostgres.status === 'fulfilled') await startedPostgres.value.stop();
      if (startedKafka.status === 'fulfilled') await startedKafka.value.handle.stop();
      fs.rmSync(tmpDir, { recursive: true, force: true });
      throw startedPostgres.status === 'rejected' ? startedPostgres.reason : (startedKafka as PromiseRejectedResult).reason;
    }
    const postgres = startedPostgres.value;
    const kafka = startedKafka.value;
    const brokers = kafka.handle.brokers;
    const databaseUrl = withDatabase(postgres.adminUrl, FAULTS_DATABASE);
    await createTopics(brokers, topicSpecs(TOPIC_PREFIX), kafka.kind === 'cluster' ? CLUSTER_REPLICATION : {});
    await applyKafkaAcls(brokers, kafkaAccessPlan(TOPIC_PREFIX));
    await warmUpGroupCoordinator(brokers);
    log(`${label}: PostgreSQL and Kafka ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${tmpDir})`);

    const tokens = generateTokenKeys();
    const ledgerKeys = generateKeyPairSync('ed25519');
    const auditKeys = generateTokenKeys();
    const baseEnv: ServiceEnvironment = {
      DATABASE_URL: databaseUrl,
      IPLEDGER_DB_ROLE_SECRET: roleSecret,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: TOPIC_PREFIX,
      ...(kafka.kind === 'cluster'
        ? {
            KAFKA_REPLICATION_FACTOR: String(CLUSTER_REPLICATION.replicationFactor),
            KAFKA_MIN_INSYNC_REPLICAS: String(CLUSTER_REPLICATION.minInsyncReplicas),
            KAFKA_REQUIRE_REPLICATION: 'true',
          }
        : {}),
      // A killed consumer's partitions wait this long for the group to end it (30 s by default): a
      // deployment that wants fast failover sets it lower, and so do these systems, each scenario's
      // restarts taking events again after ~10 s instead of ~30 s.
      KAFKA_SESSION_TIMEOUT_MS: '10000',
      // Warnings and errors only; IPLEDGER_FAULTS_LOG_LEVEL=info (with IPLEDGER_TEST_SERVICE_OUTPUT=1) to follow every event.
      LOG_LEVEL: process.env['IPLEDGER_FAULTS_LOG_LEVEL'] ?? 'warn',
      IPLEDGER_JWT_PUBLIC_KEY: tokens.publicJwk,
      IPLEDGER_JWT_PRIVATE_KEY: tokens.privateJwk,
      IPLEDGER_DEMO_PASSWORD: DEMO_PASSWORD,
      IPLEDGER_LEDGER_SIGNING_KEY: JSON.stringify(ledgerKeys.privateKey.export({ format: 'jwk' })),
      IPLEDGER_LEDGER_PUBLIC_KEY: JSON.stringify(ledgerKeys.publicKey.export({ format: 'jwk' })),
      IPLEDGER_AUDIT_SIGNING_KEY: auditKeys.privateJwk,
      IPLEDGER_AUDIT_PUBLIC_KEY: auditKeys.publicJwk,
      IPLEDGER_FAULT_POINTS: '',
    };
    const urls = Object.fromEntries(APP_NAMES.map((name, index) => [name, `http://127.0.0.1:${servicePorts[index]}`])) as Record<
      AppName,
      string
    >;
    const system = new FaultSystem(tmpDir, postgres, kafka, ports, build, databaseUrl, baseEnv, urls);
    try {
      const startedServices = Date.now();
      await Promise.all(APP_NAMES.map((name, index) => system.launch(system.register(name, name, servicePorts[index] ?? 0, {}))));
      log(`${label}: ${APP_NAMES.length} services healthy in ${((Date.now() - startedServices) / 1000).toFixed(1)} s`);
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  private register(name: AppName, label: string, port: number, env: Record<string, string>): Instance {
    const instance: Instance = { name, label, port, env, supervised: true, armedStarts: 0, runningArmed: false };
    this.instances.set(label, instance);
    return instance;
  }

  private envOf(instance: Instance, armed: boolean): ServiceEnvironment {
    const env: ServiceEnvironment = { ...this.baseEnv, ...instance.env };
    if (armed && instance.faultPoints !== undefined) env['IPLEDGER_FAULT_POINTS'] = instance.faultPoints;
    if (instance.name === 'gateway') {
      for (const service of BACKEND_SERVICES) env[service.urlEnv] = this.urls[service.name];
    }
    return env;
  }

  /** Starts the instance's process and watches it: when it dies, the supervisor restarts it. */
  private async launch(instance: Instance, healthTimeoutMs = 120_000): Promise<void> {
    const armed = instance.armedStarts > 0;
    if (armed) instance.armedStarts -= 1;
    const service = await startServiceProcess(instance.name, this.envOf(instance, armed), {
      port: instance.port,
      build: this.build,
      healthTimeoutMs,
      stopTimeoutMs: 5_000,
      onLine: (line) => {
        if (line.includes('consumer crashed on a transient error')) this.log.consumerRestart(instance.label);
        if (line.includes('records lost on '))
          this.log.recordsLost(instance.label, /records lost on ([^;]+)/.exec(line)?.[1] ?? 'a partition');
        if (line.includes('fault point reached')) {
          const point = /"faultPoint":"([^"]+)"/.exec(line)?.[1] ?? 'unknown';
          this.log.faultPointLine(instance.label, point);
        }
        if (process.env['IPLEDGER_TEST_SERVICE_OUTPUT'] === '1') process.stderr.write(`[${instance.label}] ${line}\n`);
      },
    });
    instance.process = service;
    instance.runningArmed = armed;
    void service.process.exited.then((exit) => this.onExit(instance, service, exit));
  }

  private onExit(instance: Instance, service: ServiceProcess, exit: ExitInfo): void {
    if (this.stopping || instance.process !== service) return;
    const armed = instance.runningArmed;
    // The exit may be seen before the last lines of its output (a fault point's line): log it a
    // moment later; the restart does not wait for that.
    setTimeout(() => this.log.exited(instance.label, describeExit(exit), exit.signal, armed), 300);
    if (!instance.supervised) return;
    const loop = this.restartLoop(instance);
    instance.restarting = loop;
    void loop.finally(() => {
      if (instance.restarting === loop) instance.restarting = undefined;
    });
  }

  /** Restarts until healthy (the database or broker may be down for a while), as a supervisor would. */
  private async restartLoop(instance: Instance): Promise<void> {
    for (let attempt = 1; !this.stopping && instance.supervised; attempt += 1) {
      try {
        await this.launch(instance, 60_000);
        this.log.restarted(instance.label);
        return;
      } catch (error) {
        if (this.stopping || !instance.supervised) return;
        log(`restart of ${instance.label} failed (attempt ${attempt}): ${(error as Error).message.split('\n')[0]}`);
        await sleep(1_000); // a supervisor's pause between restarts, not a wait for something
      }
    }
  }

  private instance(label: string): Instance {
    const instance = this.instances.get(label);
    if (instance === undefined) throw new Error(`no service instance "${label}"`);
    return instance;
  }

  /** kill -9 of one instance (the supervisor restarts it). Resolves once it is dead. */
  async kill(label: string): Promise<void> {
    const instance = this.instance(label);
    const service = instance.process;
    if (service === undefined || service.process.hasExited()) return;
    this.log.killed(label);
    try {
      process.kill(service.process.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await service.process.exited;
  }

  /**
   * Arms an instance's fault points (IPLEDGER_FAULT_POINTS) for its next `starts` starts (a process
   * dying at a fault point is restarted armed until they are used up, then without). Takes effect
   * at its next start: kill it to start it armed.
   */
  armFaultPoints(label: string, points: string, starts: number): void {
    const instance = this.instance(label);
    instance.faultPoints = points;
    instance.armedStarts = starts;
  }

  /** No fault points from its next start on. */
  disarmFaultPoints(label: string): void {
    this.instance(label).armedStarts = 0;
  }

  /** Whether the running process (or the one starting) has fault points armed. */
  isArmed(label: string): boolean {
    const instance = this.instance(label);
    return instance.runningArmed || instance.armedStarts > 0;
  }

  /** kill -9 and wait until the supervisor has it healthy again. */
  async killAndAwaitRestart(label: string): Promise<void> {
    await this.kill(label);
    await this.awaitRunning(label);
  }

  /** Waits until the instance is up (any restart in progress finished). */
  async awaitRunning(label: string, timeoutMs = 120_000): Promise<void> {
    const instance = this.instance(label);
    await pollUntil(
      async () => {
        if (instance.restarting !== undefined) await instance.restarting;
        return instance.process !== undefined && !instance.process.process.hasExited() && instance.restarting === undefined;
      },
      { timeoutMs, description: `${label} to run again` },
    );
  }

  /** Waits until every supervised instance runs. */
  async awaitAllRunning(): Promise<void> {
    for (const instance of this.instances.values()) if (instance.supervised) await this.awaitRunning(instance.label);
  }

  /**
   * A second process of `name` (same consumer group), on a port of its own; its label is returned.
   * With `faultPoints` it starts armed; unsupervised, it is not restarted when it dies.
   */
  async startSecondInstance(name: AppName, options: { label?: string; faultPoints?: string; supervised?: boolean } = {}): Promise<string> {
    const [port] = await freePorts(1);
    const instance = this.register(name, options.label ?? `${name}#2`, port ?? 0, {});
    instance.supervised = options.supervised ?? true;
    if (options.faultPoints !== undefined) {
      instance.faultPoints = options.faultPoints;
      instance.armedStarts = 1;
    }
    await this.launch(instance);
    return instance.label;
  }

  /** Whether the instance's process is alive. */
  isAlive(label: string): boolean {
    const service = this.instance(label).process;
    return service !== undefined && !service.process.hasExited();
  }

  /** Stops an instance for good (SIGKILL; no restart). */
  async retire(label: string): Promise<void> {
    const instance = this.instance(label);
    instance.supervised = false;
    await this.kill(label);
  }

  /** Waits (bounded) until the instance's process is dead, whoever killed it. */
  async awaitDeath(label: string, timeoutMs: number): Promise<boolean> {
    const service = this.instance(label).process;
    if (service === undefined) return true;
    return Promise.race([service.process.exited.then(() => true), sleep(timeoutMs).then(() => false)]);
  }

  /** Pid of an instance, for the report. */
  pid(label: string): number | undefined {
    return this.instance(label).process?.process.pid;
  }

  /** The single node's controlled stop (the cluster's brokers: `cluster.node(id)`). */
  async stopKafka(): Promise<void> {
    this.log.infra('kafka stopped');
    await this.kafka.handle.stop();
  }

  async startKafka(): Promise<void> {
    if (this.kafka.kind === 'cluster') throw new Error('the three-broker cluster is faulted broker by broker: use system.cluster.node(id)');
    const handle = await startKafka({
      dataDir: path.join(this.tmpDir, 'kafka'),
      port: this.ports.kafka,
      controllerPort: this.ports.controller,
      externalBrokers: null,
      // The same principals: the storage is not formatted again, credentials and ACLs come back from its metadata log.
      security: kafkaSecurityFromEnv(),
    });
    this.kafka = { kind: 'single', handle };
    this.log.infra('kafka started');
  }

  async stopPostgres(): Promise<void> {
    this.log.infra('postgres stopped');
    await this.postgres.stop();
  }

  async startPostgres(): Promise<void> {
    this.postgres = await startPostgres({ dataDir: path.join(this.tmpDir, 'pg'), port: this.ports.pg, durable: false, externalUrl: null });
    this.log.infra('postgres started');
  }

  /** Stops every service, the broker and the database, and removes the temporary folder. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.instances.values()].map((instance) => instance.process?.stop()));
    await Promise.allSettled([this.kafka.handle.stop(), this.postgres.stop()]);
    if (process.env['IPLEDGER_FAULTS_KEEP'] !== '1') fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }
}
