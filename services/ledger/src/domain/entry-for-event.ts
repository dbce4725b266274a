// Which posting rule turns a consumed event into a journal entry draft: the one table both the
// per-event handlers (ledger.handlers.ts) and the batch consumer (ledger-batch.consumer.ts) use.
// null: an event that moves no money (a budget or a subsidy of 0.00) posts nothing.
import type { AnyEventEnvelope, EventEnvelope } from '@ipledger/contracts';
import {
  budgetOpenedEntry,
  compensationApprovedEntry,
  compensationPaidEntry,
  fundContributionEntry,
  sharePaidEntry,
  shortfallSettledEntry,
  loanShortfallSettledEntry,
  loanCompensationApprovedEntry,
  loanRecoverySettledEntry,
  recoveryDistributedEntry,
} from './compensation-posting-rules';
import type { JournalEntryDraft } from './journal-entry';
import { defaultEntry, disbursementEntry, interestAccrualEntry, repaymentEntry } from './posting-rules';
import { subsidyApprovedEntry, subsidyPaidEntry } from './subsidy-posting-rules';

const RULES = {
  LoanDisbursed: disbursementEntry,
  LoanRepaid: repaymentEntry,
  LoanInterestAccrued: interestAccrualEntry,
  LoanDefaulted: defaultEntry,
  FundBudgetOpened: budgetOpenedEntry,
  FundContributionReceived: fundContributionEntry,
  CompensationApproved: compensationApprovedEntry,
  CompensationPaid: compensationPaidEntry,
  CompensationSharePaid: sharePaidEntry,
  CompensationShortfallSettled: shortfallSettledEntry,
  LoanShortfallSettled: loanShortfallSettledEntry,
  RecoveryDistributed: recoveryDistributedEntry,
  LoanCompensationApproved: loanCompensationApprovedEntry,
  LoanRecoverySettled: loanRecoverySettledEntry,
  SubsidyApproved: subsidyApprovedEntry,
  SubsidyPaid: subsidyPaidEntry,
} as const;

/** The event types the ledger posts. */
export type PostedEventType = keyof typeof RULES;

export function isPostedEventType(type: string): type is PostedEventType {
  return Object.hasOwn(RULES, type);
}

/** The draft of the entry `event` posts (null: nothing to post). Throws for an event the ledger does not post. */
export function entryForEvent(event: AnyEventEnvelope): JournalEntryDraft | null {
  if (!isPostedEventType(event.type)) throw new Error(`the ledger posts no entry for ${event.type}`);
  const rule = RULES[event.type] as (posted: EventEnvelope<PostedEventType>) => JournalEntryDraft | null;
  return rule(event as EventEnvelope<PostedEventType>);
}
