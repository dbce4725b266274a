import { runService } from '@ipledger/service-kit';
import { LedgerModule } from './ledger.module';

void runService({ service: 'ledger', schema: 'ledger', consumer: 'ledger', module: LedgerModule });
