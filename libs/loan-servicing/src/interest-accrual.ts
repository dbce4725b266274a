// Contractual interest accrued day by day (按日计息) under a loan's schedule, for an end-of-day
// posting (one per loan and day) or a balance as of any day. Within an instalment's period the
// principal outstanding is the period's opening principal, so the interest accrued before a day is
//   the interest of every period that ended by then
//   + round(opening principal × daily rate × days of the current period before that day).
// A day's accrual is the difference of two such figures, so however the days are grouped (one
// posting a day, one a month, a catch-up after an outage) they add up exactly to the period's
// interest in the schedule: rounding never drifts. In the period a prepayment fell in, the opening
// principal runs up to the prepayment day and what was left after it (accruedInPeriod). Nothing
// accrues before the disbursement or on and after maturity (penalty interest on arrears is arrears.ts).
import { addDays, daysBetween, type LocalDate } from '@ipledger/calendar';
import { Money } from '@ipledger/money';
import { interestForDays } from './day-count';
import type { RepaymentSchedule, ScheduledInstalment } from './repayment-schedule';

/** Interest accrued for every day before `day` (not including it). */
export function interestAccruedBefore(schedule: RepaymentSchedule, day: LocalDate): Money {
  let accrued = Money.zero();
  for (const instalment of schedule.instalments) {
    if (instalment.dueOn <= day) {
      accrued = accrued.plus(instalment.interest);
      continue;
    }
    if (instalment.startsOn < day) accrued = accrued.plus(accruedInPeriod(schedule, instalment, day));
    break;
  }
  return accrued;
}

/**
 * The interest of the current period's days before `day`: on the opening principal, or, in the
 * period a prepayment fell in (prepaidOn), on the opening principal up to that day and on what was
 * left after it from then on, each rounded as the schedule's row was (early-repayment.ts).
 */
function accruedInPeriod(schedule: RepaymentSchedule, instalment: ScheduledInstalment, day: LocalDate): Money {
  const { annualRate, dayCount } = schedule.terms;
  const { prepaidOn, openingPrincipal, startsOn } = instalment;
  if (prepaidOn === undefined || day <= prepaidOn) {
    return interestForDays(openingPrincipal, annualRate, daysBetween(startsOn, day), dayCount);
  }
  const left = instalment.principal.plus(instalment.closingPrincipal);
  return interestForDays(openingPrincipal, annualRate, daysBetween(startsOn, prepaidOn), dayCount).plus(
    interestForDays(left, annualRate, daysBetween(prepaidOn, day), dayCount),
  );
}

/** The interest of one day: what accrues for `day` itself. */
export function interestAccruedOn(schedule: RepaymentSchedule, day: LocalDate): Money {
  return interestAccruedBefore(schedule, addDays(day, 1)).minus(interestAccruedBefore(schedule, day));
}

/** The interest of the days from `from` up to, not including, `to`. */
export function interestAccruedBetween(schedule: RepaymentSchedule, from: LocalDate, to: LocalDate): Money {
  if (to <= from) return Money.zero();
  return interestAccruedBefore(schedule, to).minus(interestAccruedBefore(schedule, from));
}
