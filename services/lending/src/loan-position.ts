// A loan's stored schedule with its terms, and where the loan stands by it on a day: what the
// schedule answer shows, what a bank's overdue report is checked against and what the overdue
// sweep acts on. The repayments the bank recorded are taken as payments of their principal plus
// interest, allocated by the schedule's own order (libs/loan-servicing, docs/servicing.md).
import type { LocalDate } from '@ipledger/calendar';
import {
  servicingPosition,
  type ReceivedPayment,
  type RepaymentSchedule,
  type ScheduledInstalment,
  type ServicingPosition,
} from '@ipledger/loan-servicing';
import { Money } from '@ipledger/money';
import type { Loan } from './domain/loan';

/** The schedule as stored at disbursement, with the loan's terms. */
export function storedSchedule(loan: Loan, instalments: readonly ScheduledInstalment[]): RepaymentSchedule {
  return {
    terms: {
      principal: loan.principal,
      annualRate: loan.annualInterestRate,
      disbursedOn: loan.disbursedOn,
      termMonths: loan.termMonths,
      method: loan.repaymentMethod,
      dayCount: loan.dayCount,
      periodMonths: loan.periodMonths,
    },
    maturityDate: loan.maturityDate,
    instalments,
    totalInterest: Money.sum(instalments.map((instalment) => instalment.interest)),
  };
}

/**
 * The repayments recorded against the schedule in force, each as one payment of its principal plus
 * interest. A prepayment is not one: the schedule it made already leaves its principal out.
 */
export function paymentsOf(loan: Loan): ReceivedPayment[] {
  return loan.repayments
    .filter((repayment) => repayment.kind === 'instalment')
    .map((repayment) => ({
      paidOn: repayment.repaidOn,
      amount: repayment.principalAmount.plus(repayment.interestAmount),
    }));
}

/** The loan on `asOf` by its schedule and the repayments recorded on or before it. */
export function positionOf(loan: Loan, schedule: RepaymentSchedule, asOf: LocalDate): ServicingPosition {
  return servicingPosition(schedule, paymentsOf(loan), asOf);
}
