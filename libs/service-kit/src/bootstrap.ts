// Starting a service: validate config, build the Nest app with the service kit, attach the Kafka
// event transport when the service consumes, listen on HTTP. Tests call createServiceApp
// in-process (and stop it with app.close()); main.ts files call runService, which also installs
// the graceful shutdown on SIGTERM/SIGINT (graceful-shutdown.ts).
import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DatabaseClient, SqlClient } from '@ipledger/db';
import {
  DEFAULT_BATCH_EVENTS,
  EventVerifier,
  KafkaEventTransport,
  type BatchEventHandler,
  type OutboxRelay,
  type RetryPolicy,
} from '@ipledger/messaging';
import type { AnyEventEnvelope } from '@ipledger/contracts';
import { accessLog } from './access-log';
import { sourceAddressResolver, TrustedProxies } from './client-address';
import { answerClientErrors } from './client-errors';
import { keepIdleConnectionsOpen } from './keep-alive';
import { ConfigError, loadConfig, ServiceConfigSchema, type ServiceConfig } from './config';
import { installGracefulShutdown } from './graceful-shutdown';
import { closeConnectionsWhenStopping } from './http-drain';
import { jsonBody } from './json-body';
import { methodCheck } from './method-check';
import { noStore } from './no-store';
import { createLogger, NestLogger, nestLogging, type Logger } from './logging';
import type { ServiceIdentity } from './service-identity';
import { createKafka, ServiceKitModule } from './service-kit.module';
import type { ServiceState } from './service-state';
import { checkServiceTopics, TopicReplicationError } from './topic-replication-check';
import { LOGGER, OUTBOX_RELAY, PRISMA, SERVICE_STATE } from './tokens';

export interface ServiceDefinition extends ServiceIdentity {
  module: Type | DynamicModule;
  retry?: Partial<RetryPolicy>;
  /** A provider of the module that handles a consumed batch's events together (BatchEventConsumer). */
  batchConsumer?: Type<BatchEventConsumer>;
  /**
   * This service's default for CONSUMER_BATCH_EVENTS (else DEFAULT_BATCH_EVENTS): larger where one
   * lock serialises every transaction anyway (a hash chain's head), so a transaction's fixed cost
   * is shared by more events.
   */
  batchEvents?: number;
}

/** What a service gives to handle the new events of a consumed batch in one go (see BatchEventHandler). */
export interface BatchEventConsumer {
  handleAll(events: readonly AnyEventEnvelope[], tx: SqlClient): Promise<void>;
}

export async function createServiceApp(definition: ServiceDefinition, config: ServiceConfig): Promise<INestApplication> {
  const logger = createLogger(definition.service, config.LOG_LEVEL);
  // Too few replicas of a topic: a warning, or no start with KAFKA_REQUIRE_REPLICATION=true.
  await checkServiceTopics(definition.service, config, logger);

  @Module({ imports: [nestLogging(logger), ServiceKitModule.forService(definition, config, logger), definition.module] })
  class RootModule {}

  // Nest's own lines go to the service's logger (nestjs-pino), those of start-up included.
  const app = await NestFactory.create<NestExpressApplication>(RootModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(NestLogger));
  const state = app.get<ServiceState>(SERVICE_STATE);
  // First, so every request is logged (with its ids) however it ends (pino-http, access-log.ts).
  app.use(accessLog(logger));
  app.use(closeConnectionsWhenStopping(state));
  // Security headers on every answer (refused bodies included); CORS stays closed (Nest enables it
  // only when asked), so a browser page from another origin cannot call the API with a user's token.
  app.use(helmet());
  // The caller's address: X-Forwarded-For only from a trusted proxy (the gateway), decided once
  // per request for throttling and the audit trail (client-address.ts). Express's own request.ip
  // is left to the socket, so nothing reads a header it should not believe.
  app.set('trust proxy', false);
  app.use(sourceAddressResolver(TrustedProxies.parse(config.IPLEDGER_TRUSTED_PROXIES)));
  // Every answer of a service is API data or health: never stored by a browser or a proxy.
  app.use(noStore());
  // A known path with a method it does not have is 405, before its body is read.
  app.use(methodCheck());
  // JSON in UTF-8 only, bounded in size and depth: whatever a caller sends, a 4xx or a body
  // (json-body.ts). Nest's own body parser is off (bodyParser: false above).
  app.use(jsonBody());
  // Requests Node refuses before Express sees them still get the standard error body.
  answerClientErrors(app.getHttpServer());
  // Idle connections from the gateway are closed by the gateway, not under its requests.
  keepIdleConnectionsOpen(app.getHttpServer());
  app.disable('x-powered-by');

  if (definition.consumer) {
    const prisma = app.get<DatabaseClient>(PRISMA);
    const relay = app.get<OutboxRelay>(OUTBOX_RELAY);
    const transport = new KafkaEventTransport<SqlClient>({
      kafka: createKafka(`${definition.service}-consumer`, config, logger),
      consumer: definition.consumer,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      verifier: new EventVerifier(config.IPLEDGER_EVENT_PUBLIC_KEYS),
      db: prisma,
      schema: definition.schema,
      logger,
      retry: { awaitFactForMs: config.CONSUMER_AWAIT_FACT_MS, ...definition.retry },
      batchEvents: config.CONSUMER_BATCH_EVENTS ?? definition.batchEvents ?? DEFAULT_BATCH_EVENTS,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      batchHandler: batchHandlerOf(app, definition),
      afterCommit: () => relay.nudge(),
    });
    // Readiness reports its status; shutdown stops it before the outbox is drained.
    state.attachConsumer(transport);
    app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  return app;
}

function batchHandlerOf(app: INestApplication, definition: ServiceDefinition): BatchEventHandler<SqlClient> | undefined {
  if (definition.batchConsumer === undefined) return undefined;
  const consumer = app.get(definition.batchConsumer);
  return (events, tx) => consumer.handleAll(events, tx);
}

/** The entry point of a service process. */
export async function runService(definition: ServiceDefinition): Promise<void> {
  let config: ServiceConfig;
  try {
    config = loadConfig(ServiceConfigSchema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.service}: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  let app: INestApplication;
  try {
    app = await createServiceApp(definition, config);
  } catch (error) {
    if (error instanceof TopicReplicationError) {
      process.stderr.write(`${definition.service}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  installGracefulShutdown(app, app.get<Logger>(LOGGER), {
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    readinessDelayMs: config.SHUTDOWN_READINESS_DELAY_MS,
  });
  await app.listen(config.PORT, config.HOST);
}
