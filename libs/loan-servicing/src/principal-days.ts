// Principal outstanding × days over a stretch of a loan's life, under its schedule: the base of an
// interest subsidy at a share of a reference rate (docs/subsidies.md). Within an instalment's period
// the principal outstanding is the period's opening principal, as in interest-accrual.ts; days are
// counted from `from` up to, not including, `to` (算头不算尾). Exact: no rounding (yuan × days).
import { daysBetween, type LocalDate } from '@ipledger/calendar';
import { Money } from '@ipledger/money';
import type { RepaymentSchedule } from './repayment-schedule';

/** Σ over the days from `from` up to, not including, `to` of the principal outstanding that day. */
export function principalDaysBetween(schedule: RepaymentSchedule, from: LocalDate, to: LocalDate): Money {
  let total = Money.zero();
  for (const instalment of schedule.instalments) {
    const start = instalment.startsOn > from ? instalment.startsOn : from;
    const end = instalment.dueOn < to ? instalment.dueOn : to;
    if (end > start) total = total.plus(instalment.openingPrincipal.times(String(daysBetween(start, end))));
  }
  return total;
}
