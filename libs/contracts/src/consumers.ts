// Which service consumes which event. Data, not prose: docs/events.md is rendered from it and each
// service can check that its @EventPattern handlers are exactly its list here.
import type { EventType } from './catalogue';
import { CONSUMERS, type ConsumerName } from './topics';

export const EVENT_CONSUMERS: Readonly<Record<ConsumerName, readonly EventType[]>> = {
  'pledge-registration': ['LoanDisbursed', 'LoanDefaulted', 'LoanClosed', 'WorkingCalendarYearPublished'],
  valuation: ['PledgeApplicationSubmitted', 'PledgeApplicationResubmitted', 'PledgeAppraiserAssigned'],
  lending: [
    'PledgeApplicationSubmitted',
    'PledgeApplicationResubmitted',
    'PledgeRegistered',
    'PledgeRegistrationChanged',
    'PledgeReleased',
    'PledgeValued',
    'RecoveryDistributed',
  ],
  ledger: [
    'LoanDisbursed',
    'LoanRepaid',
    'LoanInterestAccrued',
    'LoanDefaulted',
    'FundBudgetOpened',
    'FundContributionReceived',
    'CompensationApproved',
    'CompensationPaid',
    'CompensationSharePaid',
    'CompensationShortfallSettled',
    'RecoveryDistributed',
    'LoanCompensationApproved',
    'LoanRecoverySettled',
    'LoanShortfallSettled',
    'SubsidyApproved',
    'SubsidyPaid',
  ],
  'risk-compensation': ['LoanDisbursed', 'LoanOverdue', 'LoanDefaulted', 'PledgeDisposed'],
  audit: ['CommandAudited'],
  statistics: [
    'DealRecorded',
    'DealReversed',
    'PledgeApplicationSubmitted',
    'PledgeRegistered',
    'LoanDisbursed',
    'LoanDefaulted',
    'FundBudgetOpened',
    'FundContributionReceived',
    'CompensationApproved',
    'CompensationShortfallSettled',
    'CompensationPaid',
    'RecoveryDistributed',
    'SubsidyApproved',
    'SubsidyPaid',
  ],
};

/** The services that consume one event type, in CONSUMERS order. */
export function consumersOf(type: EventType): ConsumerName[] {
  return CONSUMERS.filter((consumer) => EVENT_CONSUMERS[consumer].includes(type));
}
