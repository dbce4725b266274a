import { Module, type DynamicModule } from '@nestjs/common';
import { parseLedgerSigningKey } from '@ipledger/ledger-proof';
import { AUDIT_CONFIG, AUDIT_SIGNING_KEY, type AuditConfig } from './audit.config';
import { AuditBatchConsumer } from './audit-batch.consumer';
import { AuditChainRepository } from './audit-chain.repository';
import { AuditCheckpoints } from './audit-checkpoints';
import { AuditController } from './audit.controller';
import { AuditExport } from './audit-export';
import { AuditHandlers } from './audit.handlers';
import { AuditRepository } from './audit.repository';

@Module({})
export class AuditModule {
  static withConfig(config: AuditConfig): DynamicModule {
    return {
      module: AuditModule,
      controllers: [AuditController, AuditHandlers],
      providers: [
        { provide: AUDIT_CONFIG, useValue: config },
        { provide: AUDIT_SIGNING_KEY, useFactory: () => parseLedgerSigningKey(config.IPLEDGER_AUDIT_SIGNING_KEY) },
        AuditRepository,
        AuditChainRepository,
        AuditCheckpoints,
        AuditExport,
        AuditBatchConsumer,
      ],
    };
  }
}
