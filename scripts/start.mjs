#!/usr/bin/env node
// `npm start`: the whole system on this machine, nothing to install by hand.
//   1. PostgreSQL (embedded, .ipledger/pg, port 54329) unless DATABASE_URL is set;
//      Kafka (Apache Kafka's jars, .ipledger/kafka, ports 19092/19093) unless KAFKA_BROKERS is set;
//   2. database `ipledger` (or DATABASE_URL's) created if missing, migrated as the owner role and the
//      services' roles provisioned (libs/devstack/src/database-roles.ts); every topic created;
//   3. every service as its own process (libs/devstack/src/services.ts), waited for until healthy;
//   4. demo data (scripts/demo-data.ts, then `ipledger seed --years 3`) when the database has no pledges yet.
// Ctrl-C / SIGTERM stops services, then Kafka, then PostgreSQL. If any of them dies while running,
// everything is stopped and the exit code is 1.
//
// Configuration (environment; a wrong value stops start-up with a message naming the variable):
//   IPLEDGER_PORT                  gateway port (default 3000)
//   DATABASE_URL                   use this PostgreSQL instead of the embedded one (an administrator's
//                                  connection: it provisions the roles; services get their own roles);
//                                  its database is created when missing if the role may (CREATEDB), else
//                                  start-up stops naming the CREATE DATABASE an administrator must run
//   IPLEDGER_DB_ROLE_SECRET        the database roles' passwords are derived from it (default: generated
//                                  into the data folder's secrets.json); <SERVICE>_DATABASE_URL,
//                                  IPLEDGER_OWNER_DATABASE_URL, IPLEDGER_AUDITOR_DATABASE_URL give one role's URL instead
//   KAFKA_BROKERS                  use these brokers (host:port,host:port) instead of the local one; they must
//                                  know this run's SCRAM principals (docs/operations.md, "Kafka identities"):
//                                  topics and ACLs are created as the `admin` super user
//   KAFKA_TOPIC_PREFIX             prefix of every topic, consumer group and ACL of this deployment (default
//                                  none), so that several deployments share one cluster; the CLI's dlq and
//                                  stats rebuild need the same (KAFKA_TOPIC_PREFIX or --topic-prefix)
//   IPLEDGER_HOME                  data folder (default .ipledger in the repository)
//   IPLEDGER_PG_PORT               embedded PostgreSQL port (default 54329)
//   IPLEDGER_KAFKA_PORT            local Kafka port (default 19092)
//   IPLEDGER_KAFKA_CONTROLLER_PORT local Kafka controller port (default 19093)
//   IPLEDGER_DEMO_DATA=0           do not load demo data
//   IPLEDGER_LOG_FORMAT            how the services' logs are shown: pretty (one short line per record, errors in
//                                  full) or json (their JSON lines as they write them); default pretty when this
//                                  output is a terminal, json when it goes to a file or a pipe
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// `npm start` has run the bootstrap already (prestart); `node scripts/start.mjs` has not.
if (process.env.npm_lifecycle_event !== 'start') {
  const bootstrap = spawnSync(process.execPath, [path.join(root, 'scripts', 'bootstrap.mjs')], { stdio: 'inherit' });
  if (bootstrap.status !== 0) process.exit(bootstrap.status ?? 1);
}

const { z } = await import('zod');
const { requireTs, tsNodeArgs, tsNodeEnv } = await import('./lib/typescript.mjs');

// ───────────────────────────── output ─────────────────────────────

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
const PALETTE = [36, 33, 35, 32, 34, 96, 93];
const NAME_WIDTH = 'pledge-registration'.length;
const tags = new Map();
function tag(name) {
  if (!tags.has(name)) tags.set(name, paint(PALETTE[tags.size % PALETTE.length], name.padEnd(NAME_WIDTH)));
  return tags.get(name);
}
const say = (message) => console.log(`${tag('start')} │ ${message}`);
const shout = (message) => console.error(`${tag('start')} │ ${paint(31, message)}`);
const childLine = (name, line) => console.log(`${tag(name)} │ ${line}`);

// ───────────────────────────── configuration ─────────────────────────────

const emptyAsUnset = (schema) => z.preprocess((value) => (value === '' ? undefined : value), schema);
const port = (fallback) =>
  emptyAsUnset(
    z.coerce
      .number({ error: 'must be a port number' })
      .int('must be a whole number')
      .min(1, 'must be from 1 to 65535')
      .max(65535, 'must be from 1 to 65535')
      .default(fallback),
  );
const brokerList = z.string().refine(
  (value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .every((broker) => {
        const match = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(broker);
        return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 65535;
      }),
  'must be a comma-separated list of host:port (e.g. 127.0.0.1:9092)',
);
const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return ['postgres:', 'postgresql:'].includes(url.protocol) && url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}, 'must be a postgres:// or postgresql:// URL with a host and a database, e.g. postgres://user:pass@127.0.0.1:5432/ipledger');
const directory = z.string().refine((value) => {
  const resolved = path.resolve(root, value);
  if (fs.existsSync(resolved)) return fs.statSync(resolved).isDirectory();
  // Not there yet: its nearest existing ancestor must be a writable folder.
  let parent = path.dirname(resolved);
  while (!fs.existsSync(parent)) parent = path.dirname(parent);
  try {
    fs.accessSync(parent, fs.constants.W_OK);
    return fs.statSync(parent).isDirectory();
  } catch {
    return false;
  }
}, 'must be a directory, or a path where one can be created');

const ConfigSchema = z.object({
  IPLEDGER_PORT: port(3000),
  DATABASE_URL: emptyAsUnset(postgresUrl.optional()),
  KAFKA_BROKERS: emptyAsUnset(brokerList.optional()),
  // The services' own rule (libs/service-kit/src/config.ts): checked here so a bad one stops nothing half-started.
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/, 'may contain only letters, digits, dot, dash and underscore')
    .default(''),
  IPLEDGER_HOME: emptyAsUnset(directory.default(path.join(root, '.ipledger'))),
  IPLEDGER_PG_PORT: port(54329),
  IPLEDGER_KAFKA_PORT: port(19092),
  IPLEDGER_KAFKA_CONTROLLER_PORT: port(19093),
  IPLEDGER_DEMO_DATA: emptyAsUnset(z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('1')),
  IPLEDGER_LOG_FORMAT: emptyAsUnset(z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional()),
});

function loadConfig() {
  const parsed = ConfigSchema.safeParse(process.env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '?');
    const got = process.env[name];
    return `  ${name}: ${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`;
  });
  shout(`invalid configuration, nothing started:\n${lines.join('\n')}`);
  process.exit(2);
}

// ───────────────────────────── life cycle ─────────────────────────────

const config = loadConfig();
const home = path.resolve(root, config.IPLEDGER_HOME);
const devstack = requireTs('libs/devstack/src/index.ts');
const replicationModule = requireTs('libs/messaging/src/topic-replication.ts');
const inspectionModule = requireTs('libs/messaging/src/topic-inspection.ts');
try {
  replicationModule.replicationSettingsFromEnv(process.env);
} catch (error) {
  shout(`invalid configuration, nothing started:\n  ${error.message}`);
  process.exit(2);
}

// The services always write JSON lines (pino); shown here as short lines a person reads, or as they are.
const logFormat = devstack.logFormatFromEnv(config.IPLEDGER_LOG_FORMAT, Boolean(process.stdout.isTTY));
const readable = logFormat === 'pretty' ? devstack.logLineFormatter({ color }) : undefined;
/** A service's output line: its short line(s) under the service's tag, or in json a record bare (the record names its service). */
function serviceLine(name, line) {
  if (readable !== undefined) for (const part of readable(line).split('\n')) childLine(name, part);
  else if (line.startsWith('{')) console.log(line);
  else childLine(name, line);
}
const readableTail = (tail) => (readable === undefined ? tail : tail.split('\n').map(readable).join('\n'));

const state = { services: undefined, kafka: undefined, postgres: undefined, demo: undefined };
let shuttingDown = false;

async function shutdown(exitCode, reason) {
  if (shuttingDown) return;
  shuttingDown = true;
  if (reason) say(reason);
  const step = async (what, action) => {
    try {
      await action();
    } catch (error) {
      shout(`stopping ${what}: ${error.message}`);
    }
  };
  await step('demo data', () => state.demo?.stop({ timeoutMs: 3_000 }));
  if (state.services) {
    say('stopping services …');
    await step('services', () => state.services.stop());
  }
  if (state.kafka && !state.kafka.external) {
    say('stopping Kafka …');
    await step('Kafka', () => state.kafka.stop());
  }
  if (state.postgres && !state.postgres.external) {
    say('stopping PostgreSQL …');
    await step('PostgreSQL', () => state.postgres.stop());
  }
  // Anything still starting when the signal came (its handle not known yet).
  if (devstack.liveChildCount() > 0) {
    devstack.signalAllChildren();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  say(exitCode === 0 ? 'stopped.' : 'stopped after a failure.');
  process.exit(exitCode);
}

let firstSignalAt = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (firstSignalAt === 0) {
      firstSignalAt = Date.now();
      void shutdown(0, `${signal}: stopping (press Ctrl-C again to kill at once)`);
    } else if (Date.now() - firstSignalAt > 500) {
      // (A second copy of the same Ctrl-C, e.g. relayed by npm, arrives within milliseconds.)
      shout(`${signal} again: killing everything now`);
      process.exit(130); // the exit handler signals every child; their guard SIGKILLs stragglers
    }
  });
}

// `kill <pid of npm>` ends npm and its shell but not this process: stop when the parent goes.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void shutdown(0, `parent process ${parentPid} ended: stopping`);
}, 1_000).unref();

function fail(message) {
  shout(message);
  void shutdown(1);
}

/** Reports a process that ends while the system is running, and stops everything. */
function watch(name, managed, describeTail) {
  void managed.exited.then((exit) => {
    if (shuttingDown) return;
    fail(`${name} exited unexpectedly (${devstack.describeExit(exit)}).\n--- last output of ${name}:\n${describeTail()}`);
  });
}

async function startInfrastructure() {
  const usingPg = config.DATABASE_URL ? `DATABASE_URL (${devstack.redactUrl(config.DATABASE_URL)})` : undefined;
  const usingKafka = config.KAFKA_BROKERS ? `KAFKA_BROKERS (${config.KAFKA_BROKERS})` : undefined;
  say(
    `starting ${usingPg ? `with ${usingPg}` : `PostgreSQL on 127.0.0.1:${config.IPLEDGER_PG_PORT}`}, ` +
      `${usingKafka ? `with ${usingKafka}` : `Kafka on 127.0.0.1:${config.IPLEDGER_KAFKA_PORT}`} (data in ${home}) …`,
  );
  fs.mkdirSync(home, { recursive: true });
  // Kafka identities and event-signing keys (libs/devstack/src/kafka-security.ts): this process holds
  // them all (topics, ACLs), each service gets only its own. A deployment's brokers take its own bundle
  // from IPLEDGER_KAFKA_SECURITY; otherwise the one generated into the data folder.
  // External brokers (KAFKA_BROKERS) must know the same principals (infra/compose.yaml's brokers are
  // configured from this same file by `node scripts/compose-config.mjs`).
  const kafkaSecurity = devstack.kafkaSecurityFromEnv() ?? devstack.localKafkaSecurity(home);
  process.env[devstack.KAFKA_SECURITY_ENV] = JSON.stringify(kafkaSecurity);
  const started = Date.now();
  const [pgResult, kafkaResult] = await Promise.allSettled([
    devstack.startPostgres({
      dataDir: path.join(home, 'pg'),
      port: config.IPLEDGER_PG_PORT,
      externalUrl: config.DATABASE_URL ?? null,
    }),
    devstack.startKafka({
      dataDir: path.join(home, 'kafka'),
      port: config.IPLEDGER_KAFKA_PORT,
      controllerPort: config.IPLEDGER_KAFKA_CONTROLLER_PORT,
      externalBrokers: config.KAFKA_BROKERS ?? null,
      security: kafkaSecurity,
    }),
  ]);
  if (pgResult.status === 'fulfilled') state.postgres = pgResult.value;
  if (kafkaResult.status === 'fulfilled') state.kafka = kafkaResult.value;
  if (pgResult.status === 'rejected') throw new Error(`PostgreSQL: ${pgResult.reason.message}`);
  if (kafkaResult.status === 'rejected') throw new Error(`Kafka: ${kafkaResult.reason.message}`);
  const { postgres, kafka } = state;
  if (postgres.process) watch('PostgreSQL', postgres.process, () => devstack.tailFile(postgres.logFile, 20));
  if (kafka.process) watch('Kafka', kafka.process, () => devstack.tailFile(kafka.logFile, 20));
  say(`infrastructure ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const databaseUrl = postgres.external ? postgres.url : devstack.withDatabase(postgres.adminUrl, 'ipledger');
  const databaseName = devstack.databaseName(databaseUrl);
  // DATABASE_URL's database was made sure of by startPostgres: created when missing and its role may,
  // otherwise start-up stopped there naming the CREATE DATABASE an administrator must run.
  if (postgres.external ? postgres.databaseCreated : await devstack.ensureDatabase(postgres.adminUrl, databaseName)) {
    say(`created database ${databaseName}`);
  }
  say('applying migrations (as the owner role) and provisioning the database roles …');
  const roleSecret = process.env.IPLEDGER_DB_ROLE_SECRET || devstack.localSecrets(home).databaseRoleSecret;
  const credentials = devstack.databaseCredentials(databaseUrl, roleSecret, process.env);
  await devstack.migrateWithRoles(databaseUrl, credentials);

  const contracts = requireTs('libs/contracts/src/index.ts');
  const prefix = config.KAFKA_TOPIC_PREFIX;
  const topics = contracts.topicSpecs(prefix);
  // Replicas and min.insync.replicas: KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS, else the
  // cluster's defaults (never fewer than 3 and 2 on three or more brokers); existing topics are checked.
  const replication = await topicReplication(kafka.brokers, kafkaSecurity);
  await devstack.createTopics(kafka.brokers, topics, replication);
  await checkTopics(kafka.brokers, kafkaSecurity, topics);
  // One principal per service, allowed only what the event catalogue gives it under this prefix
  // (kafkaAccessPlan), by the user names of this deployment's bundle, granted as the admin super user:
  // on the local broker and on KAFKA_BROKERS alike (scripts/provision.mjs does the same for infra/compose.yaml).
  const plan = devstack.grantsToPrincipals(contracts.kafkaAccessPlan(prefix), kafkaSecurity);
  await devstack.applyKafkaAcls(kafka.brokers, plan, devstack.saslOf(kafkaSecurity.admin));
  // Let the broker create its group and transaction coordinators before the services connect.
  await devstack.warmUpGroupCoordinator(kafka.brokers);
  say(`topics ready: ${topics.length}${prefix === '' ? '' : ` (prefix ${prefix})`}`);
  return {
    databaseUrl,
    brokers: kafka.brokers,
    roleSecret,
    auditorUrl: credentials.auditor.url,
    outboxOperatorUrl: credentials.outboxOperator.url,
  };
}

async function withTopicAdmin(brokers, kafkaSecurity, use) {
  const admin = devstack.adminKafka(brokers, 'ipledger-start-topics', devstack.saslOf(kafkaSecurity.admin)).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** How new topics are created on this cluster (libs/messaging/src/topic-replication.ts). */
async function topicReplication(brokers, kafkaSecurity) {
  const settings = replicationModule.replicationSettingsFromEnv(process.env);
  const cluster = await withTopicAdmin(brokers, kafkaSecurity, (admin) => inspectionModule.readClusterDefaults(admin));
  const target = replicationModule.replicationTarget(settings, cluster);
  say(
    `topic replication: ${target.replicationFactor} replicas, min.insync.replicas ${target.minInsyncReplicas} on ${cluster.brokerCount} broker(s) (${target.source})`,
  );
  return replicationModule.creationReplication(settings, cluster, target);
}

/** Existing topics below the target: a warning each, or no start with KAFKA_REQUIRE_REPLICATION=true. */
async function checkTopics(brokers, kafkaSecurity, topics) {
  const settings = replicationModule.replicationSettingsFromEnv(process.env);
  const report = await withTopicAdmin(brokers, kafkaSecurity, (admin) =>
    inspectionModule.checkTopicReplication(
      admin,
      topics.map((topic) => topic.name),
      settings,
    ),
  );
  const low = report.topics.filter((topic) => topic.status !== 'OK');
  for (const topic of low) shout(`${replicationModule.describeShortfall(topic)}`);
  if (low.length === 0) return;
  const advice = '`ipledger topics check` shows them, `ipledger topics repair` raises them (docs/operations.md, "Running on a cluster")';
  if (settings.require)
    throw new Error(`${low.length} Kafka topic(s) below the replication target and KAFKA_REQUIRE_REPLICATION=true: ${advice}`);
  shout(`${low.length} Kafka topic(s) below the replication target: ${advice}`);
}

async function hasPledges(databaseUrl) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query("SELECT to_regclass('pledge_registration.pledge_applications') IS NOT NULL AS present");
    if (!result.rows[0]?.present) return true; // no such table: nothing to fill
    const pledges = await client.query('SELECT EXISTS (SELECT 1 FROM pledge_registration.pledge_applications) AS any');
    return pledges.rows[0]?.any === true;
  } finally {
    await client.end();
  }
}

async function loadDemoData(databaseUrl, gatewayUrl, brokers, demoPassword) {
  const script = path.join(root, 'scripts', 'demo-data.ts');
  if (config.IPLEDGER_DEMO_DATA === '0' || !fs.existsSync(script)) return;
  if (await hasPledges(databaseUrl)) return;
  say('loading demo data …');
  state.demo = await devstack.spawnManaged({
    name: 'demo',
    command: process.execPath,
    args: [...tsNodeArgs(), script],
    cwd: root,
    env: { ...tsNodeEnv(), [devstack.KAFKA_SECURITY_ENV]: undefined, IPLEDGER_BASE_URL: gatewayUrl, IPLEDGER_DEMO_PASSWORD: demoPassword },
    onLine: (line) => childLine('demo', line),
  });
  const exit = await state.demo.exited;
  state.demo = undefined;
  if (shuttingDown) return;
  if (exit.code === 0) say('demo data loaded');
  else shout(`demo data failed (${devstack.describeExit(exit)}); the system keeps running without it`);
  if (exit.code !== 0 || shuttingDown) return;
  // A few years of realistic activity for the dashboard: the CLI's deterministic generator, through the APIs.
  say('loading three years of deals and a day of pledge loans (ipledger seed --years 3 --scale 1) …');
  state.demo = await devstack.spawnManaged({
    name: 'seed',
    command: process.execPath,
    args: [path.join(root, 'apps', 'cli', 'bin', 'ipledger.mjs'), 'seed', '--years', '3', '--scale', '1', '--seed', '2026'],
    cwd: root,
    env: { ...process.env, [devstack.KAFKA_SECURITY_ENV]: undefined, IPLEDGER_BASE_URL: gatewayUrl, IPLEDGER_DEMO_PASSWORD: demoPassword },
    onLine: (line) => childLine('seed', line),
  });
  const seeded = await state.demo.exited;
  state.demo = undefined;
  if (shuttingDown) return;
  if (seeded.code === 0) say('three years of deals and a day of pledge loans loaded');
  else shout(`the multi-year activity failed (${devstack.describeExit(seeded)}); the system keeps running without it`);
}

async function main() {
  const { databaseUrl, brokers, roleSecret, auditorUrl, outboxOperatorUrl } = await startInfrastructure();
  if (shuttingDown) return;
  await devstack.assertPortFree(config.IPLEDGER_PORT, 'gateway (IPLEDGER_PORT)', 'set IPLEDGER_PORT to another port');
  say(`starting services: ${devstack.APP_NAMES.join(', ')} …`);
  const started = Date.now();
  const secrets = devstack.localSecrets(home);
  // Each key pair comes whole from the environment or whole from the data folder, never half and half.
  for (const [a, b] of [
    ['IPLEDGER_JWT_PUBLIC_KEY', 'IPLEDGER_JWT_PRIVATE_KEY'],
    ['IPLEDGER_LEDGER_PUBLIC_KEY', 'IPLEDGER_LEDGER_SIGNING_KEY'],
    ['IPLEDGER_AUDIT_PUBLIC_KEY', 'IPLEDGER_AUDIT_SIGNING_KEY'],
  ]) {
    if (Boolean(process.env[a]) !== Boolean(process.env[b])) {
      throw new Error(
        `${process.env[a] ? a : b} is set but ${process.env[a] ? b : a} is not: give both halves of the key pair, or neither`,
      );
    }
  }
  const demoAccounts = config.IPLEDGER_DEMO_DATA !== '0';
  state.services = await devstack.startAllServices(
    {
      // The administrator's URL: each service is given its own role's instead (libs/devstack/src/services.ts).
      DATABASE_URL: databaseUrl,
      IPLEDGER_DB_ROLE_SECRET: roleSecret,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX,
      // A deployment's own keys win; otherwise the ones generated into the data folder.
      IPLEDGER_JWT_PUBLIC_KEY: process.env.IPLEDGER_JWT_PUBLIC_KEY || secrets.publicJwk,
      IPLEDGER_JWT_PRIVATE_KEY: process.env.IPLEDGER_JWT_PRIVATE_KEY || secrets.privateJwk,
      IPLEDGER_LEDGER_PUBLIC_KEY: process.env.IPLEDGER_LEDGER_PUBLIC_KEY || secrets.ledgerPublicJwk,
      IPLEDGER_LEDGER_SIGNING_KEY: process.env.IPLEDGER_LEDGER_SIGNING_KEY || secrets.ledgerPrivateJwk,
      IPLEDGER_AUDIT_PUBLIC_KEY: process.env.IPLEDGER_AUDIT_PUBLIC_KEY || secrets.auditPublicJwk,
      IPLEDGER_AUDIT_SIGNING_KEY: process.env.IPLEDGER_AUDIT_SIGNING_KEY || secrets.auditPrivateJwk,
      ...(demoAccounts ? { IPLEDGER_DEMO_PASSWORD: process.env.IPLEDGER_DEMO_PASSWORD || secrets.demoPassword } : {}),
    },
    { gatewayPort: config.IPLEDGER_PORT, onLine: serviceLine },
  );
  for (const service of state.services.services) watch(service.name, service.process, () => readableTail(service.tail(30)));
  say(`services healthy in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (shuttingDown) return;

  const base = state.services.gatewayUrl;
  await loadDemoData(databaseUrl, base, brokers, process.env.IPLEDGER_DEMO_PASSWORD || secrets.demoPassword);
  if (shuttingDown) return;
  say('');
  say(paint(1, `iPledger is running at ${base}`));
  say(`  API docs   ${base}/docs`);
  say(`  health     ${base}/health`);
  say(`  database   ${state.postgres.external ? devstack.redactUrl(databaseUrl) : databaseUrl}`);
  say(
    `  auditor    ${state.postgres.external ? devstack.redactUrl(auditorUrl) : auditorUrl}  (read-only: ipledger ledger export|verify --database-url …)`,
  );
  say(
    `  outbox     ${state.postgres.external ? devstack.redactUrl(outboxOperatorUrl) : outboxOperatorUrl}  (republish requests only: ipledger outbox republish --database-url …)`,
  );
  const prefixNote =
    config.KAFKA_TOPIC_PREFIX === '' ? '' : `, topic prefix ${config.KAFKA_TOPIC_PREFIX} (give the CLI KAFKA_TOPIC_PREFIX too)`;
  say(
    `  Kafka      ${brokers.join(',')}${prefixNote} (SASL/SCRAM-SHA-512; the operator's principal for ipledger dlq / stats rebuild is in ${path.join(home, 'kafka-secrets.json')}, see docs/operations.md)`,
  );
  if (demoAccounts) {
    say(`  log in     POST ${base}/api/auth/login {"username":"li.wei","password":"…"} (bank; README lists every demo user)`);
    say(`  demo password: ${process.env.IPLEDGER_DEMO_PASSWORD || secrets.demoPassword}  (kept in ${path.join(home, 'secrets.json')})`);
  }
  say('Ctrl-C stops everything.');
}

main().catch((error) => {
  if (shuttingDown) return;
  const hint = /already in use/.test(error.message)
    ? '\n  (another `npm start`? Stop it, or choose other ports: IPLEDGER_PORT, IPLEDGER_PG_PORT, IPLEDGER_KAFKA_PORT, IPLEDGER_KAFKA_CONTROLLER_PORT)'
    : '';
  fail(`start-up failed: ${error.message}${hint}`);
});
