import { Module } from '@nestjs/common';
import { loadPledgeRegistrationConfig, PLEDGE_REGISTRATION_CONFIG } from './pledge-registration.config';
import { PledgeRegistrationController } from './pledge-registration.controller';
import { PledgeRegistrationHandlers } from './pledge-registration.handlers';
import { PledgeRegistrationRepository } from './pledge-registration.repository';
import { PledgeRegistrationService } from './pledge-registration.service';
import { WorkingCalendar } from './working-calendar';

@Module({
  controllers: [PledgeRegistrationController, PledgeRegistrationHandlers],
  providers: [
    PledgeRegistrationService,
    PledgeRegistrationRepository,
    WorkingCalendar,
    { provide: PLEDGE_REGISTRATION_CONFIG, useFactory: () => loadPledgeRegistrationConfig() },
  ],
})
export class PledgeRegistrationModule {}
