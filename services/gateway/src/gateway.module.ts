import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HttpExceptionFilter, LOGGER, nestLogging, SERVICE_STATE, ServiceState, type Logger } from '@ipledger/service-kit';
import { GatewayController, UPSTREAMS } from './gateway.controller';
import type { Upstreams } from './upstreams';

@Module({})
export class GatewayModule {
  static forUpstreams(upstreams: Upstreams, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      // Nest's own lines into the gateway's logger (nestjs-pino).
      imports: [nestLogging(logger)],
      controllers: [GatewayController],
      providers: [
        { provide: UPSTREAMS, useValue: upstreams },
        { provide: LOGGER, useValue: logger },
        // Shared by readiness and the graceful shutdown (which marks it first).
        { provide: SERVICE_STATE, useValue: new ServiceState() },
        // The one error body of the API for the gateway's own answers too (404 outside /api, 405, …).
        { provide: APP_FILTER, useFactory: () => new HttpExceptionFilter(logger) },
      ],
    };
  }
}
