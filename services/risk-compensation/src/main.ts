import { runService } from '@ipledger/service-kit';
import { RiskCompensationModule } from './risk-compensation.module';

void runService({ service: 'risk-compensation', schema: 'risk_compensation', consumer: 'risk-compensation', module: RiskCompensationModule });
