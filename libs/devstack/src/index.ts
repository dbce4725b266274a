// @ipledger/devstack: local infrastructure for `npm start`, the test run and benchmarks.
// A real PostgreSQL (embedded binaries) and a real Kafka broker (Apache Kafka's Maven jars),
// started on 127.0.0.1, or existing ones given by DATABASE_URL / KAFKA_BROKERS; plus the system's
// service processes. Everything started here is stopped when the starting process ends.
//
// Keep imports inside this library relative: libs/testing's jest global setup loads it without
// the path aliases.
export { freePort, freePorts, isPortFree, assertPortFree } from './ports';
export { repoRoot, ipledgerHome, defaultKafkaJarsDir, tailFile } from './paths';
export {
  spawnManaged,
  runCommand,
  describeExit,
  signalAllChildren,
  liveChildCount,
  type ManagedProcess,
  type SpawnManagedOptions,
  type ExitInfo,
  type OutputStream,
} from './processes';
export {
  startPostgres,
  createDatabase,
  dropDatabase,
  ensureDatabase,
  databaseExists,
  listDatabases,
  migrate,
  waitForPostgres,
  withDatabase,
  databaseName,
  redactUrl,
  type StartPostgresOptions,
  type PostgresHandle,
} from './postgres';
export {
  ensureExternalDatabase,
  createDatabaseStatement,
  DatabaseNotCreatableError,
  type ExternalDatabaseOutcome,
} from './external-database';
export {
  startKafka,
  createTopics,
  deleteTopics,
  waitForKafka,
  warmUpGroupCoordinator,
  parseBrokers,
  kafkaServerProperties,
  principalsFingerprint,
  type StartKafkaOptions,
  type KafkaHandle,
  type TopicToCreate,
  type TopicReplication,
  type KafkaNodeLayout,
} from './kafka';
export { startKafkaCluster, CLUSTER_CONTROLLER_ID, type StartKafkaClusterOptions, type KafkaClusterHandle, type ClusterBroker } from './kafka-cluster';
export {
  BACKEND_SERVICES,
  APP_NAMES,
  servicesDir,
  serviceMain,
  builtServiceMain,
  waitForHealth,
  startServiceProcess,
  startAllServices,
  withServiceDatabase,
  AbandonedError,
  type AppName,
  type BackendServiceName,
  type ServiceEnvironment,
  type ServiceProcess,
  type StartServiceOptions,
  type StartAllServicesOptions,
  type RunningServices,
} from './services';
export {
  COMPOSE_KAFKA_LAYOUT,
  COMPOSE_SERVER_PROPERTIES,
  COMPOSE_START_SCRIPT,
  composeServerProperties,
  composeStartScript,
  writeComposeConfig,
  type ComposeKafkaLayout,
  type ComposeConfigFiles,
} from './compose-config';
export { generateTokenKeys, generateDatabaseRoleSecret, localSecrets, type TokenKeys, type LocalSecrets } from './secrets';
export {
  SERVICE_DATABASE_GRANTS,
  OWNER_ROLE,
  AUDITOR_ROLE,
  AUDITOR_SCHEMAS,
  OUTBOX_OPERATOR_ROLE,
  OUTBOX_OPERATOR_READS,
  OUTBOX_OPERATOR_WRITES,
  ROLE_SECRET_VARIABLE,
  serviceGrant,
  serviceRole,
  roleUrlVariable,
  deriveRolePassword,
  roleUrl,
  serviceCredential,
  databaseCredentials,
  prepareDatabaseOwner,
  provisionDatabaseRoles,
  migrateWithRoles,
  type ServiceDatabaseGrant,
  type RoleCredential,
  type DatabaseCredentials,
} from './database-roles';
export {
  KAFKA_SERVICE_PRINCIPALS,
  KAFKA_SASL_MECHANISM,
  KAFKA_SECURITY_ENV,
  generateKafkaSecurity,
  localKafkaSecurity,
  generateEventSigningKey,
  kafkaSecurityFromEnv,
  saslOf,
  adminSasl,
  adminKafka,
  eventPublicKeys,
  serviceKafkaEnv,
  operatorKafkaEnv,
  scramPrincipals,
  scramFormatArgs,
  brokerSecurityProperties,
  aclEntries,
  applyKafkaAcls,
  grantsToPrincipals,
  deploymentKafkaSecurity,
  deploymentPrincipals,
  type KafkaAccess,
  type KafkaCredentials,
  type KafkaSecurity,
  type KafkaServiceName,
  type EventSigningKey,
} from './kafka-security';
export { addScramPrincipals, type AddScramPrincipalsOptions } from './scram-principals';
