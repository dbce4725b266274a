import { z } from 'zod';
import {
  DateString,
  LoanId,
  MoneyString,
  OrgId,
  PledgeId,
  PositiveMoneyString,
  RateString,
  RepaymentId,
  Timestamp,
  Uscc,
} from '../primitives';

export const LOAN_STATUSES = ['ACTIVE', 'OVERDUE', 'DEFAULTED', 'CLOSED'] as const;
export const LoanStatus = z.enum(LOAN_STATUSES);
export type LoanStatus = z.infer<typeof LoanStatus>;

export const DisburseLoanRequest = z.strictObject({
  pledgeId: PledgeId,
  principal: PositiveMoneyString,
  annualInterestRate: RateString,
  termMonths: z.number().int().min(1).max(36, { message: 'must be at most 36 months' }),
  disbursedOn: DateString,
  /** The guarantor (担保机构) and insurer (保险机构) of the loan, if any: each bears its policy share of a loss. */
  guarantorOrgId: OrgId.optional(),
  insurerOrgId: OrgId.optional(),
});
export type DisburseLoanRequest = z.infer<typeof DisburseLoanRequest>;

export const RecordRepaymentRequest = z
  .strictObject({
    principalAmount: MoneyString,
    interestAmount: MoneyString,
    repaidOn: DateString,
  })
  .refine((body) => /[1-9]/.test(body.principalAmount) || /[1-9]/.test(body.interestAmount), {
    message: 'a repayment must repay some principal or some interest',
    path: ['principalAmount'],
  });
export type RecordRepaymentRequest = z.infer<typeof RecordRepaymentRequest>;

export const ReportOverdueRequest = z.strictObject({
  /** The first day the loan was past due. */
  overdueSince: DateString,
  daysPastDue: z.number().int().min(1, { message: 'must be at least 1 day' }).max(36_500),
  overdueInterest: MoneyString,
});
export type ReportOverdueRequest = z.infer<typeof ReportOverdueRequest>;

export const ReportDefaultRequest = z.strictObject({
  defaultedOn: DateString,
  accruedInterest: MoneyString,
});
export type ReportDefaultRequest = z.infer<typeof ReportDefaultRequest>;

export const RepaymentResponse = z.object({
  id: RepaymentId,
  loanId: LoanId,
  principalAmount: MoneyString,
  interestAmount: MoneyString,
  repaidOn: DateString,
  outstandingAfter: MoneyString,
  recordedAt: Timestamp,
});

export const LoanResponse = z.object({
  id: LoanId,
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  borrowerUscc: Uscc,
  status: LoanStatus,
  principal: MoneyString,
  outstandingPrincipal: MoneyString,
  interestPaid: MoneyString,
  annualInterestRate: RateString,
  termMonths: z.number().int(),
  disbursedOn: DateString,
  maturityDate: DateString,
  loanToValueLimit: RateString,
  closedOn: DateString.nullable(),
  closeReason: z.enum(['repaid', 'recovery-settled']).nullable(),
  guarantorOrgId: OrgId.nullable(),
  insurerOrgId: OrgId.nullable(),
  /** The latest overdue report (null when never reported overdue). */
  overdueSince: DateString.nullable(),
  daysPastDue: z.number().int().nullable(),
  overdueInterest: MoneyString.nullable(),
  /** The default report (null unless DEFAULTED). */
  defaultedOn: DateString.nullable(),
  accruedInterest: MoneyString.nullable(),
  repayments: z.array(RepaymentResponse),
});
export type LoanResponse = z.infer<typeof LoanResponse>;

export const ListLoansQuery = z.strictObject({
  status: LoanStatus.optional(),
  pledgeId: PledgeId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const LoanListResponse = z.object({ items: z.array(LoanResponse) });
