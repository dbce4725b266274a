import { ConfigError, runService } from '@ipledger/service-kit';
import { loadIdentityConfig, type IdentityConfig } from './identity.config';
import { IdentityModule } from './identity.module';
import { PrismaClient } from './database';

let config: IdentityConfig;
try {
  config = loadIdentityConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`identity: ${error.message}\n`);
  process.exit(2);
}
void runService({ service: 'identity', schema: 'identity', prismaClient: PrismaClient, module: IdentityModule.withConfig(config) });
