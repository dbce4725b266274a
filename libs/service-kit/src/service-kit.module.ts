// Everything a service needs besides its own domain, provided once: configuration, logger,
// database, Kafka, the outbox and its relay, the unit of work, health, errors and roles.
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { createPrismaClient, type DatabaseClient } from '@ipledger/db';
import { EventSigner, KafkaTopicPartitionCounts, MessagingPruner, Outbox, OutboxRelay, RenewableProducer } from '@ipledger/messaging';
import type { ServiceConfig } from './config';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditRecorder } from './audit-recorder';
import { HttpExceptionFilter } from './http-exception.filter';
import { retentionPolicy } from './retention-config';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import type { Logger } from './logging';
import { MessagingLifecycle, RELAY_PRODUCER } from './messaging-lifecycle';
import { AuthenticationGuard } from './authentication.guard';
import { Clock } from './clock';
import { CommandEventsInterceptor } from './command-events';
import { ConsistencyGuard } from './consistency.guard';
import { TextSanityGuard } from './text-sanity.guard';
import { TokenVerifier } from './authentication';
import { RolesGuard } from './roles.guard';
import type { ServiceIdentity } from './service-identity';
import { ServiceState } from './service-state';
import {
  KAFKA,
  LOGGER,
  MESSAGING_PRUNER,
  OUTBOX,
  OUTBOX_RELAY,
  PRISMA,
  SERVICE_CONFIG,
  SERVICE_IDENTITY,
  SERVICE_STATE,
  TOKEN_VERIFIER,
} from './tokens';
import { UnitOfWork } from './unit-of-work';

export function createKafka(clientId: string, config: ServiceConfig, logger: Logger): Kafka {
  return new Kafka({
    clientId,
    brokers: config.KAFKA_BROKERS,
    // The service's own principal; the broker's ACLs decide what it may write and read.
    sasl:
      config.KAFKA_SASL_MECHANISM === 'scram-sha-256'
        ? { mechanism: 'scram-sha-256', username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD }
        : { mechanism: 'scram-sha-512', username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD },
    logLevel: logLevel.WARN,
    // A broker that hangs (cut off, frozen) keeps its sockets open: a request to it neither fails
    // nor returns until this runs out, and kafkajs then retries it on the same broker. 10 s rather
    // than kafkajs' 30 s, so a client gives up on a hung leader soon after the controller fenced it
    // (broker.session.timeout.ms, 9 s by default) and finds the new leader (event-consumer.ts
    // refreshes its metadata every 10 s; the relay sends through a new producer).
    requestTimeout: 10_000,
    retry: { retries: 8, initialRetryTime: 200 },
    logCreator: () => (entry) => {
      const fields = { kafka: entry.namespace, ...entry.log };
      if (entry.level <= logLevel.ERROR) logger.error(fields, entry.log.message);
      else logger.warn(fields, entry.log.message);
    },
  });
}

@Global()
@Module({})
export class ServiceKitModule {
  static forService(identity: ServiceIdentity, config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: ServiceKitModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_IDENTITY, useValue: identity },
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: SERVICE_STATE, useValue: new ServiceState() },
        {
          provide: PRISMA,
          useFactory: () => createPrismaClient(identity.prismaClient, { url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE }),
        },
        { provide: KAFKA, useFactory: () => createKafka(identity.service, config, logger) },
        {
          provide: RELAY_PRODUCER,
          inject: [KAFKA],
          useFactory: async (kafka: Kafka) => {
            const producer = new RenewableProducer({
              create: async () => {
                const created = kafka.producer({
                  idempotent: true,
                  maxInFlightRequests: 1,
                  allowAutoTopicCreation: false,
                  createPartitioner: Partitioners.DefaultPartitioner,
                });
                await created.connect();
                return created;
              },
              onRenew: (reason) =>
                logger.warn({ err: reason }, 'outbox relay: a send failed or timed out; the next sends go through a new producer'),
            });
            await producer.connect();
            return producer;
          },
        },
        {
          provide: OUTBOX,
          useFactory: () => new Outbox({ schema: identity.schema, producer: identity.service, topicPrefix: config.KAFKA_TOPIC_PREFIX }),
        },
        {
          provide: OUTBOX_RELAY,
          inject: [PRISMA, RELAY_PRODUCER, KAFKA],
          useFactory: (prisma: DatabaseClient, producer: RenewableProducer, kafka: Kafka) =>
            new OutboxRelay({
              db: prisma,
              databaseUrl: config.DATABASE_URL,
              schema: identity.schema,
              producer,
              signer: new EventSigner(config.IPLEDGER_EVENT_SIGNING_KEY),
              partitionCounts: new KafkaTopicPartitionCounts(kafka),
              logger,
              pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
            }),
        },
        {
          // Retention of the outbox, inbox and idempotency keys, through the schema's retention functions.
          provide: MESSAGING_PRUNER,
          inject: [PRISMA],
          useFactory: (prisma: DatabaseClient) =>
            new MessagingPruner({
              db: prisma,
              schema: identity.schema,
              policy: retentionPolicy(config),
              logger,
              batchSize: config.RETENTION_BATCH_SIZE,
              intervalMs: config.RETENTION_PRUNE_INTERVAL_MS,
            }),
        },
        Clock,
        MessagingLifecycle,
        AuditRecorder,
        UnitOfWork,
        { provide: APP_FILTER, inject: [AuditRecorder], useFactory: (audit: AuditRecorder) => new HttpExceptionFilter(logger, audit) },
        { provide: TOKEN_VERIFIER, useFactory: () => new TokenVerifier(config.IPLEDGER_JWT_PUBLIC_KEY) },
        // Guards run in this order: text the database can store, who is it (bearer token), may that
        // role call the route, then has this service applied the events the request names (IPledger-After).
        { provide: APP_GUARD, useClass: TextSanityGuard },
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_GUARD, useClass: ConsistencyGuard },
        // Interceptors run in this order: the audit state and the record after the answer, the
        // answer's IPledger-Events (also on an idempotent replay), then idempotency. What a command's
        // unit of work already wrote, each of them reads from its receipt (command-receipt.ts).
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        { provide: APP_INTERCEPTOR, useClass: CommandEventsInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [
        SERVICE_IDENTITY,
        SERVICE_CONFIG,
        SERVICE_STATE,
        LOGGER,
        PRISMA,
        KAFKA,
        OUTBOX,
        OUTBOX_RELAY,
        MESSAGING_PRUNER,
        UnitOfWork,
        AuditRecorder,
        Clock,
      ],
    };
  }
}
