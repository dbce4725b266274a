import { Module, type DynamicModule } from '@nestjs/common';
import { LOGGER, SERVICE_STATE, ServiceState, type Logger } from '@ipledger/service-kit';
import { GatewayController, UPSTREAMS } from './gateway.controller';
import type { Upstreams } from './upstreams';

@Module({})
export class GatewayModule {
  static forUpstreams(upstreams: Upstreams, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [GatewayController],
      providers: [
        { provide: UPSTREAMS, useValue: upstreams },
        { provide: LOGGER, useValue: logger },
        // Shared by readiness and the graceful shutdown (which marks it first).
        { provide: SERVICE_STATE, useValue: new ServiceState() },
      ],
    };
  }
}
