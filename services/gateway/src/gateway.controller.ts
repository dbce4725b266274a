import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SERVICE_STATE, type ServiceState } from '@ipledger/service-kit';
import { checkSystemHealth } from './health';
import { buildOpenApiDocument } from './openapi';
import type { Upstreams } from './upstreams';

export const UPSTREAMS = Symbol('UPSTREAMS');

const SWAGGER_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>iPledger API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script>window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#swagger-ui' });</script>
</body>
</html>`;

/** The gateway's own endpoints: landing, health of the whole system, and the API docs. */
@Controller()
export class GatewayController {
  private readonly openApi = buildOpenApiDocument();

  constructor(
    @Inject(UPSTREAMS) private readonly upstreams: Upstreams,
    @Inject(SERVICE_STATE) private readonly state: ServiceState,
  ) {}

  @Get()
  landing() {
    return {
      name: 'iPledger',
      description: 'Event-driven ledger for IP-pledge financing and risk compensation',
      docs: '/docs',
      openApi: '/docs/openapi.json',
      health: '/health',
      api: '/api',
    };
  }

  /** Liveness: the gateway process answers; nothing else is checked. */
  @Get('health/live')
  live() {
    return { status: 'alive', service: 'gateway' };
  }

  /** Readiness of the whole system: every service ready, and the gateway not shutting down. */
  @Get(['health', 'health/ready'])
  async health(@Res({ passthrough: true }) response: Response) {
    if (this.state.shuttingDown) {
      response.status(503);
      return { status: 'shutting-down', services: {} };
    }
    const health = await checkSystemHealth(this.upstreams);
    response.status(health.status === 'ok' ? 200 : 503);
    return health;
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  docs(): string {
    return SWAGGER_PAGE;
  }

  @Get('docs/openapi.json')
  openApiDocument() {
    return this.openApi;
  }
}
