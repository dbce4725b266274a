// A stored subsidy application as the API shows it (SubsidyApplicationResponse).
import type { SubsidyApplicationResponse } from '@ipledger/contracts';
import { SubsidyApplicationResponse as ResponseSchema } from '@ipledger/contracts';
import { moneyOfStored } from '@ipledger/db';
import type { Money } from '@ipledger/money';
import { toDateString } from '@ipledger/service-kit';
import type { SubsidyComputation } from './domain';
import type { SubsidyApplicationRow } from './subsidy-applications.repository';

type StoredComputation = NonNullable<SubsidyApplicationResponse['computation']>;

const dateOrNull = (value: Date | null): string | null => (value === null ? null : toDateString(value));

export function toSubsidyApplicationResponse(row: SubsidyApplicationRow): SubsidyApplicationResponse {
  return {
    id: row.id,
    status: row.status as SubsidyApplicationResponse['status'],
    schemeId: row.schemeId,
    seriesId: row.seriesId,
    schemeVersion: row.schemeVersion,
    kind: row.kind as SubsidyApplicationResponse['kind'],
    loanId: row.loanId,
    bankOrgId: row.bankOrgId,
    borrowerUscc: row.borrowerUscc,
    amountPaid: moneyOfStored(row.amountPaid).toString(),
    periodFrom: dateOrNull(row.periodFrom),
    periodTo: dateOrNull(row.periodTo),
    feePaidOn: dateOrNull(row.feePaidOn),
    costIncurredOn: toDateString(row.costIncurredOn),
    paymentReferences: row.paymentReferences,
    firmSize: row.firmSize as SubsidyApplicationResponse['firmSize'],
    industry: row.industry,
    loanPurpose: row.loanPurpose,
    filedOn: toDateString(row.filedOn),
    // Written by this service from the domain's outcomes; parsing again keeps the type honest.
    eligibility: ResponseSchema.shape.eligibility.parse(row.eligibility),
    preparedOn: dateOrNull(row.preparedOn),
    preparedByUserId: row.preparedByUserId,
    decidedOn: dateOrNull(row.decidedOn),
    decidedByUserId: row.decidedByUserId,
    decisionNote: row.decisionNote,
    computation: row.computation === null ? null : ResponseSchema.shape.computation.parse(row.computation),
    approvedAmount: row.approvedAmount === null ? null : moneyOfStored(row.approvedAmount).toString(),
    budgetYear: row.budgetYear,
    paidOutOn: dateOrNull(row.paidOutOn),
    paymentReference: row.paymentReference,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The computation as stored and shown: every amount as a money string. */
export function toStoredComputation(
  computation: SubsidyComputation,
  context: { lpr: string; lprOn: string; principalDays: Money; budgetYear: number },
): StoredComputation {
  return {
    base: {
      basis: computation.base.basis,
      rate: computation.base.rate,
      computed: computation.base.computed.toString(),
      amountPaid: computation.base.amountPaid.toString(),
      amount: computation.base.amount.toString(),
    },
    limits: computation.limits.map((step) => ({
      limit: step.limit,
      room: step.room.toString(),
      before: step.before.toString(),
      after: step.after.toString(),
      bound: step.bound,
    })),
    approved: computation.approved.toString(),
    lpr: context.lpr,
    lprOn: context.lprOn,
    principalDays: context.principalDays.toString(),
    budgetYear: context.budgetYear,
  };
}
