// Claims and computations as the API shows them: amounts as money strings, each party with the
// organisation that bears its part.
import { ClaimStatus, ComputationResponse, type ClaimResponse } from '@ipledger/contracts';
import { Rate } from '@ipledger/money';
import { toDateString } from '@ipledger/service-kit';
import type { z } from 'zod';
import { RuleOutcomeResponse } from '@ipledger/contracts';
import type { CompensationRecord, PartyPart, PartyRole } from './domain';
import type { ClaimWithParts, StoredRecovery } from './claims.repository';

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

export function toClaimResponse(row: ClaimWithParts): ClaimResponse {
  const status = ClaimStatus.parse(row.status);
  const recovery = row.recovery as StoredRecovery | null;
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
    ipCollateralShare: row.ipCollateralShare === null ? null : Rate.of(row.ipCollateralShare.toFixed()).toString(),
    filedOn: toDateString(row.filedOn),
    filingDeadline: toDateString(row.filingDeadline),
    filingDeadlineProvisional: row.filingDeadlineProvisional,
    eligibility: (row.eligibility as z.infer<typeof RuleOutcomeResponse>[]).map((outcome) => RuleOutcomeResponse.parse(outcome)),
    preparation:
      row.preparedOn === null || row.preparedByOrgId === null
        ? null
        : {
            preparedOn: toDateString(row.preparedOn),
            preparedByOrgId: row.preparedByOrgId,
            preparedByUserId: row.preparedByUserId,
            note: row.preparedNote,
          },
    decision:
      row.decidedOn === null || row.decidedByOrgId === null
        ? null
        : {
            outcome: status === 'REJECTED' ? 'REJECTED' : 'APPROVED',
            decidedOn: toDateString(row.decidedOn),
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
            amount: row.paidAmount.toFixed(2),
            paidOn: toDateString(row.paidOn),
            paymentReference: row.paymentReference,
            recordedByOrgId: row.paidByOrgId,
            recordedByUserId: row.paidByUserId,
          },
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
