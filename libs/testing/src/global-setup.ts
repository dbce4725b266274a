// Jest global setup of the "integration" project: ONE PostgreSQL and ONE Kafka for the whole run,
// on free ports with their data in a fresh temporary folder (so `npm test` runs beside `npm start`),
// or the servers given by DATABASE_URL / KAFKA_BROKERS. Creates the migrated template database
// `ipledger_tpl_<runid>` that createTestDatabase() copies (migrated as the owner role, with the
// services' roles provisioned: roles are cluster-wide and grants are copied with the template),
// compiles the run's production build that the service processes start from (tmp/test-build-<runid>),
// and hands everything to the workers through process.env (see env.ts).
//
// Loaded WITHOUT jest's moduleNameMapper: import other libraries by relative path only.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
/* eslint-disable @nx/enforce-module-boundaries -- path aliases are not available to jest's global setup */
import {
  createDatabase,
  databaseCredentials,
  freePorts,
  generateDatabaseRoleSecret,
  generateKafkaSecurity,
  generateTokenKeys,
  KAFKA_SECURITY_ENV,
  kafkaSecurityFromEnv,
  buildForProcesses,
  migrateWithRoles,
  startKafka,
  startPostgres,
  warmUpGroupCoordinator,
  withDatabase,
} from '../../devstack/src/index';
/* eslint-enable @nx/enforce-module-boundaries */
import { ENV } from './env';
import globalTeardown from './global-teardown';
import { setStack, type TestStack } from './stack';

function log(message: string): void {
  if (process.env['IPLEDGER_TEST_QUIET'] !== '1') process.stderr.write(`[test infra] ${message}\n`);
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const runId = randomBytes(5).readUIntBE(0, 5).toString(36).padStart(8, '0').slice(-8);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), `ipledger-test-${runId}-`));
  fs.chmodSync(tmpDir, 0o755); // PostgreSQL may run as user postgres: it must reach its folder
  const stack: TestStack = { runId, tmpDir };
  setStack(stack);

  try {
    const [pgPort, kafkaPort, controllerPort] = await freePorts(3);
    if (pgPort === undefined || kafkaPort === undefined || controllerPort === undefined) throw new Error('no free ports');
    const templateDb = `ipledger_tpl_${runId}`;
    // The run's Kafka principals and event-signing keys: the broker is formatted with them, the
    // harness acts as admin (and signs the events a test produces as their producer would), each
    // service under test gets its own principal and key. Given brokers (KAFKA_BROKERS) must hold
    // the same principals: pass the bundle in IPLEDGER_KAFKA_SECURITY.
    const kafkaSecurity = kafkaSecurityFromEnv() ?? generateKafkaSecurity();
    process.env[KAFKA_SECURITY_ENV] = JSON.stringify(kafkaSecurity);
    let roleSecret = '';

    const database = (async () => {
      const postgres = await startPostgres({ dataDir: path.join(tmpDir, 'pg'), port: pgPort, durable: false });
      stack.postgres = postgres;
      await createDatabase(postgres.adminUrl, templateDb);
      // A server of our own: a fresh secret. A given server may be shared by several runs, whose
      // provisioning must not change each other's passwords: one fixed test secret, unless given.
      roleSecret = process.env[ENV.roleSecret] || (postgres.external ? 'ipledger-test-database-roles' : generateDatabaseRoleSecret());
      const templateUrl = withDatabase(postgres.adminUrl, templateDb);
      await migrateWithRoles(templateUrl, databaseCredentials(templateUrl, roleSecret));
      return postgres;
    })();
    const broker = (async () => {
      const kafka = await startKafka({ dataDir: path.join(tmpDir, 'kafka'), port: kafkaPort, controllerPort, security: kafkaSecurity });
      stack.kafka = kafka;
      await warmUpGroupCoordinator(kafka.brokers);
      return kafka;
    })();
    // The services run as processes from a production build of this run's sources, as deployed
    // (compiled once here, instead of by every process at every start).
    const build = (async () => {
      stack.build = await buildForProcesses(`test-build-${runId}`);
      return stack.build;
    })();
    // Wait for all, so that a failure of one does not leave another starting unseen.
    const [pgResult, kafkaResult, buildResult] = await Promise.allSettled([database, broker, build]);
    if (pgResult.status === 'rejected') throw pgResult.reason;
    if (kafkaResult.status === 'rejected') throw kafkaResult.reason;
    if (buildResult.status === 'rejected') throw buildResult.reason;
    const postgres = pgResult.value;
    const kafka = kafkaResult.value;

    process.env[ENV.adminUrl] = postgres.adminUrl;
    process.env[ENV.templateDb] = templateDb;
    process.env[ENV.brokers] = kafka.brokers.join(',');
    process.env[ENV.runId] = runId;
    process.env[ENV.roleSecret] = roleSecret;
    process.env[ENV.build] = buildResult.value;
    // The run's own token keys: services check with the public key, tests mint with the private one.
    const keys = generateTokenKeys();
    process.env[ENV.jwtPublicKey] = keys.publicJwk;
    process.env[ENV.jwtPrivateKey] = keys.privateJwk;
    const ledgerKeys = generateTokenKeys(); // the same kind of key pair: Ed25519 as JWK JSON
    process.env[ENV.ledgerPublicKey] = ledgerKeys.publicJwk;
    process.env[ENV.ledgerSigningKey] = ledgerKeys.privateJwk;
    const auditKeys = generateTokenKeys();
    process.env[ENV.auditPublicKey] = auditKeys.publicJwk;
    process.env[ENV.auditSigningKey] = auditKeys.privateJwk;
    process.env['KAFKAJS_NO_PARTITIONER_WARNING'] ??= '1';
    const where = (external: boolean) => (external ? 'given' : 'started');
    log(
      `run ${runId}: PostgreSQL ${where(postgres.external)} (template ${templateDb}), ` +
        `Kafka ${where(kafka.external)} at ${kafka.brokers.join(',')}, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    // Jest does not run the global teardown when the setup fails.
    await globalTeardown().catch(() => undefined);
    throw error;
  }
}
