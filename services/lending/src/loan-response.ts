// The one place a loan becomes its HTTP answer: Money and Rate as their strings, calendar days as
// YYYY-MM-DD, the recording instant as ISO-8601.
import type { LoanResponse } from '@ipledger/contracts';
import type { Money } from '@ipledger/money';
import type { Loan } from './domain/loan';

function moneyOrNull(amount: Money | null): string | null {
  return amount === null ? null : amount.toString();
}

export function toLoanResponse(loan: Loan): LoanResponse {
  return {
    id: loan.id,
    pledgeId: loan.pledgeId,
    bankOrgId: loan.bankOrgId,
    borrowerUscc: loan.borrowerUscc,
    status: loan.status,
    principal: loan.principal.toString(),
    outstandingPrincipal: loan.outstandingPrincipal.toString(),
    interestPaid: loan.interestPaid.toString(),
    annualInterestRate: loan.annualInterestRate.toString(),
    termMonths: loan.termMonths,
    disbursedOn: loan.disbursedOn,
    maturityDate: loan.maturityDate,
    loanToValueLimit: loan.loanToValueLimit.toString(),
    closedOn: loan.closedOn,
    closeReason: loan.closeReason,
    guarantorOrgId: loan.guarantorOrgId,
    insurerOrgId: loan.insurerOrgId,
    overdueSince: loan.overdueSince,
    daysPastDue: loan.daysPastDue,
    overdueInterest: moneyOrNull(loan.overdueInterest),
    defaultedOn: loan.defaultedOn,
    accruedInterest: moneyOrNull(loan.accruedInterest),
    interestAccrued: loan.interestAccrued.toString(),
    interestAccruedUntil: loan.interestAccruedUntil,
    repayments: loan.repayments.map((repayment) => ({
      id: repayment.id,
      loanId: repayment.loanId,
      principalAmount: repayment.principalAmount.toString(),
      interestAmount: repayment.interestAmount.toString(),
      repaidOn: repayment.repaidOn,
      outstandingAfter: repayment.outstandingAfter.toString(),
      recordedAt: repayment.recordedAt.toISOString(),
    })),
  };
}
