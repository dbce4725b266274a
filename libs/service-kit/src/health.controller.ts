// Health endpoints, public like every infrastructure route (not in the routes table, so the
// authentication guard lets them through):
//   GET /health/live   the process runs and answers; no dependency is asked.
//   GET /health/ready  database, broker and (consuming services) the event consumer; 503 naming
//                      the failed checks, and 503 "shutting-down" from the first shutdown signal.
//   GET /health        the same as /health/ready (devstack and the gateway poll it).
import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Kafka, Admin } from 'kafkajs';
import type { DatabaseClient } from '@ipledger/db';
import { assessReadiness, type CheckState } from './readiness';
import type { ServiceIdentity } from './service-identity';
import type { ServiceState } from './service-state';
import { KAFKA, PRISMA, SERVICE_IDENTITY, SERVICE_STATE } from './tokens';

@Controller()
export class HealthController {
  private admin: Admin | undefined;

  constructor(
    @Inject(PRISMA) private readonly prisma: DatabaseClient,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    @Inject(SERVICE_STATE) private readonly state: ServiceState,
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
    const shuttingDown = this.state.shuttingDown;
    const [database, kafka] = shuttingDown ? [undefined, undefined] : await Promise.all([this.checkDatabase(), this.checkKafka()]);
    const result = assessReadiness({ shuttingDown: this.state.shuttingDown, database, kafka, consumer: this.state.consumerStatus() });
    response.status(result.ready ? 200 : 503);
    return { status: result.status, service: this.identity.service, checks: result.checks, ...(result.ready ? {} : { failed: result.failed }) };
  }

  private async checkDatabase(): Promise<CheckState> {
    try {
      await this.prisma.$queryRawUnsafe('SELECT 1');
      return 'up';
    } catch {
      return 'down';
    }
  }

  private async checkKafka(): Promise<CheckState> {
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      await this.admin.describeCluster();
      return 'up';
    } catch {
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      return 'down';
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}
