// The event catalogue: every event type, its version, topic, producer, ordering key and payload
// schema, in one place. docs/events.md is checked against it by a test.
import { z } from 'zod';
import { SERVICE_NAMES, type ServiceName } from './services';
import type { TopicId } from './topics';
import {
  PledgeApplicationRefusedV1,
  PledgeApplicationResubmittedV1,
  PledgeApplicationReturnedV1,
  PledgeApplicationSubmittedV1,
  PledgeAppraiserAssignedV1,
  PledgeDisposedV1,
  PledgeRegisteredV1,
  PledgeRegistrationChangedV1,
  PledgeReleasedV1,
} from './events/pledge-events';
import { PledgeValuedV1 } from './events/valuation-events';
import {
  LoanClosedV1,
  LoanDefaultedV1,
  LoanDisbursedV1,
  LoanInterestAccruedV1,
  LoanOverdueV1,
  LoanRepaidV1,
  LoanRescheduledV1,
} from './events/loan-events';
import { JournalEntryPostedV1 } from './events/ledger-events';
import { CompensationPolicyPublishedV1 } from './events/policy-events';
import {
  CompensationApprovedV1,
  CompensationPaidV1,
  CompensationSharePaidV1,
  CompensationRejectedV1,
  FundBudgetOpenedV1,
  FundContributionReceivedV1,
  FundBudgetYearClosedV1,
  LoanCompensationApprovedV1,
  LoanRecoverySettledV1,
  LoanShortfallSettledV1,
  CompensationShortfallSettledV1,
  RecoveryDistributedV1,
} from './events/compensation-events';
import { WorkingCalendarYearPublishedV1 } from './events/calendar-events';
import { SubsidyApprovedV1, SubsidyPaidV1, SubsidyRejectedV1, SubsidySchemePublishedV1 } from './events/subsidy-events';
import { CommandAuditedV1 } from './events/audit-events';
import { DealRecordedV1, DealReversedV1 } from './events/deal-events';

export interface EventDefinition<S extends z.ZodObject = z.ZodObject> {
  type: string;
  version: number;
  topic: TopicId;
  /**
   * The service that owns the fact, or the list of services that may each state it (the audit
   * trail: every service records the commands it answered). Read it with producersOf().
   */
  producer: ServiceName | readonly ServiceName[];
  /** The payload field whose value is the envelope key (the aggregate id). */
  keyField: string;
  description: string;
  payload: S;
}

function defineEvent<const T extends string, S extends z.ZodObject, const P extends ServiceName | readonly ServiceName[]>(
  definition: EventDefinition<S> & { type: T; producer: P; keyField: keyof z.infer<S> & string },
) {
  return definition;
}

/** The current version of every event type. */
export const EVENTS = {
  PledgeApplicationSubmitted: defineEvent({
    type: 'PledgeApplicationSubmitted',
    version: 1,
    topic: 'pledge',
    producer: 'pledge-registration',
    keyField: 'pledgeId',
    description: 'A bank submitted a pledge application for a borrower (出质人) with one or more IP items.',
    payload: PledgeApplicationSubmittedV1,
  }),
  PledgeApplicationReturned: defineEvent({
    type: 'PledgeApplicationReturned',
    version: 1,
    topic: 'pledge',
    producer: 'pledge-registration',
    keyField: 'pledgeId',
    description: 'The IP bureau returned the application to the bank for correction (补正), with its reasons.',
    payload: PledgeApplicationReturnedV1,
  }),
  PledgeApplicationResubmitted: defineEvent({
    type: 'PledgeApplicationResubmitted',
    version: 1,
    topic: 'pledge',
    producer: 'pledge-registration',
    keyField: 'pledgeId',
    description:
      'The bank corrected a returned application and submitted it again (the whole corrected application; the first receipt is kept).',
    payload: PledgeApplicationResubmittedV1,
  }),
  PledgeApplicationRefused: defineEvent({
    type: 'PledgeApplicationRefused',
    version: 1,
    topic: 'pledge',
    producer: 'pledge-registration',
    keyField: 'pledgeId',
    description: 'The IP bureau refused to register the application (不予登记) with a reason from the documented list and a note.',
    payload: PledgeApplicationRefusedV1,
  }),
  PledgeAppraiserAssigned: defineEvent({
    type: 'PledgeAppraiserAssigned',
    version: 1,
    topic: 'pledge',
    producer: 'pledge-registration',
    keyField: 'pledgeId',
    description:
      'The pledgee bank named another appraiser (资产评估机构) for the pledge: from now on only that appraiser sees and values it.',
    payload: PledgeAppraiserAssignedV1,
  }),
  PledgeRegistered: defineEvent({
    type: 'PledgeRegistered',
    version: 1,
    topic: 'pledge',
    producer: 'pledge-registration',
    keyField: 'pledgeId',
    description: 'The IP bureau registered the pledge (质押登记) and recorded the registrar’s number.',
    payload: PledgeRegisteredV1,
  }),
  PledgeRegistrationChanged: defineEvent({
    type: 'PledgeRegistrationChanged',
    version: 1,
    topic: 'pledge',
    producer: 'pledge-registration',
    keyField: 'pledgeId',
    description:
      'The IP bureau changed a registered pledge (变更登记: amount secured, term, pledgor’s name): a new registration version, the previous ones kept.',
    payload: PledgeRegistrationChangedV1,
  }),
  PledgeReleased: defineEvent({
    type: 'PledgeReleased',
    version: 1,
    topic: 'pledge',
    producer: 'pledge-registration',
    keyField: 'pledgeId',
    description:
      'The pledge was released (注销): its loan closed, or the pledgee bank asked for it before any loan. Its IP rights are free to be pledged again.',
    payload: PledgeReleasedV1,
  }),
  PledgeDisposed: defineEvent({
    type: 'PledgeDisposed',
    version: 1,
    topic: 'pledge',
    producer: 'pledge-registration',
    keyField: 'pledgeId',
    description:
      'The bank disposed of the pledged IP of a defaulted loan (质物处置: auction, transfer, licensing or write-off) with gross proceeds, costs and the net.',
    payload: PledgeDisposedV1,
  }),
  PledgeValued: defineEvent({
    type: 'PledgeValued',
    version: 1,
    topic: 'valuation',
    producer: 'valuation',
    keyField: 'pledgeId',
    description: 'An appraiser (资产评估机构) valued the pledged IP of an application.',
    payload: PledgeValuedV1,
  }),
  LoanDisbursed: defineEvent({
    type: 'LoanDisbursed',
    version: 1,
    topic: 'loan',
    producer: 'lending',
    keyField: 'loanId',
    description: 'The bank disbursed (放款) a loan against a registered, valued pledge, within the loan-to-value limit.',
    payload: LoanDisbursedV1,
  }),
  LoanRepaid: defineEvent({
    type: 'LoanRepaid',
    version: 1,
    topic: 'loan',
    producer: 'lending',
    keyField: 'loanId',
    description:
      'The borrower repaid principal and/or interest; carries the outstanding principal after it and how much of the interest settles interest already accrued.',
    payload: LoanRepaidV1,
  }),
  LoanInterestAccrued: defineEvent({
    type: 'LoanInterestAccrued',
    version: 1,
    topic: 'loan',
    producer: 'lending',
    keyField: 'loanId',
    description:
      'Interest accrued (按日计息) on the loan by its schedule for the days from accruedFrom up to, not including, accruedUntil; every day of a loan is in exactly one such event.',
    payload: LoanInterestAccruedV1,
  }),
  LoanRescheduled: defineEvent({
    type: 'LoanRescheduled',
    version: 1,
    topic: 'loan',
    producer: 'lending',
    keyField: 'loanId',
    description:
      'The borrower prepaid principal (提前还款) and the schedule was made anew (缩短期限 or 减少月供) as a new version; the loan ends on maturityDate.',
    payload: LoanRescheduledV1,
  }),
  LoanClosed: defineEvent({
    type: 'LoanClosed',
    version: 1,
    topic: 'loan',
    producer: 'lending',
    keyField: 'loanId',
    description: 'The loan’s outstanding principal reached zero; the pledge can be released.',
    payload: LoanClosedV1,
  }),
  LoanOverdue: defineEvent({
    type: 'LoanOverdue',
    version: 1,
    topic: 'loan',
    producer: 'lending',
    keyField: 'loanId',
    description:
      'The loan is overdue (逾期): reported by its bank (checked against its schedule) or found by the schedule itself (an instalment unpaid after its due day); since when, how many days past due, the outstanding principal and the overdue interest; a later report updates the figures.',
    payload: LoanOverdueV1,
  }),
  LoanDefaulted: defineEvent({
    type: 'LoanDefaulted',
    version: 1,
    topic: 'loan',
    producer: 'lending',
    keyField: 'loanId',
    description:
      'The bank reported the loan in default (违约/不良) with the outstanding principal and accrued interest as of the default date; the ledger reclassifies the principal as defaulted.',
    payload: LoanDefaultedV1,
  }),
  JournalEntryPosted: defineEvent({
    type: 'JournalEntryPosted',
    version: 1,
    topic: 'ledger',
    producer: 'ledger',
    keyField: 'entryId',
    description: 'The ledger posted a balanced journal entry for a money event.',
    payload: JournalEntryPostedV1,
  }),
  CompensationPolicyPublished: defineEvent({
    type: 'CompensationPolicyPublished',
    version: 1,
    topic: 'policy',
    producer: 'risk-compensation',
    keyField: 'policyId',
    description:
      'The bureau published a version of a compensation policy (风险补偿政策); it is frozen from then on and a change is a new version.',
    payload: CompensationPolicyPublishedV1,
  }),
  FundBudgetOpened: defineEvent({
    type: 'FundBudgetOpened',
    version: 1,
    topic: 'compensation',
    producer: 'risk-compensation',
    keyField: 'fundId',
    description:
      'A fund’s budget year opened with its appropriation (the policy’s yearly fund cap), when the first claim of that year was approved.',
    payload: FundBudgetOpenedV1,
  }),
  FundContributionReceived: defineEvent({
    type: 'FundContributionReceived',
    version: 1,
    topic: 'compensation',
    producer: 'risk-compensation',
    keyField: 'fundId',
    description:
      'A government (province, city or district) paid money into a fund for a budget year: its share of the appropriation, or a top-up (追加) that raises the year’s budget.',
    payload: FundContributionReceivedV1,
  }),
  FundBudgetYearClosed: defineEvent({
    type: 'FundBudgetYearClosed',
    version: 1,
    topic: 'compensation',
    producer: 'risk-compensation',
    keyField: 'fundId',
    description:
      'The bureau closed a fund’s budget year: nothing is charged to it any more (later approvals go to the next open year); carries the year’s figures at closing and who closed it.',
    payload: FundBudgetYearClosedV1,
  }),
  CompensationApproved: defineEvent({
    type: 'CompensationApproved',
    version: 2,
    topic: 'compensation',
    producer: 'risk-compensation',
    keyField: 'fundId',
    description:
      'The bureau approved a claim: the covered loss and each party’s part (summing to it exactly), what the fund owes within its budget and any shortfall. From version 2 the ledger posts from it the fund’s and the risk sharers’ side only; the loan’s side is LoanCompensationApproved (same payload as version 1).',
    payload: CompensationApprovedV1,
  }),
  LoanCompensationApproved: defineEvent({
    type: 'LoanCompensationApproved',
    version: 1,
    topic: 'loan',
    producer: 'risk-compensation',
    keyField: 'loanId',
    description:
      'The loan’s side of an approved claim (代偿), on the loan’s partition after its default: what the fund and the risk sharers owe the bank, settling the defaulted principal up to what is outstanding.',
    payload: LoanCompensationApprovedV1,
  }),
  CompensationRejected: defineEvent({
    type: 'CompensationRejected',
    version: 1,
    topic: 'compensation',
    producer: 'risk-compensation',
    keyField: 'fundId',
    description: 'The bureau rejected a claim, with its reason.',
    payload: CompensationRejectedV1,
  }),
  CompensationPaid: defineEvent({
    type: 'CompensationPaid',
    version: 1,
    topic: 'compensation',
    producer: 'risk-compensation',
    keyField: 'fundId',
    description: 'The fund paid the bank its approved payable for a claim.',
    payload: CompensationPaidV1,
  }),
  CompensationShortfallSettled: defineEvent({
    type: 'CompensationShortfallSettled',
    version: 1,
    topic: 'compensation',
    producer: 'risk-compensation',
    keyField: 'fundId',
    description:
      'A later budget year settled (part of) the fund shortfall of an approved claim: charged to that year, owed to the bank from then on (docs/funds.md).',
    payload: CompensationShortfallSettledV1,
  }),
  CompensationSharePaid: defineEvent({
    type: 'CompensationSharePaid',
    version: 1,
    topic: 'compensation',
    producer: 'risk-compensation',
    keyField: 'fundId',
    description:
      'A guarantor, insurer or appraiser paid the bank its whole part of an approved claim: its payable and the bank’s receivable for that part close.',
    payload: CompensationSharePaidV1,
  }),
  RecoveryDistributed: defineEvent({
    type: 'RecoveryDistributed',
    version: 2,
    topic: 'compensation',
    producer: 'risk-compensation',
    keyField: 'fundId',
    description:
      'Net disposal proceeds were shared back to the parties in proportion to what each bore (追偿/质物退出); the claim and the loan close. From version 2 the ledger posts from it the fund’s and the risk sharers’ returns only; the loan’s side is LoanRecoverySettled (same payload as version 1).',
    payload: RecoveryDistributedV1,
  }),
  LoanRecoverySettled: defineEvent({
    type: 'LoanRecoverySettled',
    version: 1,
    topic: 'loan',
    producer: 'risk-compensation',
    keyField: 'loanId',
    description:
      'The loan’s side of a recovery (追偿/核销), on the loan’s partition: what the bank keeps of the net proceeds, and the defaulted principal written off as its credit loss.',
    payload: LoanRecoverySettledV1,
  }),
  LoanShortfallSettled: defineEvent({
    type: 'LoanShortfallSettled',
    version: 1,
    topic: 'loan',
    producer: 'risk-compensation',
    keyField: 'loanId',
    description:
      'The loan’s side of a settled fund shortfall, on the loan’s partition: what of it settles defaulted principal (or the credit loss written off for it) and what is compensated interest.',
    payload: LoanShortfallSettledV1,
  }),
  SubsidySchemePublished: defineEvent({
    type: 'SubsidySchemePublished',
    version: 1,
    topic: 'subsidy',
    producer: 'risk-compensation',
    keyField: 'schemeId',
    description:
      'A version of a subsidy scheme (扶持政策: 贴息、评估费/担保费/保险费补贴) was published by another bureau user than its author and is frozen: its whole document, the series it belongs to and when it is in force.',
    payload: SubsidySchemePublishedV1,
  }),
  SubsidyApproved: defineEvent({
    type: 'SubsidyApproved',
    version: 1,
    topic: 'subsidy',
    producer: 'risk-compensation',
    keyField: 'schemeId',
    description:
      'The bureau approved an application for a subsidy (贴息、评估费/担保费/保险费补贴): what the borrower paid and what the scheme pays after its caps and yearly budget, charged to the budget year of the approval.',
    payload: SubsidyApprovedV1,
  }),
  SubsidyRejected: defineEvent({
    type: 'SubsidyRejected',
    version: 1,
    topic: 'subsidy',
    producer: 'risk-compensation',
    keyField: 'schemeId',
    description: 'The bureau rejected an application for a subsidy, with its reason.',
    payload: SubsidyRejectedV1,
  }),
  SubsidyPaid: defineEvent({
    type: 'SubsidyPaid',
    version: 1,
    topic: 'subsidy',
    producer: 'risk-compensation',
    keyField: 'schemeId',
    description: 'The scheme paid the borrower the approved subsidy (recorded by another bureau user than the approver).',
    payload: SubsidyPaidV1,
  }),
  WorkingCalendarYearPublished: defineEvent({
    type: 'WorkingCalendarYearPublished',
    version: 1,
    topic: 'calendar',
    producer: 'risk-compensation',
    keyField: 'calendarYearId',
    description:
      'A year of the PRC working-day calendar (holidays and make-up working days of the State Council notice) was published: shipped with the release, or drafted by one bureau user and published by another. The highest revision of a year is in force.',
    payload: WorkingCalendarYearPublishedV1,
  }),
  DealRecorded: defineEvent({
    type: 'DealRecorded',
    version: 1,
    topic: 'deal',
    producer: 'statistics',
    keyField: 'dealId',
    description:
      'The bureau recorded a licensing (许可), transfer (转让) or capital-contribution (出资入股) deal of IP: parties, amount, contract date, district and industry.',
    payload: DealRecordedV1,
  }),
  DealReversed: defineEvent({
    type: 'DealReversed',
    version: 1,
    topic: 'deal',
    producer: 'statistics',
    keyField: 'dealId',
    description: 'A recorded deal was reversed (a correction); statistics take it back out of every total.',
    payload: DealReversedV1,
  }),
  CommandAudited: defineEvent({
    type: 'CommandAudited',
    version: 1,
    topic: 'audit',
    producer: SERVICE_NAMES,
    keyField: 'auditId',
    description:
      'A service answered a command (any POST, allowed or not) or denied a request (401/403 on any route): who, organisation, role, what, target, request id, when and the outcome. A successful command’s record commits in the command’s own transaction.',
    payload: CommandAuditedV1,
  }),
} as const;

export type EventType = keyof typeof EVENTS;
export type PayloadOf<T extends EventType> = z.infer<(typeof EVENTS)[T]['payload']>;

/**
 * Every readable (type, version). A breaking change adds a new version here and in EVENTS,
 * and keeps the old one readable until no producer writes it.
 */
export const EVENT_DEFINITIONS: readonly EventDefinition[] = [...Object.values(EVENTS), ...earlierVersions()];

/**
 * Versions no producer writes any more, still read from the topics' history. Version 1 of
 * CompensationApproved and RecoveryDistributed carried a claim's whole posting, the loan's side
 * included; the ledger posts them as one entry, as it did.
 */
function earlierVersions(): EventDefinition[] {
  return [
    {
      ...EVENTS.CompensationApproved,
      version: 1,
      description: 'The bureau approved a claim (version 1: the ledger posts the loan’s side from it too).',
    },
    {
      ...EVENTS.RecoveryDistributed,
      version: 1,
      description: 'Net disposal proceeds were shared back (version 1: the ledger posts the loan’s side from it too).',
    },
  ];
}

/** The services that may produce an event (one owner for most events). */
export function producersOf(definition: Pick<EventDefinition, 'producer'>): readonly ServiceName[] {
  return typeof definition.producer === 'string' ? [definition.producer] : definition.producer;
}

/** Whether `service` may write events of this definition. */
export function mayProduce(definition: Pick<EventDefinition, 'producer'>, service: string): boolean {
  return (producersOf(definition) as readonly string[]).includes(service);
}

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return EVENT_DEFINITIONS.find((definition) => definition.type === type && definition.version === version);
}

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENTS, type);
}
