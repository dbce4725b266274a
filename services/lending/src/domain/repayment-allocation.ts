// 还款顺序 in the service: one amount the borrower paid, split by the loan's schedule as
// libs/loan-servicing allocates a payment (docs/servicing.md): penalty interest (罚息) first, then
// each instalment's interest and principal, the oldest first, then instalments not yet due. Pure:
// the caller gives the stored schedule and the repayments already recorded.
import type { LocalDate } from '@ipledger/calendar';
import type { FieldIssue } from '@ipledger/contracts';
import { servicingPosition, type ReceivedPayment, type RepaymentSchedule } from '@ipledger/loan-servicing';
import type { Money } from '@ipledger/money';

export const REPAYMENT_BEYOND_SCHEDULE = 'repayment-beyond-schedule';

export interface AllocatedRepayment {
  readonly principalAmount: Money;
  /** Contractual interest plus penalty interest: what the borrower paid that is not principal. */
  readonly interestAmount: Money;
  /** Of which penalty interest (罚息、复利). */
  readonly penaltyAmount: Money;
}

export type AllocationDecision =
  { readonly ok: true; readonly split: AllocatedRepayment } | { readonly ok: false; readonly issue: FieldIssue };

/**
 * Splits `amount` paid on `repaidOn` after the payments already recorded (none dated after it:
 * the repayment rules refuse that). Refused when it is more than everything the schedule asks
 * for: an early repayment of the whole loan is agreed separately.
 */
export function allocateRepayment(
  schedule: RepaymentSchedule,
  recorded: readonly ReceivedPayment[],
  amount: Money,
  repaidOn: LocalDate,
): AllocationDecision {
  const position = servicingPosition(schedule, [...recorded, { paidOn: repaidOn, amount }], repaidOn);
  const allocation = position.allocations[position.allocations.length - 1];
  if (allocation === undefined) throw new Error(`a payment of ${amount.toString()} on ${repaidOn} was not allocated`);
  if (allocation.excess.isPositive()) {
    return {
      ok: false,
      issue: {
        field: 'amount',
        code: REPAYMENT_BEYOND_SCHEDULE,
        rule: `还款 ${amount.toString()} 元超出还款计划截至结清的全部应还款 ${amount.minus(allocation.excess).toString()} 元（多出 ${allocation.excess.toString()} 元）；提前还款另行约定`,
      },
    };
  }
  return {
    ok: true,
    split: {
      principalAmount: allocation.principal,
      interestAmount: allocation.interest.plus(allocation.penalty),
      penaltyAmount: allocation.penalty,
    },
  };
}
