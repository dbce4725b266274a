// Subsidy events (贴息、评估费/担保费/保险费补贴): the bureau's decisions on applications and the
// payouts to borrowers. Keyed by the scheme, whose yearly budget pays them, so one scheme's
// approvals and payouts stay in order on one partition: the ledger never sees a payout before the
// approval it pays. docs/subsidies.md has the model.
import { z } from 'zod';
import { SubsidyKind } from '../http/subsidies';
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

export const SubsidyApprovedV1 = z.object({
  applicationId: SubsidyApplicationId,
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
