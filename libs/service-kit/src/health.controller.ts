// Health endpoints, public like every infrastructure route (not in the routes table, so the
// authentication guard lets them through):
//   GET /health/live   the process runs and answers; no dependency is asked.
//   GET /health/ready  database, broker, outbox relay and (consuming services) the event consumer,
//                      each check bounded (readiness-probe.ts), answered within about 1.5 s:
//                      200 "ok"; 200 "degraded" naming what is impaired (broker or a partition
//                      unreachable, relay behind); 503 "down" naming what stops the service
//                      (database, consumer); 503 "shutting-down" from the first shutdown signal.
//   GET /health        the same as /health/ready (devstack and the gateway poll it).
import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Kafka, Admin } from 'kafkajs';
import type { DatabaseClient } from '@ipledger/db';
import type { OutboxRelay } from '@ipledger/messaging';
import { probeReadiness } from './readiness-probe';
import type { ServiceIdentity } from './service-identity';
import type { ServiceState } from './service-state';
import { KAFKA, OUTBOX_RELAY, PRISMA, SERVICE_IDENTITY, SERVICE_STATE } from './tokens';

@Controller()
export class HealthController {
  private admin: Admin | undefined;

  constructor(
    @Inject(PRISMA) private readonly prisma: DatabaseClient,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    @Inject(SERVICE_STATE) private readonly state: ServiceState,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
  ) {}

  @Get('health/live')
  @HttpCode(200)
  live() {
    return { status: 'alive', service: this.identity.service };
  }

  @Get('health/ready')
  @HttpCode(200)
  async ready(@Res({ passthrough: true }) response: Response) {
    return this.readiness(response);
  }

  @Get('health')
  @HttpCode(200)
  async health(@Res({ passthrough: true }) response: Response) {
    return this.readiness(response);
  }

  private async readiness(response: Response) {
    const result = await probeReadiness({
      shuttingDown: () => this.state.shuttingDown,
      database: async () => {
        await this.prisma.$queryRawUnsafe('SELECT 1');
      },
      kafka: () => this.checkKafka(),
      outbox: async () => ({
        failingPartitions: this.relay.failingPartitions().map((entry) => entry.partition),
        ...(await this.outboxBacklog()),
      }),
      consumer: () => this.state.consumerStatus(),
      consumerFailure: () => this.state.consumerFailure(),
      offsetLosses: () => this.state.offsetLosses(),
    });
    response.status(result.ready ? 200 : 503);
    return {
      status: result.status,
      service: this.identity.service,
      checks: result.checks,
      ...(result.failed.length > 0 ? { failed: result.failed } : {}),
      ...(result.degraded.length > 0 ? { degraded: result.degraded } : {}),
    };
  }

  private async outboxBacklog() {
    const { unpublished, oldestAgeMs, republishing } = await this.relay.backlog();
    return { unpublished, oldestUnpublishedAgeMs: oldestAgeMs, republishing };
  }

  /** One broker check at a time: a check still hanging from an earlier probe is waited on, not doubled. */
  private kafkaCheck: Promise<void> | undefined;

  private checkKafka(): Promise<void> {
    this.kafkaCheck ??= this.askBroker().finally(() => {
      this.kafkaCheck = undefined;
    });
    return this.kafkaCheck;
  }

  private async askBroker(): Promise<void> {
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      await this.admin.describeCluster();
    } catch (error) {
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}
