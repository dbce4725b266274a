// Jest global setup of the "faults" project: the run's production build and the seed PostgreSQL
// cluster every fault system copies (run-resources.ts). Each scenario file still starts its own
// PostgreSQL (on a copy), its own Kafka and every service.
//
// Loaded WITHOUT jest's moduleNameMapper: import other libraries by relative path only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildForProcesses,
  createDatabase,
  databaseCredentials,
  freePorts,
  generateDatabaseRoleSecret,
  migrateWithRoles,
  startPostgres,
  withDatabase,
} from '../../../libs/devstack/src/index';
import globalTeardown from './global-teardown';
import { FAULTS_DATABASE, FAULTS_ENV } from './run-resources';

async function seedCluster(folder: string, roleSecret: string): Promise<void> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('no free port for the seed PostgreSQL');
  const postgres = await startPostgres({ dataDir: folder, port, durable: false, externalUrl: null });
  try {
    await createDatabase(postgres.adminUrl, FAULTS_DATABASE);
    const databaseUrl = withDatabase(postgres.adminUrl, FAULTS_DATABASE);
    // Migrated as the owner role; every service connects as its own role (derived from the secret).
    await migrateWithRoles(databaseUrl, databaseCredentials(databaseUrl, roleSecret));
  } finally {
    await postgres.stop(); // a clean shutdown: a copy starts without recovery
  }
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-faults-seed-'));
  fs.chmodSync(tmpDir, 0o755); // PostgreSQL may run as user postgres: it must reach its folder
  const seed = path.join(tmpDir, 'pg');
  process.env[FAULTS_ENV.seed] = seed;
  const roleSecret = generateDatabaseRoleSecret();
  process.env[FAULTS_ENV.roleSecret] = roleSecret;
  try {
    const [cluster, build] = await Promise.allSettled([seedCluster(seed, roleSecret), buildForProcesses(`faults-build-${process.pid}`)]);
    if (build.status === 'fulfilled') process.env[FAULTS_ENV.build] = build.value;
    if (cluster.status === 'rejected') throw cluster.reason;
    if (build.status === 'rejected') throw build.reason;
    process.stderr.write(`[faults] build and seed database ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    // Jest does not run the global teardown when the setup fails.
    await globalTeardown().catch(() => undefined);
    throw error;
  }
}
