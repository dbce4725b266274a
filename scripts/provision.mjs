#!/usr/bin/env node
// Prepares a deployment's own PostgreSQL and Kafka for the services, as `npm start` does for its
// (scripts/start.mjs), without starting anything: infra/compose.yaml's `setup` job runs it once
// before the services start. Steps, each idempotent:
//   1. waits for PostgreSQL and for a Kafka cluster with as many brokers as the replication target;
//   2. migrates the database as the owner role and provisions every service's role
//      (libs/devstack/src/database-roles.ts; prisma migrate deploy, so it runs where the Prisma CLI is:
//      the image's build stage);
//   3. creates every topic (KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS, else the cluster's
//      defaults) and the catalogue's ACLs for the services' principals, as the admin super user.
//
// Environment (infra/compose.yaml gives it env/setup.env from `node scripts/compose-config.mjs`):
//   DATABASE_URL               the administrator's connection (creates the roles)
//   IPLEDGER_DB_ROLE_SECRET    the roles' passwords are derived from it
//   IPLEDGER_KAFKA_SECURITY    every Kafka principal (admin included) and signing key
//   KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS
// Exit 0 when done, 1 with the reason otherwise, 2 on a bad or missing variable.
import { requireTs } from './lib/typescript.mjs';

const WAIT_MS = 180_000;
const devstack = requireTs('libs/devstack/src/index.ts');
const contracts = requireTs('libs/contracts/src/index.ts');
const replicationModule = requireTs('libs/messaging/src/topic-replication.ts');
const inspectionModule = requireTs('libs/messaging/src/topic-inspection.ts');

const say = (message) => console.log(`provision: ${message}`);

function settings() {
  const problems = [];
  const need = (name) => {
    const value = process.env[name];
    if (value === undefined || value === '') problems.push(`${name}: is required`);
    return value ?? '';
  };
  const databaseUrl = need('DATABASE_URL');
  const roleSecret = need('IPLEDGER_DB_ROLE_SECRET');
  const brokerReading = contracts.readBrokerList(need('KAFKA_BROKERS'));
  if (process.env.KAFKA_BROKERS && !brokerReading.ok) problems.push(`KAFKA_BROKERS: ${brokerReading.problem}`);
  const security = devstack.kafkaSecurityFromEnv();
  if (security === undefined) problems.push(`${devstack.KAFKA_SECURITY_ENV}: is required (every Kafka principal)`);
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  if (!/^[a-zA-Z0-9._-]*$/.test(prefix)) problems.push('KAFKA_TOPIC_PREFIX: may contain only letters, digits, dot, dash and underscore');
  let replication;
  try {
    replication = replicationModule.replicationSettingsFromEnv(process.env);
  } catch (error) {
    problems.push(error.message);
  }
  if (problems.length > 0) {
    console.error(`provision: invalid configuration, nothing done:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    process.exit(2);
  }
  return { databaseUrl, roleSecret, brokers: brokerReading.brokers, security, prefix, replication };
}

async function withAdmin(config, use) {
  const admin = devstack.adminKafka(config.brokers, 'ipledger-provision', devstack.saslOf(config.security.admin)).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The cluster's defaults, once it has the brokers the replication target needs. */
async function waitForCluster(config) {
  const deadline = Date.now() + WAIT_MS;
  let last = 'no answer yet';
  for (;;) {
    try {
      const cluster = await withAdmin(config, (admin) => inspectionModule.readClusterDefaults(admin));
      const wanted = config.replication.replicationFactor ?? cluster.defaultReplicationFactor;
      if (cluster.brokerCount >= wanted) return cluster;
      last = `${cluster.brokerCount} of ${wanted} brokers`;
    } catch (error) {
      last = error.message;
    }
    if (Date.now() > deadline) throw new Error(`Kafka at ${config.brokers.join(',')} not ready in ${WAIT_MS / 1000} s (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

async function main() {
  const config = settings();
  say(`waiting for PostgreSQL (${devstack.redactUrl(config.databaseUrl)}) and Kafka (${config.brokers.join(',')}) …`);
  await devstack.waitForPostgres(config.databaseUrl, { timeoutMs: WAIT_MS });
  const cluster = await waitForCluster(config);

  say('applying migrations (as the owner role) and provisioning the database roles …');
  const credentials = devstack.databaseCredentials(config.databaseUrl, config.roleSecret, process.env);
  await devstack.migrateWithRoles(config.databaseUrl, credentials);

  const topics = contracts.topicSpecs(config.prefix);
  const target = replicationModule.replicationTarget(config.replication, cluster);
  say(
    `topics: ${target.replicationFactor} replicas, min.insync.replicas ${target.minInsyncReplicas} on ${cluster.brokerCount} broker(s) (${target.source})`,
  );
  await devstack.createTopics(config.brokers, topics, replicationModule.creationReplication(config.replication, cluster, target));
  const report = await withAdmin(config, (admin) =>
    inspectionModule.checkTopicReplication(
      admin,
      topics.map((topic) => topic.name),
      config.replication,
    ),
  );
  const low = report.topics.filter((topic) => topic.status !== 'OK');
  for (const topic of low) console.error(`provision: ${replicationModule.describeShortfall(topic)}`);
  if (low.length > 0 && config.replication.require)
    throw new Error(`${low.length} topic(s) below the replication target and KAFKA_REQUIRE_REPLICATION=true`);
  const plan = devstack.grantsToPrincipals(contracts.kafkaAccessPlan(config.prefix), config.security);
  await devstack.applyKafkaAcls(config.brokers, plan, devstack.saslOf(config.security.admin));
  await devstack.warmUpGroupCoordinator(config.brokers);
  say(
    `done: database migrated, roles provisioned, ${topics.length} topics${config.prefix === '' ? '' : ` (prefix ${config.prefix})`} and their ACLs`,
  );
}

main().catch((error) => {
  console.error(`provision: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
