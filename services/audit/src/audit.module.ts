import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditHandlers } from './audit.handlers';
import { AuditRepository } from './audit.repository';

@Module({
  controllers: [AuditController, AuditHandlers],
  providers: [AuditRepository],
})
export class AuditModule {}
