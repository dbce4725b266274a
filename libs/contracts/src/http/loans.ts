import { z } from 'zod';
import {
  DateString,
  DayCount,
  LoanId,
  MoneyString,
  OrgId,
  PeriodMonths,
  PledgeId,
  PositiveMoneyString,
  PrepaymentChoice,
  RateString,
  RepaymentId,
  RepaymentMethod,
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
  /** The contract's repayment method; a single repayment at maturity unless given. */
  repaymentMethod: RepaymentMethod.default('bullet'),
  dayCount: DayCount.default('ACT/360'),
  /** Months between instalments (monthly unless given); a bullet loan has one instalment. */
  periodMonths: PeriodMonths.default(1),
  /** The guarantor (担保机构) and insurer (保险机构) of the loan, if any: each bears its policy share of a loss. */
  guarantorOrgId: OrgId.optional(),
  insurerOrgId: OrgId.optional(),
});
export type DisburseLoanRequest = z.infer<typeof DisburseLoanRequest>;

/**
 * A repayment (还款), in one of two forms: the `amount` the borrower paid, which the server
 * allocates by the loan's schedule (penalty interest, then each instalment's interest and
 * principal, oldest first: docs/servicing.md), or the bank's own split into `principalAmount` and
 * `interestAmount`.
 */
export const RecordRepaymentRequest = z
  .strictObject({
    amount: MoneyString.optional(),
    principalAmount: MoneyString.optional(),
    interestAmount: MoneyString.optional(),
    repaidOn: DateString,
  })
  .superRefine((body, ctx) => {
    const split = body.principalAmount !== undefined || body.interestAmount !== undefined;
    if (body.amount !== undefined && split) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: 'give either amount (allocated by the server) or principalAmount and interestAmount, not both',
      });
      return;
    }
    if (body.amount !== undefined) {
      if (!/[1-9]/.test(body.amount)) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'a repayment must repay something' });
      return;
    }
    if (body.principalAmount === undefined || body.interestAmount === undefined) {
      for (const field of ['principalAmount', 'interestAmount'] as const) {
        if (body[field] === undefined) {
          ctx.addIssue({ code: 'custom', path: [field], message: 'is required unless amount is given (then the server allocates it)' });
        }
      }
      return;
    }
    if (!/[1-9]/.test(body.principalAmount) && !/[1-9]/.test(body.interestAmount)) {
      ctx.addIssue({ code: 'custom', path: ['principalAmount'], message: 'a repayment must repay some principal or some interest' });
    }
  });
export type RecordRepaymentRequest = z.infer<typeof RecordRepaymentRequest>;

/**
 * 提前还款: the bank reports principal the borrower paid ahead of the schedule, today (the server's
 * day: interest on it stops from then). The schedule is made anew by `choice` (docs/servicing.md).
 */
export const RecordPrepaymentRequest = z.strictObject({
  principalAmount: PositiveMoneyString,
  choice: PrepaymentChoice,
});
export type RecordPrepaymentRequest = z.infer<typeof RecordPrepaymentRequest>;

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
  /** Contractual interest accrued day by day (按日计息) and posted so far, and the first day not yet accrued (null: none yet). */
  interestAccrued: MoneyString,
  interestAccruedUntil: DateString.nullable(),
  repayments: z.array(RepaymentResponse),
});
export type LoanResponse = z.infer<typeof LoanResponse>;

export const InstalmentResponse = z.object({
  number: z.number().int(),
  startsOn: DateString,
  dueOn: DateString,
  days: z.number().int(),
  openingPrincipal: MoneyString,
  principal: MoneyString,
  interest: MoneyString,
  amount: MoneyString,
  closingPrincipal: MoneyString,
  /** On the day asked about: settled, upcoming, due-today or overdue. */
  state: z.enum(['settled', 'upcoming', 'due-today', 'overdue']),
  settledOn: DateString.nullable(),
  interestLeft: MoneyString,
  principalLeft: MoneyString,
});

/** The loan's schedule and where it stands today, computed from the schedule and the repayments recorded. */
export const LoanScheduleResponse = z.object({
  loanId: LoanId,
  repaymentMethod: RepaymentMethod,
  /** The method's Chinese name, e.g. 等额本息. */
  repaymentMethodName: z.string(),
  dayCount: DayCount,
  periodMonths: z.number().int(),
  maturityDate: DateString,
  totalInterest: MoneyString,
  instalments: z.array(InstalmentResponse),
  position: z.object({
    /** Today in China, by the server's clock. */
    asOf: DateString,
    outstandingPrincipal: MoneyString,
    overduePrincipal: MoneyString,
    overdueInterest: MoneyString,
    /** Penalty and compound interest (罚息, 复利) at the contract rate + 50 %, accrued before asOf. */
    penaltyAccrued: MoneyString,
    penaltyPaid: MoneyString,
    penaltyLeft: MoneyString,
    overdueSince: DateString.nullable(),
    daysPastDue: z.number().int(),
    /** C, M1 … M6, M7+. */
    bucket: z.string(),
    /** The lowest risk class the days past due allow (五级分类): normal, special-mention, substandard, doubtful, loss. */
    riskClass: z.enum(['normal', 'special-mention', 'substandard', 'doubtful', 'loss']),
    riskClassName: z.string(),
  }),
});
export type LoanScheduleResponse = z.infer<typeof LoanScheduleResponse>;

export const ListLoansQuery = z.strictObject({
  status: LoanStatus.optional(),
  pledgeId: PledgeId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const LoanListResponse = z.object({ items: z.array(LoanResponse) });
