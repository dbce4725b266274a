import { runService } from '@ipledger/service-kit';
import { RiskCompensationModule } from './risk-compensation.module';
import { PrismaClient } from './database';

void runService({
  service: 'risk-compensation',
  schema: 'risk_compensation',
  prismaClient: PrismaClient,
  consumer: 'risk-compensation',
  module: RiskCompensationModule,
});
