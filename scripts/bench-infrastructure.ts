// What every bench script runs against: a fresh embedded PostgreSQL (durable, fsync on) and a fresh
// Kafka broker requiring authentication, on free ports; the database migrated with the services'
// own roles, the topics created with their ACLs, the run's own token keys, and a production build
// of the services (made while the infrastructure starts; BENCH_FROM_SOURCE=1: none, the services
// run from source as under npm start).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { kafkaAccessPlan, topicSpecs } from '@ipledger/contracts';
import {
  applyKafkaAcls,
  buildForProcesses,
  createDatabase,
  createTopics,
  databaseCredentials,
  freePorts,
  generateDatabaseRoleSecret,
  generateKafkaSecurity,
  generateTokenKeys,
  KAFKA_SECURITY_ENV,
  migrateWithRoles,
  removeBuild,
  startKafka,
  startPostgres,
  withDatabase,
  type TokenKeys,
} from '@ipledger/devstack';
import type { BenchInfrastructure } from './bench-services';

export interface BenchRun {
  infrastructure: BenchInfrastructure;
  /** The run's token keys: services check tokens with the public one, benches sign with the private one. */
  tokenKeys: TokenKeys;
  /** Stops the broker and the database and removes their files and the build. */
  stop(): Promise<void>;
}

export async function startBenchInfrastructure(name: string): Promise<BenchRun> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `ipledger-${name}-`));
  fs.chmodSync(home, 0o755); // the embedded PostgreSQL runs as user postgres when we are root
  const building = process.env.BENCH_FROM_SOURCE === '1' ? Promise.resolve(undefined) : buildForProcesses(`${name}-build-${process.pid}`);
  building.catch(() => undefined); // awaited below
  const [pgPort, kafkaPort, controllerPort] = await freePorts(3);
  const postgres = await startPostgres({ dataDir: path.join(home, 'pg'), port: pgPort ?? 0, durable: true });
  const security = generateKafkaSecurity();
  process.env[KAFKA_SECURITY_ENV] = JSON.stringify(security); // signedMessages signs with its keys
  const stop = async () => {
    await kafka?.stop();
    await postgres.stop();
    fs.rmSync(home, { recursive: true, force: true });
    const build = await building.catch(() => undefined);
    if (build !== undefined) removeBuild(build);
  };
  let kafka: Awaited<ReturnType<typeof startKafka>> | undefined;
  try {
    kafka = await startKafka({ dataDir: path.join(home, 'kafka'), port: kafkaPort ?? 0, controllerPort: controllerPort ?? 0, security });
    const database = `ipledger_${name.replace(/\W/g, '_')}_${randomUUID().slice(0, 8)}`;
    await createDatabase(postgres.adminUrl, database);
    const databaseUrl = withDatabase(postgres.adminUrl, database);
    const roleSecret = generateDatabaseRoleSecret();
    await migrateWithRoles(databaseUrl, databaseCredentials(databaseUrl, roleSecret)); // each service connects as its own role
    const topicPrefix = `${name}-${randomUUID().slice(0, 8)}.`;
    await createTopics(kafka.brokers, topicSpecs(topicPrefix));
    await applyKafkaAcls(kafka.brokers, kafkaAccessPlan(topicPrefix));
    const tokenKeys = generateTokenKeys();
    const infrastructure: BenchInfrastructure = {
      brokers: kafka.brokers,
      topicPrefix,
      databaseUrl,
      roleSecret,
      jwtPublicKey: tokenKeys.publicJwk,
      build: await building,
    };
    return { infrastructure, tokenKeys, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
