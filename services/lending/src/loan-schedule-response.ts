// A loan's stored schedule and where it stands on a day by it (libs/loan-servicing), as its HTTP
// answer: Money as strings, the method's and the risk class's Chinese names beside their codes.
import type { LocalDate } from '@ipledger/calendar';
import type { LoanScheduleResponse } from '@ipledger/contracts';
import { REPAYMENT_METHOD_NAMES, RISK_CLASS_NAMES, type RepaymentSchedule } from '@ipledger/loan-servicing';
import type { Loan } from './domain/loan';
import { positionOf } from './loan-position';

/** The schedule and the position on `asOf` (loan-position.ts). */
export function toLoanScheduleResponse(loan: Loan, schedule: RepaymentSchedule, asOf: LocalDate): LoanScheduleResponse {
  const position = positionOf(loan, schedule, asOf);
  return {
    loanId: loan.id,
    repaymentMethod: loan.repaymentMethod,
    repaymentMethodName: REPAYMENT_METHOD_NAMES[loan.repaymentMethod],
    dayCount: loan.dayCount,
    periodMonths: loan.periodMonths,
    maturityDate: schedule.maturityDate,
    totalInterest: schedule.totalInterest.toString(),
    instalments: schedule.instalments.map((instalment, index) => {
      const standing = position.instalments[index];
      if (standing === undefined) throw new Error(`instalment ${instalment.number} of loan ${loan.id} has no position`);
      return {
        number: instalment.number,
        startsOn: instalment.startsOn,
        dueOn: instalment.dueOn,
        days: instalment.days,
        openingPrincipal: instalment.openingPrincipal.toString(),
        principal: instalment.principal.toString(),
        interest: instalment.interest.toString(),
        amount: instalment.amount.toString(),
        closingPrincipal: instalment.closingPrincipal.toString(),
        state: standing.state,
        settledOn: standing.settledOn,
        interestLeft: standing.interestLeft.toString(),
        principalLeft: standing.principalLeft.toString(),
      };
    }),
    position: {
      asOf,
      outstandingPrincipal: position.outstandingPrincipal.toString(),
      overduePrincipal: position.overduePrincipal.toString(),
      overdueInterest: position.overdueInterest.toString(),
      penaltyAccrued: position.penaltyAccrued.toString(),
      penaltyPaid: position.penaltyPaid.toString(),
      penaltyLeft: position.penaltyLeft.toString(),
      overdueSince: position.overdueSince,
      daysPastDue: position.daysPastDue,
      bucket: position.bucket,
      riskClass: position.riskClass,
      riskClassName: RISK_CLASS_NAMES[position.riskClass],
    },
  };
}
