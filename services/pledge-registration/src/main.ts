import { runService } from '@ipledger/service-kit';
import { PledgeRegistrationModule } from './pledge-registration.module';
import { PrismaClient } from './database';

void runService({
  service: 'pledge-registration',
  schema: 'pledge_registration',
  prismaClient: PrismaClient,
  consumer: 'pledge-registration',
  module: PledgeRegistrationModule,
});
