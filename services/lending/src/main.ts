import { runService } from '@ipledger/service-kit';
import { LendingModule } from './lending.module';
import { PrismaClient } from './database';

void runService({ service: 'lending', schema: 'lending', prismaClient: PrismaClient, consumer: 'lending', module: LendingModule });
