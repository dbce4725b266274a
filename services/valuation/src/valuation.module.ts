import { Module } from '@nestjs/common';
import { ValuationController } from './valuation.controller';
import { ValuationHandlers } from './valuation.handlers';
import { ValuationRepository } from './valuation.repository';
import { ValuationService } from './valuation.service';

@Module({
  controllers: [ValuationController, ValuationHandlers],
  providers: [ValuationService, ValuationRepository],
})
export class ValuationModule {}
