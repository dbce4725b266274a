import { z } from 'zod';
import { DateString, DivisionCode, IpType, LoanId, MoneyString, PositiveMoneyString, OrgId, PledgeId, RateString, RepaymentId, Uscc } from '../primitives';

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
});

export const LoanRepaidV1 = z.object({
  loanId: LoanId,
  repaymentId: RepaymentId,
  bankOrgId: OrgId,
  principalAmount: MoneyString,
  interestAmount: MoneyString,
  repaidOn: DateString,
  outstandingPrincipal: MoneyString,
});

export const LoanClosedV1 = z.object({
  loanId: LoanId,
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  closedOn: DateString,
});

export const LoanOverdueV1 = z.object({
  loanId: LoanId,
  bankOrgId: OrgId,
  overdueSince: DateString,
  daysPastDue: z.number().int().min(1),
  outstandingPrincipal: MoneyString,
  overdueInterest: MoneyString,
  reportedOn: DateString,
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
