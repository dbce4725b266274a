import { Module, type DynamicModule } from '@nestjs/common';
import { GatewayController, UPSTREAMS } from './gateway.controller';
import type { Upstreams } from './upstreams';

@Module({})
export class GatewayModule {
  static forUpstreams(upstreams: Upstreams): DynamicModule {
    return { module: GatewayModule, controllers: [GatewayController], providers: [{ provide: UPSTREAMS, useValue: upstreams }] };
  }
}
