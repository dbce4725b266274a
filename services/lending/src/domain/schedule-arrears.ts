// What the loan's own schedule says is in arrears on a day (libs/loan-servicing's position), and
// how a bank's overdue report (逾期) is checked against it. Pure: the caller computes the position
// from the stored schedule and the repayments, by the server's today.
//
// A report is refused (409, the rule's code on the field) when
//   - the schedule has nothing overdue today: every instalment due before today is paid
//     (`not-overdue-by-schedule`, naming the next due day);
//   - it dates the arrears earlier than the schedule can: before the day after the oldest
//     instalment still unpaid fell due (`overdue-before-schedule`); later is allowed (a grace
//     period the bank grants);
//   - its overdue interest is more than the schedule's unpaid interest of the instalments past due
//     plus the penalty interest (罚息) left (`overdue-interest-beyond-schedule`).
import type { LocalDate } from '@ipledger/calendar';
import type { FieldIssue } from '@ipledger/contracts';
import type { ServicingPosition } from '@ipledger/loan-servicing';
import type { Money } from '@ipledger/money';

export const NOT_OVERDUE_BY_SCHEDULE = 'not-overdue-by-schedule';
export const OVERDUE_BEFORE_SCHEDULE = 'overdue-before-schedule';
export const OVERDUE_INTEREST_BEYOND_SCHEDULE = 'overdue-interest-beyond-schedule';

export interface ScheduleArrears {
  readonly asOf: LocalDate;
  /** The first overdue day by the schedule; null when nothing due before `asOf` is unpaid. */
  readonly overdueSince: LocalDate | null;
  readonly daysPastDue: number;
  /** The instalment whose unpaid due day makes the arrears (the oldest); null with none. */
  readonly oldestUnpaid: { readonly number: number; readonly dueOn: LocalDate } | null;
  /** Unpaid interest of the instalments past due plus the penalty interest left. */
  readonly interestInArrears: Money;
  /** The next due day on or after `asOf` with something left to pay; null when none is. */
  readonly nextDueOn: LocalDate | null;
}

export function arrearsOf(position: ServicingPosition): ScheduleArrears {
  const oldest = position.instalments.find((instalment) => instalment.state === 'overdue');
  const next = position.instalments.find((instalment) => instalment.state === 'upcoming' || instalment.state === 'due-today');
  return {
    asOf: position.asOf,
    overdueSince: position.overdueSince,
    daysPastDue: position.daysPastDue,
    oldestUnpaid: oldest === undefined ? null : { number: oldest.number, dueOn: oldest.dueOn },
    interestInArrears: position.overdueInterest.plus(position.penaltyLeft),
    nextDueOn: next?.dueOn ?? null,
  };
}

export interface ArrearsClaim {
  readonly overdueSince: LocalDate;
  readonly overdueInterest: Money;
}

/** The rules above, each broken one named on its field (empty when the report agrees with the schedule). */
export function scheduleDisagreements(claim: ArrearsClaim, arrears: ScheduleArrears): FieldIssue[] {
  if (arrears.overdueSince === null || arrears.oldestUnpaid === null) {
    const next = arrears.nextDueOn === null ? '' : `；下一期 ${arrears.nextDueOn} 到期`;
    return [
      {
        field: 'overdueSince',
        code: NOT_OVERDUE_BY_SCHEDULE,
        rule: `按还款计划，截至 ${arrears.asOf} 没有到期未还的分期，贷款未逾期${next}`,
      },
    ];
  }
  const issues: FieldIssue[] = [];
  if (claim.overdueSince < arrears.overdueSince) {
    issues.push({
      field: 'overdueSince',
      code: OVERDUE_BEFORE_SCHEDULE,
      rule: `逾期起始日 ${claim.overdueSince} 早于还款计划的最早逾期日 ${arrears.overdueSince}（第 ${arrears.oldestUnpaid.number} 期 ${arrears.oldestUnpaid.dueOn} 到期未还清）`,
    });
  }
  if (claim.overdueInterest.gt(arrears.interestInArrears)) {
    issues.push({
      field: 'overdueInterest',
      code: OVERDUE_INTEREST_BEYOND_SCHEDULE,
      rule: `逾期利息 ${claim.overdueInterest.toString()} 超过还款计划下逾期未付的利息与罚息 ${arrears.interestInArrears.toString()}（截至 ${arrears.asOf}）`,
    });
  }
  return issues;
}
