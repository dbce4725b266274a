// Starting a service: validate config, build the Nest app with the service kit, attach the Kafka
// event transport when the service consumes, listen on HTTP. Tests call createServiceApp
// in-process; main.ts files call runService.
import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { PrismaClient, TransactionClient } from '@ipledger/db';
import { KafkaEventTransport, type OutboxRelay, type RetryPolicy } from '@ipledger/messaging';
import { ConfigError, loadConfig, ServiceConfigSchema, type ServiceConfig } from './config';
import { createLogger, NestPinoLogger } from './logging';
import type { ServiceIdentity } from './service-identity';
import { createKafka, ServiceKitModule } from './service-kit.module';
import { OUTBOX_RELAY, PRISMA } from './tokens';

export const REQUEST_BODY_LIMIT = '100kb';

export interface ServiceDefinition extends ServiceIdentity {
  module: Type | DynamicModule;
  retry?: RetryPolicy;
}

export async function createServiceApp(definition: ServiceDefinition, config: ServiceConfig): Promise<INestApplication> {
  const logger = createLogger(definition.service, config.LOG_LEVEL);

  @Module({ imports: [ServiceKitModule.forService(definition, config, logger), definition.module] })
  class RootModule {}

  const app = await NestFactory.create<NestExpressApplication>(RootModule, {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: REQUEST_BODY_LIMIT });
  app.disable('x-powered-by');
  // Security headers on every answer; CORS stays closed (Nest enables it only when asked), so a
  // browser page from another origin cannot call the API with a user's token.
  app.use(helmet());
  // Services listen on loopback behind the gateway: the caller's address is the one it forwards.
  app.set('trust proxy', 'loopback');
  app.enableShutdownHooks();

  if (definition.consumer) {
    const prisma = app.get<PrismaClient>(PRISMA);
    const relay = app.get<OutboxRelay>(OUTBOX_RELAY);
    app.connectMicroservice(
      {
        strategy: new KafkaEventTransport<TransactionClient>({
          kafka: createKafka(`${definition.service}-consumer`, config, logger),
          consumer: definition.consumer,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          db: prisma,
          schema: definition.schema,
          logger,
          retry: definition.retry,
          afterCommit: () => relay.nudge(),
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  return app;
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
  const app = await createServiceApp(definition, config);
  await app.listen(config.PORT, config.HOST);
}
