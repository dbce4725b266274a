import { ConfigError, runService } from '@ipledger/service-kit';
import { loadLedgerConfig, type LedgerConfig } from './ledger.config';
import { LedgerModule } from './ledger.module';
import { LedgerBatchConsumer } from './ledger-batch.consumer';
import { PrismaClient } from './database';

let config: LedgerConfig;
try {
  config = loadLedgerConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`ledger: ${error.message}\n`);
  process.exit(2);
}
void runService({
  service: 'ledger',
  schema: 'ledger',
  prismaClient: PrismaClient,
  consumer: 'ledger',
  module: LedgerModule.withConfig(config),
  batchConsumer: LedgerBatchConsumer,
  // Every posting waits for the chain head anyway: the more entries a transaction posts, the
  // fewer times its fixed cost is paid (docs/performance.md, "Consuming in batches").
  batchEvents: 1_000,
});
