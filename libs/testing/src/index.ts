// @ipledger/testing: helpers for integration and e2e tests. The infrastructure (one PostgreSQL,
// one Kafka per `npm test` run) is started by global-setup.ts of the jest "integration" project.
export { ENV, testEnvironment, type TestEnvironment } from './env';
export { createTestDatabase, type TestDatabase } from './database';
export { uniqueTopicPrefix, createTopicsForPrefix, testBrokers } from './topics';
export {
  testKafkaSecurity,
  testKafka,
  kafkaAsService,
  testServiceKafkaEnv,
  signatureHeaders,
  signedMessage,
  grantKafkaAccess,
  deploymentSecurity,
} from './kafka-security';
// The one polling helper lives with the local infrastructure, whose start-up waits use it too.
export { pollUntil, eventually, type PollOptions } from '@ipledger/devstack';
export { testEnvelope, type TestEnvelopeFields } from './envelopes';
export {
  startServiceProcess,
  startAllServices,
  type AppName,
  type RunningServices,
  type ServiceEnvironment,
  type ServiceProcess,
} from './services';
export {
  serviceUnderTest,
  startServiceUnderTest,
  type HttpMethod,
  type MessagePosition,
  type ServiceUnderTest,
  type ServiceUnderTestDefinition,
  type ServiceUnderTestEnv,
  type ServiceUnderTestOptions,
} from './service-under-test';
export { actingAs, testToken, foreignSigningKey, type TestActor, type TokenOptions } from './tokens';
export {
  malformedRequests,
  seededRandom,
  sendRaw,
  type MalformedRequest,
  type MalformedRequestOptions,
  type RawAnswer,
} from './malformed-requests';
export { waitUntilConsumed, laggingPartitions, describeLag, lagAdmin } from './consumer-lag';
export { snapshotOfEveryService } from './service-snapshot';
