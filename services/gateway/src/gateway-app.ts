import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import path from 'node:path';
import {
  answerClientErrors,
  createLogger,
  keepIdleConnectionsOpen,
  methodCheck,
  NestLogger,
  noStore,
  TrustedProxies,
} from '@ipledger/service-kit';
import type { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { consoleHandler } from './console';
import { createProxy } from './proxy';
import { upstreamsFrom } from './upstreams';

/** One base URL for users: the web console at /, /api/* proxied to the services, /docs, /health. */
export async function createGatewayApp(config: GatewayConfig): Promise<NestExpressApplication> {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const upstreams = upstreamsFrom(config);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forUpstreams(upstreams, logger), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(NestLogger));
  app.disable('x-powered-by');
  // Security headers everywhere; the API docs page (Swagger UI) runs an inline start-up script,
  // so only it goes without a content security policy. CORS stays closed.
  app.use('/api', helmet());
  app.use(helmet({ contentSecurityPolicy: false }));
  // API data, tokens and health are never stored by a browser or a proxy (errors neither, anywhere:
  // the exception filter); the console and the docs are static and may be.
  app.use(['/api', '/health'], noStore());
  // A path of the API called with a method it does not have: 405 here, with the methods it has.
  app.use(methodCheck());
  app.use('/api', createProxy(upstreams, config.UPSTREAM_TIMEOUT_MS, TrustedProxies.parse(config.IPLEDGER_TRUSTED_PROXIES)));
  app.useStaticAssets(path.dirname(require.resolve('swagger-ui-dist/package.json')), { prefix: '/docs/assets/', index: false });
  // The web console (apps/console/dist, when built), with its own CSP: external scripts only.
  const webConsole = consoleHandler();
  if (webConsole !== undefined) app.use(webConsole);
  // Requests Node refuses before Express sees them still get the standard error body.
  answerClientErrors(app.getHttpServer());
  // Idle connections from a load balancer or client are closed by them, not under their requests.
  keepIdleConnectionsOpen(app.getHttpServer());
  return app;
}
