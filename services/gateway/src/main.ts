import { ConfigError, installGracefulShutdown, LOGGER, type Logger } from '@ipledger/service-kit';
import { loadGatewayConfig, type GatewayConfig } from './gateway.config';
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
  // The same ordered stop as every service (readiness 503, HTTP drained, exit 0).
  installGracefulShutdown(app, app.get<Logger>(LOGGER), { timeoutMs: 25_000, readinessDelayMs: 0 });
  await app.listen(config.IPLEDGER_PORT, config.HOST);
}

void main();
