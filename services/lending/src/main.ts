import { runService } from '@ipledger/service-kit';
import { LendingModule } from './lending.module';

void runService({ service: 'lending', schema: 'lending', consumer: 'lending', module: LendingModule });
