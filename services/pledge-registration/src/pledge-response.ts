// The one place a pledge and its history become HTTP answers: Money as its two-decimal string,
// calendar days as YYYY-MM-DD, instants as ISO-8601.
import type { PledgeHistoryResponse, PledgeResponse } from '@ipledger/contracts';
import type { Pledge, PledgeStep, RegistrationVersion } from './domain/pledge';
import type { DecisionDeadline } from './domain/register-rules';

/** The decision deadline of a SUBMITTED pledge (null otherwise), by the server's today. */
export type DeadlineOf = (pledge: Pledge) => DecisionDeadline | null;

export function toPledgeResponse(pledge: Pledge, deadlineOf: DeadlineOf): PledgeResponse {
  const decision = deadlineOf(pledge);
  return {
    id: pledge.id,
    status: pledge.status,
    bankOrgId: pledge.bankOrgId,
    pledgor: { uscc: pledge.pledgorUscc, name: pledge.pledgorName, firmSize: pledge.pledgorFirmSize, industry: pledge.pledgorIndustry },
    ipItems: pledge.ipItems.map((item) => ({ ipType: item.ipType, number: item.number, title: item.title })),
    requestedLoanAmount: pledge.requestedLoanAmount.toString(),
    termMonths: pledge.termMonths,
    districtCode: pledge.districtCode,
    registrationNumber: pledge.registrationNumber,
    registrationDate: pledge.registrationDate,
    loanId: pledge.loanId,
    releasedOn: pledge.releasedOn,
    loanDefaultedOn: pledge.loanDefaultedOn,
    disposal:
      pledge.disposal === null
        ? null
        : {
            method: pledge.disposal.method,
            grossProceeds: pledge.disposal.grossProceeds.toString(),
            costs: pledge.disposal.costs.toString(),
            netProceeds: pledge.disposal.netProceeds.toString(),
            disposedOn: pledge.disposal.disposedOn,
          },
    appraiserOrgId: pledge.appraiserOrgId,
    registrationVersion: pledge.registrationVersion,
    // The reasons are the answer only while the application waits for its correction.
    correctionReasons: pledge.correctionReasons === null || pledge.status !== 'RETURNED' ? null : [...pledge.correctionReasons],
    refusal: pledge.refusal === null ? null : { reason: pledge.refusal.reason, note: pledge.refusal.note },
    decisionDeadline: decision?.deadline ?? null,
    decisionDeadlineProvisional: decision?.provisional ?? false,
    decisionOverdue: decision?.overdue ?? false,
    submittedAt: pledge.submittedAt.toISOString(),
    receivedAt: pledge.receivedAt.toISOString(),
    updatedAt: pledge.updatedAt.toISOString(),
  };
}

export function toHistoryResponse(
  pledge: Pledge,
  steps: readonly PledgeStep[],
  versions: readonly RegistrationVersion[],
): PledgeHistoryResponse {
  return {
    pledgeId: pledge.id,
    status: pledge.status,
    steps: steps.map((step) => ({
      step: step.step,
      fromStatus: step.fromStatus,
      toStatus: step.toStatus,
      actor: { ...step.actor },
      at: step.at.toISOString(),
      onDate: step.onDate,
      details: step.details,
    })),
    registrations: versions.map((version) => ({
      version: version.version,
      registrationNumber: version.registrationNumber,
      effectiveOn: version.effectiveOn,
      securedAmount: version.securedAmount.toString(),
      termMonths: version.termMonths,
      pledgorName: version.pledgorName,
      note: version.note,
      actor: { ...version.actor },
      recordedAt: version.recordedAt.toISOString(),
    })),
  };
}
