import { z } from 'zod';
import {
  DateString,
  DayCount,
  DivisionCode,
  FirmSize,
  IndustryCode,
  IpType,
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
  Uscc,
} from '../primitives';

export const LoanDisbursedV1 = z.object({
  loanId: LoanId,
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  borrowerUscc: Uscc,
  borrowerName: z.string().min(1).max(200),
  principal: PositiveMoneyString,
  annualInterestRate: RateString,
  termMonths: z.number().int().min(1).max(36),
  disbursedOn: DateString,
  maturityDate: DateString,
  districtCode: DivisionCode,
  ipTypes: z.array(IpType).min(1),
  loanToValueLimit: RateString,
  // Added fields (still version 1: optional, so events written before them stay readable and
  // mean "not stated"). Risk compensation needs them to judge and share a claim.
  /** The registrar's number of the pledge (质押登记号). */
  pledgeRegistrationNumber: z.string().min(1).max(64).optional(),
  /** The appraiser whose valuation the loan-to-value limit used; it bears the appraiser's share. */
  appraiserOrgId: OrgId.optional(),
  /** The guarantor (担保机构) and insurer (保险机构) of the loan, if any; each bears its policy share. */
  guarantorOrgId: OrgId.optional(),
  insurerOrgId: OrgId.optional(),
  /**
   * How the loan is repaid and its interest counted (docs/servicing.md). Absent in events written
   * before schedules existed: those loans are repaid in one payment at maturity on ACT/360.
   */
  repaymentMethod: RepaymentMethod.optional(),
  dayCount: DayCount.optional(),
  periodMonths: PeriodMonths.optional(),
  /** The borrower's size (大中小微) and GB/T 4754 section, as registered with the pledge; absent when not stated. */
  borrowerFirmSize: FirmSize.optional(),
  borrowerIndustry: IndustryCode.optional(),
});

export const LoanRepaidV1 = z.object({
  loanId: LoanId,
  repaymentId: RepaymentId,
  bankOrgId: OrgId,
  principalAmount: MoneyString,
  interestAmount: MoneyString,
  repaidOn: DateString,
  outstandingPrincipal: MoneyString,
  /**
   * The part of `interestAmount` that settles interest already accrued (LoanInterestAccrued) and
   * not yet settled; the rest (penalty interest, interest paid before it accrued) is income at
   * once. Absent in events written before accruals existed: then all of it was income at once.
   */
  accruedInterestSettled: MoneyString.optional(),
});

/**
 * 按日计息: the contractual interest of the days from `accruedFrom` up to, not including,
 * `accruedUntil`, by the loan's schedule (libs/loan-servicing's interest-accrual.ts). Each day of a
 * loan is in exactly one such event (the end-of-day servicing moves the loan's accrued-until day
 * with it); normally one day, more after a pause.
 */
export const LoanInterestAccruedV1 = z.object({
  loanId: LoanId,
  bankOrgId: OrgId,
  accruedFrom: DateString,
  accruedUntil: DateString,
  days: z.number().int().min(1),
  amount: PositiveMoneyString,
});

/**
 * 提前还款: the borrower prepaid principal (its LoanRepaid, principal only, comes first) and the
 * schedule was made anew as `scheduleVersion` by the bank's choice; the loan now ends on
 * `maturityDate` (earlier under shorten-term). Only fewer or smaller instalments: the registration
 * of the pledge still secures the debt, so no change registration (变更) is needed.
 */
export const LoanRescheduledV1 = z.object({
  loanId: LoanId,
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  repaymentId: RepaymentId,
  scheduleVersion: z.number().int().min(2),
  choice: PrepaymentChoice,
  prepaidOn: DateString,
  prepaidPrincipal: PositiveMoneyString,
  outstandingPrincipal: MoneyString,
  maturityDate: DateString,
  instalments: z.number().int().min(1),
  /** The new schedule's interest from the prepayment's period on (all periods' interest in the schedule). */
  totalInterest: MoneyString,
});

export const LOAN_CLOSE_REASONS = ['repaid', 'recovery-settled'] as const;

export const LoanClosedV1 = z.object({
  loanId: LoanId,
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  closedOn: DateString,
  /**
   * 'repaid': the outstanding principal reached zero (the pledge is released). 'recovery-settled':
   * a defaulted loan's compensation and disposal proceeds were shared out (the pledge was disposed).
   * Absent in events written before the field existed, which were all 'repaid'.
   */
  reason: z.enum(LOAN_CLOSE_REASONS).default('repaid'),
});

export const LoanOverdueV1 = z.object({
  loanId: LoanId,
  bankOrgId: OrgId,
  overdueSince: DateString,
  daysPastDue: z.number().int().min(1),
  outstandingPrincipal: MoneyString,
  overdueInterest: MoneyString,
  reportedOn: DateString,
  /**
   * Who found it: the bank's report, or the loan's own schedule (an instalment left unpaid after
   * its due day: the lending service's overdue sweep, figures from the schedule). Absent in events
   * written before the field existed, which were all the bank's.
   */
  detectedBy: z.enum(['bank-report', 'schedule']).default('bank-report'),
});

export const LoanDefaultedV1 = z.object({
  loanId: LoanId,
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  borrowerUscc: Uscc,
  defaultedOn: DateString,
  outstandingPrincipal: PositiveMoneyString,
  accruedInterest: MoneyString,
  districtCode: DivisionCode,
});
