// Claims, computations, funds and the risk sharers' parts as the API shows them, built in this one
// place from the domain records (claim-records.ts, domain/): amounts as Money's two-decimal
// strings, days as YYYY-MM-DD, each party with the organisation that bears its part.
import {
  ComputationResponse,
  type ClaimResponse,
  type CompensationShareResponse,
  type FundBudgetYearResponse,
  type FundContributionResponse,
  type FundContributorYearResponse,
  type FundResponse,
} from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import type { z } from 'zod';
import { RuleOutcomeResponse } from '@ipledger/contracts';
import { dueByContributor, type CompensationRecord, type PartyPart, type PartyRole } from './domain';
import { budgetOfYear, budgetRemaining, type Claim, type FundBudget, type SharerPart } from './claim-records';
import type { FundContribution, YearFunding } from './fund-contributions.repository';

export type OrgOfParty = (party: PartyRole) => string;

function partsWithOrgs(parts: readonly PartyPart[], orgOf: OrgOfParty) {
  return parts.map((part) => ({ party: part.party, orgId: orgOf(part.party), share: part.share, amount: part.amount.toString() }));
}

/** The step-by-step record of an approval, ready to store and to show. */
export function toComputationResponse(
  record: CompensationRecord,
  context: { orgOf: OrgOfParty; budgetYear: number; borrowerCoverageTakenBefore: string },
): ComputationResponse {
  const cap = record.publicShareCap;
  return {
    exposure: record.exposure.toString(),
    base: {
      rule: record.base.rule,
      principal: record.base.principal.toString(),
      interestCounted: record.base.interestCounted.toString(),
      netDisposalProceeds: record.base.netDisposalProceeds.toString(),
      ipCollateralShare: record.base.ipCollateralShare,
      amount: record.base.amount.toString(),
    },
    borrowerCoverageTakenBefore: context.borrowerCoverageTakenBefore,
    caps: record.caps.map((step) => ({
      order: step.order,
      cap: step.cap,
      limit: step.limit.toString(),
      before: step.before.toString(),
      after: step.after.toString(),
      bound: step.bound,
    })),
    approvedAmount: record.approvedAmount.toString(),
    split: partsWithOrgs(record.split, context.orgOf),
    publicShareCap:
      cap === undefined
        ? null
        : {
            rate: cap.rate,
            exposure: cap.exposure.toString(),
            limit: cap.limit.toString(),
            fundPartBefore: cap.fundPartBefore.toString(),
            fundPartAfter: cap.fundPartAfter.toString(),
            keptByBank: cap.keptByBank.toString(),
          },
    parts: partsWithOrgs(record.parts, context.orgOf),
    fund: {
      budgetYear: context.budgetYear,
      fundPart: record.fund.fundPart.toString(),
      budgetBefore: record.fund.budgetBefore.toString(),
      paid: record.fund.paid.toString(),
      budgetAfter: record.fund.budgetAfter.toString(),
      shortfall: record.fund.shortfall.toString(),
      rule: record.fund.rule,
    },
    uncoveredLoss: record.uncoveredLoss.toString(),
  };
}

export function toClaimResponse(row: Claim): ClaimResponse {
  const status = row.status;
  const recovery = row.recovery;
  return {
    id: row.id,
    status,
    loanId: row.loanId,
    pledgeId: row.pledgeId,
    bankOrgId: row.bankOrgId,
    borrowerUscc: row.borrowerUscc,
    fundId: row.fundId,
    policyId: row.policyId,
    policyVersion: row.policyVersion,
    ipCollateralShare: row.ipCollateralShare === null ? null : row.ipCollateralShare.toString(),
    filedOn: row.filedOn,
    filingDeadline: row.filingDeadline,
    filingDeadlineProvisional: row.filingDeadlineProvisional,
    eligibility: (row.eligibility as z.infer<typeof RuleOutcomeResponse>[]).map((outcome) => RuleOutcomeResponse.parse(outcome)),
    preparation:
      row.preparedOn === null || row.preparedByOrgId === null
        ? null
        : {
            preparedOn: row.preparedOn,
            preparedByOrgId: row.preparedByOrgId,
            preparedByUserId: row.preparedByUserId,
            note: row.preparedNote,
          },
    decision:
      row.decidedOn === null || row.decidedByOrgId === null
        ? null
        : {
            outcome: status === 'REJECTED' ? 'REJECTED' : 'APPROVED',
            decidedOn: row.decidedOn,
            decidedByOrgId: row.decidedByOrgId,
            decidedByUserId: row.decidedByUserId,
            note: row.decisionNote,
          },
    // Written by this service after building it from the domain record; parsed to keep the type honest.
    computation: row.computation === null ? null : ComputationResponse.parse(row.computation),
    payment:
      row.paidOn === null || row.paidAmount === null || row.paymentReference === null
        ? null
        : {
            amount: row.paidAmount.toString(),
            paidOn: row.paidOn,
            paymentReference: row.paymentReference,
            recordedByOrgId: row.paidByOrgId,
            recordedByUserId: row.paidByUserId,
          },
    shortfallSettlements: row.shortfallSettlements.map((settlement) => ({
      settlementId: settlement.id,
      budgetYear: settlement.budgetYear,
      amount: settlement.amount.toString(),
      settledOn: settlement.settledOn,
      payment:
        settlement.payment === null
          ? null
          : {
              paidOn: settlement.payment.paidOn,
              paymentReference: settlement.payment.reference,
              recordedByUserId: settlement.payment.paidByUserId,
            },
    })),
    recovery:
      recovery === null
        ? null
        : {
            disposedOn: recovery.disposedOn,
            distributedOn: recovery.distributedOn,
            netProceeds: recovery.netProceeds,
            returns: recovery.returns,
            residualToBank: recovery.residualToBank,
            residualToBorrower: recovery.residualToBorrower,
            rule: recovery.rule,
          },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Each government named by the policy that opened the year, in its order, then any other that paid in. */
function contributorsOf(budget: FundBudget, funding: YearFunding): z.infer<typeof FundContributorYearResponse>[] {
  const totalOf = (payerCode: string) => funding.totals.find((total) => total.payerCode === payerCode);
  const named = dueByContributor(budget.appropriated, funding.fundedBy).map((contributor) => {
    const total = totalOf(contributor.payerCode);
    return {
      payerCode: contributor.payerCode,
      level: contributor.level,
      name: contributor.name,
      weight: contributor.weight,
      due: contributor.due.toString(),
      paid: (total?.appropriation ?? Money.zero()).toString(),
      toppedUp: (total?.topUp ?? Money.zero()).toString(),
    };
  });
  const others = funding.totals
    .filter((total) => !named.some((contributor) => contributor.payerCode === total.payerCode))
    .map((total) => ({
      payerCode: total.payerCode,
      level: total.payerLevel,
      name: total.payerName,
      weight: null,
      due: null,
      paid: total.appropriation.toString(),
      toppedUp: total.topUp.toString(),
    }));
  return [...named, ...others];
}

export function toBudgetYearResponse(budget: FundBudget, funding: YearFunding): z.infer<typeof FundBudgetYearResponse> {
  return {
    budgetYear: budget.budgetYear,
    appropriated: budget.appropriated.toString(),
    toppedUp: budget.toppedUp.toString(),
    used: budget.used.toString(),
    remaining: budgetRemaining(budget).toString(),
    paid: budget.paid.toString(),
    shortfall: budget.shortfall.toString(),
    shortfallsSettled: budget.shortfallsSettled.toString(),
    recovered: budget.recovered.toString(),
    claimsApproved: budget.claimsApproved,
    contributors: contributorsOf(budget, funding),
    closed:
      budget.closedAt === null || budget.closedOn === null || budget.closedByOrgId === null
        ? null
        : {
            closedOn: budget.closedOn,
            closedAt: budget.closedAt.toISOString(),
            closedByOrgId: budget.closedByOrgId,
            closedByUserId: budget.closedByUserId,
          },
  };
}

/**
 * A fund with its budget years; the pool holds what was appropriated and topped up, less what it
 * paid out, plus what came back. `fundingOf` gives each year's contributors.
 */
export function toFundResponse(
  fund: { fundId: string; name: string },
  budgets: readonly FundBudget[],
  fundingOf: (budget: FundBudget) => YearFunding,
): FundResponse {
  const balance = Money.sum(budgets.map((budget) => budgetOfYear(budget).minus(budget.paid).plus(budget.recovered)));
  return {
    fundId: fund.fundId,
    name: fund.name,
    balance: balance.toString(),
    years: budgets.map((budget) => toBudgetYearResponse(budget, fundingOf(budget))),
  };
}

export function toContributionResponse(contribution: FundContribution): FundContributionResponse {
  return {
    contributionId: contribution.id,
    fundId: contribution.fundId,
    budgetYear: contribution.budgetYear,
    payerCode: contribution.payerCode,
    payerLevel: contribution.payerLevel,
    payerName: contribution.payerName,
    kind: contribution.kind,
    amount: contribution.amount.toString(),
    reference: contribution.reference,
    receivedOn: contribution.receivedOn,
    recordedByOrgId: contribution.recordedBy.orgId,
    recordedByUserId: contribution.recordedBy.userId,
    createdAt: contribution.createdAt.toISOString(),
  };
}

export function toShareResponse(part: SharerPart): z.infer<typeof CompensationShareResponse> {
  return {
    claimId: part.claimId,
    loanId: part.claim.loanId,
    bankOrgId: part.claim.bankOrgId,
    party: part.party,
    orgId: part.orgId,
    share: part.share,
    owed: part.amount.toString(),
    returned: part.returned.toString(),
    claimStatus: part.claim.status,
    approvedOn: part.claim.decidedOn ?? part.claim.filedOn,
    paidOn: part.payment?.paidOn ?? null,
    paymentReference: part.payment?.reference ?? null,
  };
}
