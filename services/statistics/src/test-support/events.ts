// Builders for the events of other services that statistics counts, as their producers would
// write them. For tests only.
import type { EventEnvelope, PayloadOf } from '@ipledger/contracts';
import { newId } from '@ipledger/service-kit';
import { testEnvelope } from '@ipledger/testing';

export const FUND = 'pol_0195a1b2c3d47e5f8a6b7c8d9e0f1a07';
const USCC = '91350100M000100Y43';

export interface TestLoan {
  loanId: string;
  pledgeId: string;
  bankOrgId: string;
}

export function loanDisbursed(loan: {
  bankOrgId: string;
  principal: string;
  disbursedOn: string;
  districtCode: string;
  ipTypes: PayloadOf<'LoanDisbursed'>['ipTypes'];
}): {
  loan: TestLoan;
  event: EventEnvelope<'LoanDisbursed'>;
} {
  const ids = { loanId: newId('loan'), pledgeId: newId('pledge'), bankOrgId: loan.bankOrgId };
  const event = testEnvelope('LoanDisbursed', {
    ...ids,
    borrowerUscc: USCC,
    borrowerName: '重庆某某智能科技有限公司',
    principal: loan.principal,
    annualInterestRate: '0.0435',
    termMonths: 12,
    disbursedOn: loan.disbursedOn,
    maturityDate: `${Number(loan.disbursedOn.slice(0, 4)) + 1}${loan.disbursedOn.slice(4)}`,
    districtCode: loan.districtCode,
    ipTypes: loan.ipTypes,
    loanToValueLimit: '0.5',
  });
  return { loan: ids, event };
}

export function loanDefaulted(loan: TestLoan, defaultedOn: string, outstandingPrincipal: string): EventEnvelope<'LoanDefaulted'> {
  return testEnvelope('LoanDefaulted', {
    ...loan,
    borrowerUscc: USCC,
    defaultedOn,
    outstandingPrincipal,
    accruedInterest: '0.00',
    districtCode: '500112',
  });
}

export function pledgeSubmitted(pledgeId: string, submittedAt: string): EventEnvelope<'PledgeApplicationSubmitted'> {
  return testEnvelope('PledgeApplicationSubmitted', {
    pledgeId,
    bankOrgId: 'bank-cq-a',
    pledgor: { uscc: USCC, name: '重庆某某智能科技有限公司' },
    ipItems: [{ ipType: 'invention-patent', number: '201910884346.5', title: '一种锂电池极片的制备方法' }],
    requestedLoanAmount: '1000000.00',
    termMonths: 12,
    districtCode: '500112',
    submittedAt,
  });
}

export function pledgeRegistered(pledgeId: string, registrationDate: string): EventEnvelope<'PledgeRegistered'> {
  return testEnvelope('PledgeRegistered', {
    pledgeId,
    bankOrgId: 'bank-cq-a',
    registrationNumber: `Y${pledgeId.slice(-10)}`,
    registrationDate,
  });
}

/** 补正 and resubmission of a submitted application: statistics keep counting from the first receipt. */
export function pledgeCorrected(pledgeId: string, returnedOn: string, resubmittedAt: string, firstSubmittedAt: string): EventEnvelope[] {
  const submitted = pledgeSubmitted(pledgeId, firstSubmittedAt).payload;
  return [
    testEnvelope('PledgeApplicationReturned', {
      pledgeId,
      bankOrgId: 'bank-cq-a',
      reasons: [{ field: null, message: '缺少质押合同' }],
      returnedOn,
    }),
    testEnvelope('PledgeApplicationResubmitted', {
      ...submitted,
      appraiserOrgId: 'appraiser-cq-huaxin',
      firstSubmittedAt,
      resubmittedAt,
    }),
  ];
}

/** 变更登记 and a release on request after the registration: neither is a registration. */
export function pledgeChangedAndReleased(pledgeId: string, on: string): EventEnvelope[] {
  return [
    testEnvelope('PledgeRegistrationChanged', {
      pledgeId,
      bankOrgId: 'bank-cq-a',
      registrationNumber: `Y${pledgeId.slice(-10)}`,
      registrationVersion: 2,
      securedAmount: '900000.00',
      termMonths: 12,
      pledgorName: '重庆某某智能科技股份有限公司',
      changedOn: on,
      note: null,
    }),
    testEnvelope('PledgeReleased', { pledgeId, bankOrgId: 'bank-cq-a', releasedOn: on, reason: 'bank-request' }),
  ];
}

export function fundBudgetOpened(budgetYear: number, appropriated: string): EventEnvelope<'FundBudgetOpened'> {
  return testEnvelope('FundBudgetOpened', {
    fundId: FUND,
    budgetYear,
    appropriated,
    policyId: FUND,
    policyVersion: 1,
    openedOn: `${budgetYear}-01-02`,
  });
}

/** A government's money into the fund for a year: a top-up raises the budget, an appropriation payment does not. */
export function fundContributionReceived(
  budgetYear: number,
  kind: 'appropriation' | 'top-up',
  amount: string,
  contributionId: string,
): EventEnvelope<'FundContributionReceived'> {
  return testEnvelope('FundContributionReceived', {
    contributionId,
    fundId: FUND,
    budgetYear,
    payerCode: '500000',
    payerLevel: 'province',
    payerName: '重庆市',
    kind,
    amount,
    receivedOn: `${budgetYear}-06-30`,
    reference: `渝财建〔${budgetYear}〕${contributionId.slice(-2)}号`,
  });
}

export function compensationApproved(
  loan: TestLoan,
  claimId: string,
  approvedOn: string,
  approvedAmount: string,
  fundPayable: string,
): EventEnvelope<'CompensationApproved'> {
  return testEnvelope('CompensationApproved', {
    claimId,
    fundId: FUND,
    policyId: FUND,
    policyVersion: 1,
    loanId: loan.loanId,
    pledgeId: loan.pledgeId,
    bankOrgId: loan.bankOrgId,
    borrowerUscc: USCC,
    budgetYear: Number(approvedOn.slice(0, 4)),
    approvedOn,
    outstandingPrincipal: approvedAmount,
    approvedAmount,
    parts: [
      { party: 'fund', orgId: FUND, share: '0.5', amount: fundPayable },
      { party: 'bank', orgId: loan.bankOrgId, share: '0.5', amount: fundPayable },
    ],
    fundPayable,
    fundShortfall: '0.00',
    uncoveredLoss: '0.00',
  });
}

export function compensationPaid(loan: TestLoan, claimId: string, paidOn: string, amount: string): EventEnvelope<'CompensationPaid'> {
  return testEnvelope('CompensationPaid', {
    claimId,
    fundId: FUND,
    loanId: loan.loanId,
    bankOrgId: loan.bankOrgId,
    budgetYear: Number(paidOn.slice(0, 4)),
    amount,
    paidOn,
    paymentReference: 'CQF-0001',
  });
}

export function recoveryDistributed(
  loan: TestLoan,
  claimId: string,
  distributedOn: string,
  netProceeds: string,
): EventEnvelope<'RecoveryDistributed'> {
  return testEnvelope('RecoveryDistributed', {
    claimId,
    fundId: FUND,
    loanId: loan.loanId,
    pledgeId: loan.pledgeId,
    bankOrgId: loan.bankOrgId,
    budgetYear: Number(distributedOn.slice(0, 4)),
    disposedOn: distributedOn,
    distributedOn,
    netProceeds,
    returns: [{ party: 'fund', orgId: FUND, bore: netProceeds, returned: netProceeds }],
    residualToBank: '0.00',
    residualToBorrower: '0.00',
    principalWrittenOff: '0.00',
  });
}

export const SUBSIDY_SCHEME = 'sub_0195a1b2c3d47e5f8a6b7c8d9e0f1a12';

export interface TestSubsidy {
  applicationId: string;
  kind: PayloadOf<'SubsidyApproved'>['kind'];
  loanId: string;
  bankOrgId: string;
}

/** The bureau's approval of a subsidy application; the scheme's budget year is the approval's. */
export function subsidyApproved(application: {
  kind: PayloadOf<'SubsidyApproved'>['kind'];
  bankOrgId: string;
  districtCode: string;
  industry: string | null;
  approvedOn: string;
  approvedAmount: string;
}): { subsidy: TestSubsidy; event: EventEnvelope<'SubsidyApproved'> } {
  const subsidy = {
    applicationId: newId('subsidyApplication'),
    kind: application.kind,
    loanId: newId('loan'),
    bankOrgId: application.bankOrgId,
  };
  const event = testEnvelope('SubsidyApproved', {
    ...subsidy,
    schemeId: SUBSIDY_SCHEME,
    schemeVersion: 1,
    borrowerUscc: USCC,
    districtCode: application.districtCode,
    firmSize: 'small',
    industry: application.industry,
    budgetYear: Number(application.approvedOn.slice(0, 4)),
    approvedOn: application.approvedOn,
    amountPaid: '999999.99',
    approvedAmount: application.approvedAmount,
  });
  return { subsidy, event };
}

/** The payout of an approved subsidy to the borrower. */
export function subsidyPaid(subsidy: TestSubsidy, budgetYear: number, paidOn: string, amount: string): EventEnvelope<'SubsidyPaid'> {
  return testEnvelope('SubsidyPaid', {
    ...subsidy,
    schemeId: SUBSIDY_SCHEME,
    borrowerUscc: USCC,
    budgetYear,
    amount,
    paidOn,
    paymentReference: `CQ-SUB-${paidOn}`,
  });
}
