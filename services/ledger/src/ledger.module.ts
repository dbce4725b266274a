import { Module, type DynamicModule } from '@nestjs/common';
import { parseLedgerSigningKey, type LedgerSigningKey } from '@ipledger/ledger-proof';
import { CheckpointRepository } from './checkpoint.repository';
import { CheckpointScheduler } from './checkpoint-scheduler';
import { CheckpointSigner } from './checkpoint-signer';
import { LEDGER_CONFIG, LEDGER_SIGNING_KEY, LEDGER_VERIFY_KEYS, parsePreviousKeys, type LedgerConfig } from './ledger.config';
import { LedgerController } from './ledger.controller';
import { JournalPoster } from './journal-poster';
import { LedgerBatchConsumer } from './ledger-batch.consumer';
import { LedgerHandlers } from './ledger.handlers';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

@Module({})
export class LedgerModule {
  static withConfig(config: LedgerConfig): DynamicModule {
    return {
      module: LedgerModule,
      controllers: [LedgerController, LedgerHandlers],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: LEDGER_SIGNING_KEY, useFactory: () => parseLedgerSigningKey(config.IPLEDGER_LEDGER_SIGNING_KEY) },
        {
          provide: LEDGER_VERIFY_KEYS,
          inject: [LEDGER_SIGNING_KEY],
          useFactory: (key: LedgerSigningKey) => [key.publicKey, ...parsePreviousKeys(config.IPLEDGER_LEDGER_PREVIOUS_PUBLIC_KEYS ?? '[]')],
        },
        LedgerService,
        LedgerRepository,
        JournalPoster,
        LedgerBatchConsumer,
        CheckpointRepository,
        CheckpointSigner,
        CheckpointScheduler,
      ],
    };
  }
}
