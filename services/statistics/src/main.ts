import { ConfigError, runService } from '@ipledger/service-kit';
import { loadStatisticsConfig, type StatisticsConfig } from './statistics.config';
import { StatisticsModule } from './statistics.module';
import { PrismaClient } from './database';
import { StatisticsBatchConsumer } from './statistics-batch.consumer';

let config: StatisticsConfig;
try {
  config = loadStatisticsConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`statistics: ${error.message}\n`);
  process.exit(2);
}
void runService({
  service: 'statistics',
  schema: 'statistics',
  prismaClient: PrismaClient,
  consumer: 'statistics',
  module: StatisticsModule.withConfig(config),
  batchConsumer: StatisticsBatchConsumer,
  // Every event adds to a few shared rows (a year's totals): a larger batch sums more of them in
  // memory before the one write per table.
  batchEvents: 1_000,
});
