import { runService } from '@ipledger/service-kit';
import { ValuationModule } from './valuation.module';

void runService({ service: 'valuation', schema: 'valuation', consumer: 'valuation', module: ValuationModule });
