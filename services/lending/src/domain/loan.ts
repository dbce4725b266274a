// A loan as the service knows it: amounts as Money, rates as Rate, calendar days as LocalDate.
// The repository reads loans into this shape; rules, events and the HTTP answer start from it.
import type { LocalDate } from '@ipledger/calendar';
import type { LoanStatus } from '@ipledger/contracts';
import type { DayCount, PeriodMonths, RepaymentMethod } from '@ipledger/loan-servicing';
import type { Money, Rate } from '@ipledger/money';
import type { LoanCloseReason } from './loan-lifecycle';

export interface Repayment {
  readonly id: string;
  readonly loanId: string;
  readonly principalAmount: Money;
  readonly interestAmount: Money;
  readonly repaidOn: LocalDate;
  readonly outstandingAfter: Money;
  /** 'prepayment' (提前还款): principal ahead of the schedule, which was made anew (its own version). */
  readonly kind: 'instalment' | 'prepayment';
  /** The instant the repayment was written (not a calendar day). */
  readonly recordedAt: Date;
}

export interface Loan {
  readonly id: string;
  readonly pledgeId: string;
  readonly bankOrgId: string;
  readonly borrowerUscc: string;
  readonly status: LoanStatus;
  readonly principal: Money;
  readonly outstandingPrincipal: Money;
  readonly interestPaid: Money;
  readonly annualInterestRate: Rate;
  readonly termMonths: number;
  readonly disbursedOn: LocalDate;
  readonly maturityDate: LocalDate;
  readonly loanToValueLimit: Rate;
  /** Set when the loan closes, with the reason. */
  readonly closedOn: LocalDate | null;
  readonly closeReason: LoanCloseReason | null;
  readonly guarantorOrgId: string | null;
  readonly insurerOrgId: string | null;
  /** The overdue report's figures (逾期); null until one is accepted. */
  readonly overdueSince: LocalDate | null;
  readonly daysPastDue: number | null;
  readonly overdueInterest: Money | null;
  /** The default report's figures (违约); null until one is accepted. */
  readonly defaultedOn: LocalDate | null;
  readonly accruedInterest: Money | null;
  /** How it is repaid and its interest counted (docs/servicing.md); the schedule is stored at disbursement. */
  readonly repaymentMethod: RepaymentMethod;
  readonly dayCount: DayCount;
  readonly periodMonths: PeriodMonths;
  /** 按日计息: every day before `interestAccruedUntil` is accrued (null: none yet, it starts at the disbursement). */
  readonly interestAccruedUntil: LocalDate | null;
  /** The sum of the accruals posted, and the part of the interest repaid that settled them. */
  readonly interestAccrued: Money;
  readonly accruedInterestSettled: Money;
  /** The schedule in force: 1 at disbursement, one more per prepayment. */
  readonly scheduleVersion: number;
  /** In date order (then recording order). */
  readonly repayments: readonly Repayment[];
  /** Optimistic-concurrency version: a change applies only to the version it was decided on. */
  readonly version: number;
}
