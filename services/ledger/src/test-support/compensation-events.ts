// Builders for the risk-compensation events the ledger posts, as risk-compensation would produce
// them. For tests only. The defaults are the contracts' worked example (a Guangzhou 5311-style
// split): a loan defaults with 2,000,000.00 outstanding; a covered loss of 1,000,000.00 is
// approved as fund 500,000.00, guarantor 300,000.00, appraiser 100,000.00 and bank 100,000.00;
// the fund pays its 500,000.00; the pledged IP sells for 800,000.00 net, shared back
// 400,000.00 / 240,000.00 / 80,000.00 / 80,000.00 in proportion to what each bore, and the
// remaining 1,100,000.00 of defaulted principal is written off.
import type { EventEnvelope, PayloadOf } from '@ipledger/contracts';
import { testEnvelope } from '@ipledger/testing';
import { BANK, LOAN } from './loan-events';

export const FUND = 'pol_0195a1b2c3d47e5f8a6b7c8d9e0f1a07';
export const CLAIM = 'clm_0195a1b2c3d47e5f8a6b7c8d9e0f1a08';
export const PLEDGE = 'pl_0193c4a0b1c27d3e8f9a0b1c2d3e4f51';
export const GUARANTOR = 'guarantor-cq-xinda';
export const APPRAISER = 'appraiser-cq-huaxin';
export const INSURER = 'insurer-picc-cq';

type CompensationEventType =
  | 'FundBudgetOpened'
  | 'FundContributionReceived'
  | 'CompensationShortfallSettled'
  | 'LoanShortfallSettled'
  | 'CompensationApproved'
  | 'CompensationPaid'
  | 'CompensationSharePaid'
  | 'RecoveryDistributed'
  | 'LoanCompensationApproved'
  | 'LoanRecoverySettled';
/** version: 1 for CompensationApproved / RecoveryDistributed as the topics' history holds them. */
type EnvelopeFields = Partial<Pick<EventEnvelope, 'eventId' | 'correlationId' | 'occurredAt' | 'version'>>;

function envelope<T extends CompensationEventType>(type: T, payload: PayloadOf<T>, fields: EnvelopeFields): EventEnvelope<T> {
  return testEnvelope(type, payload, {
    occurredAt: '2026-01-05T08:00:00.000Z',
    actor: { orgId: 'bureau-cq', role: 'bureau', userId: null },
    ...fields,
  });
}

export function fundBudgetOpened(
  payload: Partial<PayloadOf<'FundBudgetOpened'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'FundBudgetOpened'> {
  return envelope(
    'FundBudgetOpened',
    { fundId: FUND, budgetYear: 2026, appropriated: '50000000.00', policyId: FUND, policyVersion: 1, openedOn: '2026-01-05', ...payload },
    fields,
  );
}

export const FUND_CONTRIBUTION = 'fc_0195a1b2c3d47e5f8a6b7c8d9e0f1a14';

/** 山东省 pays 4,000,000.00 of the fund's 2026 appropriation (kind 'top-up' to raise the budget instead). */
export function fundContributionReceived(
  payload: Partial<PayloadOf<'FundContributionReceived'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'FundContributionReceived'> {
  return envelope(
    'FundContributionReceived',
    {
      contributionId: FUND_CONTRIBUTION,
      fundId: FUND,
      budgetYear: 2026,
      payerCode: '370000',
      payerLevel: 'province',
      payerName: '山东省',
      kind: 'appropriation',
      amount: '4000000.00',
      receivedOn: '2026-03-02',
      reference: '鲁财建〔2026〕12号',
      ...payload,
    },
    fields,
  );
}

export const SHORTFALL_SETTLEMENT = 'sfs_0195a1b2c3d47e5f8a6b7c8d9e0f1a15';

/** The 2027 budget settles 200,000.00 of the claim's shortfall: the fund's side. */
export function compensationShortfallSettled(
  payload: Partial<PayloadOf<'CompensationShortfallSettled'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'CompensationShortfallSettled'> {
  return envelope(
    'CompensationShortfallSettled',
    {
      settlementId: SHORTFALL_SETTLEMENT,
      claimId: CLAIM,
      fundId: FUND,
      loanId: LOAN,
      bankOrgId: BANK,
      budgetYear: 2027,
      settledOn: '2027-01-04',
      amount: '200000.00',
      ...payload,
    },
    fields,
  );
}

/** The loan's side of the same settlement: all of it against the defaulted principal still uncovered. */
export function loanShortfallSettled(
  payload: Partial<PayloadOf<'LoanShortfallSettled'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'LoanShortfallSettled'> {
  return envelope(
    'LoanShortfallSettled',
    {
      settlementId: SHORTFALL_SETTLEMENT,
      claimId: CLAIM,
      loanId: LOAN,
      bankOrgId: BANK,
      fundId: FUND,
      settledOn: '2027-01-04',
      amount: '200000.00',
      principalSettled: '200000.00',
      writtenOff: false,
      interestCompensated: '0.00',
      ...payload,
    },
    fields,
  );
}

export function compensationApproved(
  payload: Partial<PayloadOf<'CompensationApproved'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'CompensationApproved'> {
  return envelope(
    'CompensationApproved',
    {
      claimId: CLAIM,
      fundId: FUND,
      policyId: FUND,
      policyVersion: 1,
      loanId: LOAN,
      pledgeId: PLEDGE,
      bankOrgId: BANK,
      borrowerUscc: '91350100M000100Y43',
      budgetYear: 2026,
      approvedOn: '2026-01-05',
      outstandingPrincipal: '2000000.00',
      approvedAmount: '1000000.00',
      parts: [
        { party: 'fund', orgId: FUND, share: '0.5', amount: '500000.00' },
        { party: 'guarantor', orgId: GUARANTOR, share: '0.3', amount: '300000.00' },
        { party: 'appraiser', orgId: APPRAISER, share: '0.1', amount: '100000.00' },
        { party: 'bank', orgId: BANK, share: '0.1', amount: '100000.00' },
      ],
      fundPayable: '500000.00',
      fundShortfall: '0.00',
      uncoveredLoss: '1021750.00',
      ...payload,
    },
    fields,
  );
}

export function compensationPaid(
  payload: Partial<PayloadOf<'CompensationPaid'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'CompensationPaid'> {
  return envelope(
    'CompensationPaid',
    {
      claimId: CLAIM,
      fundId: FUND,
      loanId: LOAN,
      bankOrgId: BANK,
      budgetYear: 2026,
      amount: '500000.00',
      paidOn: '2026-01-20',
      paymentReference: 'CQF-2026-0001',
      ...payload,
    },
    fields,
  );
}

export function compensationSharePaid(
  payload: Partial<PayloadOf<'CompensationSharePaid'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'CompensationSharePaid'> {
  return envelope(
    'CompensationSharePaid',
    {
      claimId: CLAIM,
      fundId: FUND,
      loanId: LOAN,
      bankOrgId: BANK,
      party: 'guarantor',
      orgId: GUARANTOR,
      amount: '300000.00',
      paidOn: '2026-01-25',
      paymentReference: 'DB-2026-0001',
      ...payload,
    },
    fields,
  );
}

export function recoveryDistributed(
  payload: Partial<PayloadOf<'RecoveryDistributed'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'RecoveryDistributed'> {
  return envelope(
    'RecoveryDistributed',
    {
      claimId: CLAIM,
      fundId: FUND,
      loanId: LOAN,
      pledgeId: PLEDGE,
      bankOrgId: BANK,
      budgetYear: 2026,
      disposedOn: '2026-06-30',
      distributedOn: '2026-06-30',
      netProceeds: '800000.00',
      returns: [
        { party: 'fund', orgId: FUND, bore: '500000.00', returned: '400000.00' },
        { party: 'guarantor', orgId: GUARANTOR, bore: '300000.00', returned: '240000.00' },
        { party: 'appraiser', orgId: APPRAISER, bore: '100000.00', returned: '80000.00' },
        { party: 'bank', orgId: BANK, bore: '100000.00', returned: '80000.00' },
      ],
      residualToBank: '0.00',
      residualToBorrower: '0.00',
      principalWrittenOff: '1100000.00',
      ...payload,
    },
    fields,
  );
}

/** The loan's side of the worked example's approval: fund 500,000.00 + guarantor 300,000.00 + appraiser 100,000.00 owed to the bank. */
export function loanCompensationApproved(
  payload: Partial<PayloadOf<'LoanCompensationApproved'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'LoanCompensationApproved'> {
  return envelope(
    'LoanCompensationApproved',
    {
      claimId: CLAIM,
      loanId: LOAN,
      bankOrgId: BANK,
      fundId: FUND,
      approvedOn: '2026-01-05',
      outstandingPrincipal: '2000000.00',
      owedToBank: '900000.00',
      ...payload,
    },
    fields,
  );
}

/** The loan's side of the worked example's recovery: the bank keeps its 80,000.00, 1,100,000.00 is written off. */
export function loanRecoverySettled(
  payload: Partial<PayloadOf<'LoanRecoverySettled'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'LoanRecoverySettled'> {
  return envelope(
    'LoanRecoverySettled',
    {
      claimId: CLAIM,
      loanId: LOAN,
      bankOrgId: BANK,
      fundId: FUND,
      distributedOn: '2026-06-30',
      keptByBank: '80000.00',
      principalWrittenOff: '1100000.00',
      ...payload,
    },
    fields,
  );
}
