import { runService } from '@ipledger/service-kit';
import { ValuationModule } from './valuation.module';
import { PrismaClient } from './database';

void runService({ service: 'valuation', schema: 'valuation', prismaClient: PrismaClient, consumer: 'valuation', module: ValuationModule });
