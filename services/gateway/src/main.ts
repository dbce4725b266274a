import { ConfigError } from '@ipledger/service-kit';
import { loadGatewayConfig, type GatewayConfig } from './gateway.config';
import { answerClientErrors } from './client-errors';
import { createGatewayApp } from './gateway-app';

async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadGatewayConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`gateway: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await createGatewayApp(config);
  answerClientErrors(app.getHttpServer());
  await app.listen(config.IPLEDGER_PORT, config.HOST);
}

void main();
