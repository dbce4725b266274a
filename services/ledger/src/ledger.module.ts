import { Module } from '@nestjs/common';
import { LedgerController } from './ledger.controller';
import { LedgerHandlers } from './ledger.handlers';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

@Module({
  controllers: [LedgerController, LedgerHandlers],
  providers: [LedgerService, LedgerRepository],
})
export class LedgerModule {}
