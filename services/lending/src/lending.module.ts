import { Module } from '@nestjs/common';
import { LendingController } from './lending.controller';
import { LendingHandlers } from './lending.handlers';
import { LendingRepository } from './lending.repository';
import { EndOfDayServicing } from './end-of-day-servicing.service';
import { LendingService } from './lending.service';
import { PrepaymentService } from './prepayment.service';
import { ServicingSweep } from './servicing-sweep';

@Module({
  controllers: [LendingController, LendingHandlers],
  providers: [LendingService, PrepaymentService, LendingRepository, EndOfDayServicing, ServicingSweep],
})
export class LendingModule {}
