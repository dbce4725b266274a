import { runService } from '@ipledger/service-kit';
import { AuditModule } from './audit.module';

void runService({ service: 'audit', schema: 'audit', consumer: 'audit', module: AuditModule });
