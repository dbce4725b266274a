import { ConfigError, runService } from '@ipledger/service-kit';
import { loadStatisticsConfig, type StatisticsConfig } from './statistics.config';
import { StatisticsModule } from './statistics.module';
import { PrismaClient } from './database';

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
});
