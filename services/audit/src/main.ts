import { runService } from '@ipledger/service-kit';
import { AuditModule } from './audit.module';
import { PrismaClient } from './database';

void runService({ service: 'audit', schema: 'audit', prismaClient: PrismaClient, consumer: 'audit', module: AuditModule });
