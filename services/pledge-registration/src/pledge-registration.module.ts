import { Module } from '@nestjs/common';
import { loadPledgeRegistrationConfig, PLEDGE_REGISTRATION_CONFIG } from './pledge-registration.config';
import { PledgeRegistrationController } from './pledge-registration.controller';
import { PledgeRegistrationHandlers } from './pledge-registration.handlers';
import { PledgeRegistrationRepository } from './pledge-registration.repository';
import { PledgeRegistrationService } from './pledge-registration.service';

@Module({
  controllers: [PledgeRegistrationController, PledgeRegistrationHandlers],
  providers: [
    PledgeRegistrationService,
    PledgeRegistrationRepository,
    { provide: PLEDGE_REGISTRATION_CONFIG, useFactory: () => loadPledgeRegistrationConfig() },
  ],
})
export class PledgeRegistrationModule {}
