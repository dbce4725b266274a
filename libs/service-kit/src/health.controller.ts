import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Kafka, Admin } from 'kafkajs';
import type { PrismaClient } from '@ipledger/db';
import { KAFKA, PRISMA, SERVICE_IDENTITY } from './tokens';
import type { ServiceIdentity } from './service-identity';

type CheckState = 'up' | 'down';

/** Readiness: 200 when the database and the broker answer, 503 (with which one failed) otherwise. */
@Controller()
export class HealthController {
  private admin: Admin | undefined;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
  ) {}

  @Get('health')
  @HttpCode(200)
  async health(@Res({ passthrough: true }) response: Response) {
    const [database, kafka] = await Promise.all([this.checkDatabase(), this.checkKafka()]);
    const ok = database === 'up' && kafka === 'up';
    response.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', service: this.identity.service, checks: { database, kafka } };
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
