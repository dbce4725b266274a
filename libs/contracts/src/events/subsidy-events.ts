// Subsidy events (贴息、评估费/担保费/保险费补贴): the bureau's publications of scheme versions,
// its decisions on applications and the payouts to borrowers. `schemeId` is the scheme's series
// (its first version's id: every version shares the series' yearly budget and caps) and the key,
// so one scheme's approvals and payouts stay in order on one partition: the ledger never sees a
// payout before the approval it pays. docs/subsidies.md has the model.
import { z } from 'zod';
import { SubsidyKind, SubsidySchemeDocument } from '../http/subsidies';
import {
  DateString,
  DivisionCode,
  FirmSize,
  IndustryCode,
  LoanId,
  OrgId,
  PositiveTotalMoneyString,
  SubsidyApplicationId,
  SubsidySchemeId,
  TotalMoneyString,
  Uscc,
} from '../primitives';

const BudgetYear = z.number().int().min(2000).max(2100);

/** A version of a subsidy scheme became binding (四眼: published by another bureau user than its author). */
export const SubsidySchemePublishedV1 = z.object({
  /** The series. */
  schemeId: SubsidySchemeId,
  /** This version's own id and number. */
  versionId: SubsidySchemeId,
  version: z.number().int().min(1),
  name: z.string().min(1).max(200),
  effectiveFrom: DateString,
  /** Exclusive; null while open-ended. */
  effectiveTo: DateString.nullable(),
  /** The whole validated scheme as published: its rules, caps, eligibility and yearly budget. */
  document: SubsidySchemeDocument,
  publishedAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp' }),
});

export const SubsidyApprovedV1 = z.object({
  applicationId: SubsidyApplicationId,
  /** The series (the first version's id); `schemeVersion` is the version that bound the application. */
  schemeId: SubsidySchemeId,
  schemeVersion: z.number().int().min(1),
  kind: SubsidyKind,
  loanId: LoanId,
  bankOrgId: OrgId,
  borrowerUscc: Uscc,
  districtCode: DivisionCode,
  /** The borrower's size (大中小微) and GB/T 4754-2017 section as judged (the borrower's registered ones, else the application's); null when unknown. */
  firmSize: FirmSize.nullable(),
  industry: IndustryCode.nullable(),
  /** The scheme's budget year the subsidy is charged to: the year of the (server's) approval date. */
  budgetYear: BudgetYear,
  approvedOn: DateString,
  /** What the borrower paid for the cost applied for. */
  amountPaid: PositiveTotalMoneyString,
  /** What the scheme pays after its caps and budget; 0.00 when the budget or a cap left nothing. */
  approvedAmount: TotalMoneyString,
});

export const SubsidyRejectedV1 = z.object({
  applicationId: SubsidyApplicationId,
  schemeId: SubsidySchemeId,
  kind: SubsidyKind,
  loanId: LoanId,
  bankOrgId: OrgId,
  rejectedOn: DateString,
  reason: z.string().min(1).max(2000),
});

export const SubsidyPaidV1 = z.object({
  applicationId: SubsidyApplicationId,
  schemeId: SubsidySchemeId,
  kind: SubsidyKind,
  loanId: LoanId,
  bankOrgId: OrgId,
  borrowerUscc: Uscc,
  /** The budget year the approval was charged to. */
  budgetYear: BudgetYear,
  /** The approved amount, paid to the borrower. */
  amount: PositiveTotalMoneyString,
  paidOn: DateString,
  paymentReference: z.string().min(1).max(64),
});
