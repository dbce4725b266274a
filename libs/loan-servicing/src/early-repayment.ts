// Early repayment (提前还款): a schedule made anew after the borrower prepays principal on a day,
// with either choice a Chinese bank offers: 缩短期限 (shorten-term, the same 月供 over fewer
// periods) or 减少月供 (reduce-instalment, a smaller 月供 over the same periods). The prepayment
// is principal only; the interest due to that day is paid with the instalment as below.
//
// Rules (docs/servicing.md, "Early repayment (提前还款)"):
// - Instalments due on or before the prepayment day are kept exactly as they were.
// - The instalment whose period contains the day (startsOn < on < dueOn; a prepayment on a due
//   date falls at the start of the next period) keeps its startsOn, dueOn and openingPrincipal; its
//   interest becomes interest(opening principal, startsOn → on) + interest(opening − prepaid,
//   on → dueOn), each by interestForDays and so rounded separately (two roundings: the two parts
//   can differ by a fen from one rounding of their exact sum). Its closingPrincipal is what is
//   left after both the prepayment and its own principal, so for this one row
//   opening − principal − prepaid = closing.
// - From that instalment on, the principal left (its opening principal − the prepayment) is
//   repaid over the remaining due dates:
//     reduce-instalment: the same due dates. 等额本息: a new level instalment, levelInstalment on
//       the principal left over the remaining count; 等额本金: the principal left split evenly to the
//       fen (allocate) over the remaining count; 先息后本 and bullet: principal at maturity as before.
//     shorten-term: every remaining period pays what it was scheduled to pay, 等额本息 its amount
//       (the level instalment), every other method its principal (等额本金: the per-period
//       principal; 先息后本, bullet: nothing until maturity, so the same as reduce-instalment), and
//       the schedule ends with the first instalment that leaves nothing outstanding; its due date
//       is the new maturity date. It never ends later than the old maturity, whose instalment pays
//       off what is left.
//   Every period after the prepayment's is charged, as in buildSchedule, the interest on its
//   opening principal for its actual days; a period's principal never exceeds what is
//   outstanding, and the last pays off the rest.
// - A prepayment of all the principal outstanding is allowed: the instalment containing the day
//   becomes the last, with principal 0.00, closing principal 0.00 and interest up to the day only
//   (the second part is interest on 0.00); its dueOn stays and is the new maturity date. On a due
//   date, that is an instalment of 0.00 due at the end of the period the prepayment opened.
// - The result keeps the original terms (a shortened schedule's termMonths still reads the
//   contract's); totalInterest is the sum of the instalments' interest.
// - Refused (RangeError): a day that is not a date, not after the disbursement or not before the
//   maturity date; a prepaid principal of 0.00 or less, or more than the principal outstanding on
//   the day (the opening principal of the instalment containing it); a second prepayment in a
//   period that already has one (its interest split cannot be made again from the schedule).
//
// A schedule returned here can be given back for a later prepayment in a later period: the kept
// amounts and principals are read from the schedule, not from the terms.
// The instalment the prepayment falls in carries its day (prepaidOn), so interest-accrual.ts accrues
// its period on the opening principal up to the day and on what is left after it: day by day the
// accrual adds up to the row's two-part interest.
import { daysBetween, isLocalDate, type LocalDate } from '@ipledger/calendar';
import { Money } from '@ipledger/money';
import { interestForDays } from './day-count';
import { instalmentRows, principalRule, type PrincipalRule } from './instalment-rows';
import type { RepaymentSchedule, ScheduledInstalment } from './repayment-schedule';

/** 缩短期限 (the same instalment, fewer periods) or 减少月供 (the same periods, a smaller instalment). */
export type PrepaymentChoice = 'shorten-term' | 'reduce-instalment';

export interface Prepayment {
  /** The day the principal is prepaid; interest on it stops from this day. */
  readonly on: LocalDate;
  /** Principal only. */
  readonly principal: Money;
  readonly choice: PrepaymentChoice;
}

/** The schedule after `prepayment`, by the rules above. Throws RangeError on a prepayment the schedule cannot take. */
export function rescheduleAfterPrepayment(schedule: RepaymentSchedule, prepayment: Prepayment): RepaymentSchedule {
  const { terms } = schedule;
  const { on } = prepayment;
  if (!isLocalDate(on)) throw new RangeError(`the prepayment day is not a calendar date (YYYY-MM-DD): ${JSON.stringify(on)}`);
  if (on <= terms.disbursedOn || on >= schedule.maturityDate) {
    throw new RangeError(
      `a prepayment must fall after the disbursement (${terms.disbursedOn}) and before maturity (${schedule.maturityDate}), got ${on}`,
    );
  }
  // The first instalment not yet due on the day: its period contains the day (or starts on it).
  const at = schedule.instalments.findIndex((instalment) => instalment.dueOn > on);
  const current = schedule.instalments[at];
  if (current === undefined) throw new RangeError(`the schedule has no instalment due after ${on}`);
  const opening = current.openingPrincipal;
  if (!opening.minus(current.principal).eq(current.closingPrincipal)) {
    throw new RangeError(`instalment ${current.number} already has a prepayment in its period: a second one there is not supported`);
  }
  if (!prepayment.principal.isPositive() || prepayment.principal.gt(opening)) {
    throw new RangeError(
      `the prepaid principal must be more than 0.00 and at most the ${opening.toString()} outstanding on ${on}, got ${prepayment.principal.toString()}`,
    );
  }

  const remaining = schedule.instalments.slice(at);
  const left = opening.minus(prepayment.principal);
  const interest = interestForDays(opening, terms.annualRate, daysBetween(current.startsOn, on), terms.dayCount).plus(
    interestForDays(left, terms.annualRate, daysBetween(on, current.dueOn), terms.dayCount),
  );
  const remade = instalmentRows(remaining, {
    annualRate: terms.annualRate,
    dayCount: terms.dayCount,
    principalOf:
      prepayment.choice === 'shorten-term'
        ? asScheduled(remaining, terms.method === 'equal-instalment')
        : principalRule(terms.method, left, terms.annualRate, terms.periodMonths, remaining.length),
    firstNumber: current.number,
    outstanding: left,
    prepaidIn: { openingPrincipal: opening, interest },
    // Everything prepaid: the current instalment is the last whatever the choice.
    endWhenRepaid: prepayment.choice === 'shorten-term' || left.isZero(),
  });
  // The row the prepayment fell in knows its day, so the daily accrual can split its period there too.
  const [prepaidIn, ...after] = remade;
  const instalments = [
    ...schedule.instalments.slice(0, at),
    ...(prepaidIn === undefined ? [] : [{ ...prepaidIn, prepaidOn: on }]),
    ...after,
  ];
  const last = instalments[instalments.length - 1] ?? current;
  return {
    terms,
    maturityDate: last.dueOn,
    instalments,
    totalInterest: Money.sum(instalments.map((instalment) => instalment.interest)),
  };
}

/** Shorten-term: each period repays what it was scheduled to, its whole amount less the new interest (等额本息) or its principal. */
function asScheduled(remaining: readonly ScheduledInstalment[], keepAmount: boolean): PrincipalRule {
  return (index, interest) => {
    const scheduled = remaining[index];
    if (scheduled === undefined) return Money.zero();
    return keepAmount ? Money.max(scheduled.amount.minus(interest), Money.zero()) : scheduled.principal;
  };
}
