import { Module } from '@nestjs/common';
import { PledgeRegistrationController } from './pledge-registration.controller';
import { PledgeRegistrationHandlers } from './pledge-registration.handlers';
import { PledgeRegistrationRepository } from './pledge-registration.repository';
import { PledgeRegistrationService } from './pledge-registration.service';

@Module({
  controllers: [PledgeRegistrationController, PledgeRegistrationHandlers],
  providers: [PledgeRegistrationService, PledgeRegistrationRepository],
})
export class PledgeRegistrationModule {}
