import { Module, type DynamicModule } from '@nestjs/common';
import { DealsController } from './deals.controller';
import { DealsRepository } from './deals.repository';
import { DealsService } from './deals.service';
import { FactsService } from './facts.service';
import { RollupsRepository } from './rollups.repository';
import { STATISTICS_CONFIG, type StatisticsConfig } from './statistics.config';
import { StatisticsController } from './statistics.controller';
import { StatisticsHandlers } from './statistics.handlers';
import { StatisticsService } from './statistics.service';
import { StatisticsBatchConsumer } from './statistics-batch.consumer';

@Module({})
export class StatisticsModule {
  static withConfig(config: StatisticsConfig): DynamicModule {
    return {
      module: StatisticsModule,
      controllers: [DealsController, StatisticsController, StatisticsHandlers],
      providers: [
        { provide: STATISTICS_CONFIG, useValue: config },
        DealsService,
        DealsRepository,
        FactsService,
        RollupsRepository,
        StatisticsService,
        StatisticsBatchConsumer,
      ],
    };
  }
}
