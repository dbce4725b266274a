// 提前还款: whether the bank may record an early repayment of principal now, and the schedule it
// makes (libs/loan-servicing's rescheduleAfterPrepayment; docs/servicing.md, "Early repayment").
// Refused, each with its own code on `principalAmount` or the loan:
//   - a loan that is not ACTIVE: an OVERDUE loan repays its arrears first (`arrears-first`), a
//     defaulted or closed one takes no repayment (illegal transition, by the caller);
//   - anything in arrears by the schedule today, even before the end-of-day servicing marked it;
//   - more principal than is outstanding (`prepayment-beyond-outstanding`);
//   - a day the schedule cannot take (not before maturity, or a second prepayment in one period:
//     `prepayment-not-schedulable`, with the schedule's reason).
import type { FieldIssue } from '@ipledger/contracts';
import type { LocalDate } from '@ipledger/calendar';
import { rescheduleAfterPrepayment, type PrepaymentChoice, type RepaymentSchedule } from '@ipledger/loan-servicing';
import type { Money } from '@ipledger/money';
import type { ScheduleArrears } from './schedule-arrears';

export const ARREARS_FIRST = 'arrears-first';
export const PREPAYMENT_BEYOND_OUTSTANDING = 'prepayment-beyond-outstanding';
export const PREPAYMENT_NOT_SCHEDULABLE = 'prepayment-not-schedulable';

export type PrepaymentDecision =
  { readonly ok: true; readonly schedule: RepaymentSchedule } | { readonly ok: false; readonly issue: FieldIssue };

export function decidePrepayment(input: {
  readonly outstandingPrincipal: Money;
  readonly arrears: ScheduleArrears;
  readonly schedule: RepaymentSchedule;
  readonly prepayment: { readonly on: LocalDate; readonly principal: Money; readonly choice: PrepaymentChoice };
}): PrepaymentDecision {
  const { arrears, prepayment } = input;
  if (arrears.oldestUnpaid !== null) {
    return refuse(
      ARREARS_FIRST,
      `instalment ${arrears.oldestUnpaid.number}, due ${arrears.oldestUnpaid.dueOn}, is unpaid: repay what is in arrears before prepaying principal`,
    );
  }
  if (prepayment.principal.gt(input.outstandingPrincipal)) {
    return refuse(
      PREPAYMENT_BEYOND_OUTSTANDING,
      `${prepayment.principal.toString()} is more than the ${input.outstandingPrincipal.toString()} of principal outstanding`,
    );
  }
  try {
    return { ok: true, schedule: rescheduleAfterPrepayment(input.schedule, prepayment) };
  } catch (error) {
    if (error instanceof RangeError) return refuse(PREPAYMENT_NOT_SCHEDULABLE, error.message);
    throw error;
  }
}

function refuse(code: string, rule: string): PrepaymentDecision {
  return { ok: false, issue: { field: 'principalAmount', rule, code } };
}
