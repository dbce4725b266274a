import { runService } from '@ipledger/service-kit';
import { PledgeRegistrationModule } from './pledge-registration.module';

void runService({ service: 'pledge-registration', schema: 'pledge_registration', consumer: 'pledge-registration', module: PledgeRegistrationModule });
