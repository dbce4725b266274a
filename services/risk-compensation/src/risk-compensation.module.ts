import { Module } from '@nestjs/common';
import { BudgetsService } from './budgets.service';
import { CalendarController } from './calendar.controller';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { ClaimsController } from './claims.controller';
import { ClaimsRepository } from './claims.repository';
import { ClaimsService } from './claims.service';
import { FundsController } from './funds.controller';
import { FundContributionsRepository } from './fund-contributions.repository';
import { FundContributionsService } from './fund-contributions.service';
import { FundsService } from './funds.service';
import { LoanFactsRepository } from './loan-facts.repository';
import { LoanFactsService } from './loan-facts.service';
import { PoliciesController } from './policies.controller';
import { PoliciesRepository } from './policies.repository';
import { PoliciesService } from './policies.service';
import { RiskCompensationHandlers } from './risk-compensation.handlers';
import { SettlementService } from './settlement.service';
import { SharePaymentsService } from './share-payments.service';
import { ShortfallSettlementService } from './shortfall-settlement.service';
import { SubsidyApplicationsController } from './subsidy-applications.controller';
import { SubsidyApplicationsRepository } from './subsidy-applications.repository';
import { SubsidyApplicationsService } from './subsidy-applications.service';
import { SubsidySchemesController } from './subsidy-schemes.controller';
import { SubsidySchemesRepository } from './subsidy-schemes.repository';
import { SubsidySchemesService } from './subsidy-schemes.service';

@Module({
  controllers: [
    PoliciesController,
    SubsidySchemesController,
    SubsidyApplicationsController,
    ClaimsController,
    FundsController,
    CalendarController,
    RiskCompensationHandlers,
  ],
  providers: [
    PoliciesService,
    PoliciesRepository,
    ClaimsService,
    ClaimsRepository,
    FundsService,
    FundContributionsRepository,
    FundContributionsService,
    LoanFactsService,
    LoanFactsRepository,
    SettlementService,
    SharePaymentsService,
    ShortfallSettlementService,
    CalendarService,
    CalendarRepository,
    BudgetsService,
    SubsidySchemesService,
    SubsidySchemesRepository,
    SubsidyApplicationsService,
    SubsidyApplicationsRepository,
  ],
})
export class RiskCompensationModule {}
