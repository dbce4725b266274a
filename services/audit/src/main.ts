import { ConfigError, runService } from '@ipledger/service-kit';
import { loadAuditConfig, type AuditConfig } from './audit.config';
import { AuditBatchConsumer } from './audit-batch.consumer';
import { AuditModule } from './audit.module';
import { PrismaClient } from './database';

let config: AuditConfig;
try {
  config = loadAuditConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`audit: ${error.message}\n`);
  process.exit(2);
}
void runService({
  service: 'audit',
  schema: 'audit',
  prismaClient: PrismaClient,
  consumer: 'audit',
  module: AuditModule.withConfig(config),
  batchConsumer: AuditBatchConsumer,
  // Every record waits for the chain head anyway (see the ledger's main.ts).
  batchEvents: 500,
});
