// The rows of a schedule, shared by buildSchedule (repayment-schedule.ts) and
// rescheduleAfterPrepayment (early-repayment.ts), so both make instalments by the same loop:
// each period's interest is the interest on its opening principal for its actual days (unless the
// caller gives it, for a period in which principal was prepaid), its principal is the method's
// rule capped at what is outstanding, and the last period pays off what is left.
// Internal to the library: not exported from index.ts.
import { daysBetween, type LocalDate } from '@ipledger/calendar';
import { allocate, Dec, Money, type Rate } from '@ipledger/money';
import { interestForDays, type DayCount } from './day-count';
import type { PeriodMonths, RepaymentMethod, ScheduledInstalment } from './repayment-schedule';

export interface Period {
  readonly startsOn: LocalDate;
  readonly dueOn: LocalDate;
}

/** The principal of the period at `index` (not the last, which pays off the rest), given its interest. */
export type PrincipalRule = (index: number, interest: Money) => Money;

/**
 * The level instalment of an equal-instalment loan (等额本息): P × i ÷ (1 − (1 + i)^−n) on the
 * periodic rate i = annual rate × months per period ÷ 12, rounded once to the fen; P ÷ n at 0 %.
 */
export function levelInstalment(principal: Money, annualRate: Rate, periodMonths: PeriodMonths, count: number): Money {
  const periodic = new Dec(annualRate.toString()).times(periodMonths).dividedBy(12);
  if (periodic.isZero()) return principal.times(new Dec(1).dividedBy(count));
  const factor = periodic.dividedBy(new Dec(1).minus(new Dec(1).plus(periodic).pow(-count)));
  return principal.times(factor);
}

/** How a method repays `principal` over `count` periods. */
export function principalRule(
  method: RepaymentMethod,
  principal: Money,
  annualRate: Rate,
  periodMonths: PeriodMonths,
  count: number,
): PrincipalRule {
  switch (method) {
    case 'equal-instalment': {
      const level = levelInstalment(principal, annualRate, periodMonths, count);
      // A long period's interest can exceed the level instalment at very high rates: then no principal.
      return (_index, interest) => Money.max(level.minus(interest), Money.zero());
    }
    case 'equal-principal': {
      const parts = allocate(
        principal,
        Array.from({ length: count }, () => 1),
      );
      return (index) => parts[index] ?? Money.zero();
    }
    case 'interest-only':
    case 'bullet':
      return () => Money.zero();
  }
}

export interface RowOptions {
  readonly annualRate: Rate;
  readonly dayCount: DayCount;
  readonly principalOf: PrincipalRule;
  /** The number of the first row: 1 for a new schedule. */
  readonly firstNumber: number;
  /** The principal outstanding at the start of the first period (after a prepayment in it, if any). */
  readonly outstanding: Money;
  /** A first period in which principal was prepaid: the principal it opened with and its interest, as the caller computed them. */
  readonly prepaidIn?: { readonly openingPrincipal: Money; readonly interest: Money };
  /** End with the first row that leaves nothing outstanding, dropping the periods after it. */
  readonly endWhenRepaid?: boolean;
}

/** One instalment per period, in order, until the last period (or, with endWhenRepaid, until nothing is left). */
export function instalmentRows(periods: readonly Period[], options: RowOptions): ScheduledInstalment[] {
  const rows: ScheduledInstalment[] = [];
  let outstanding = options.outstanding;
  for (let index = 0; index < periods.length; index += 1) {
    const period = periods[index] as Period;
    const days = daysBetween(period.startsOn, period.dueOn);
    const prepaid = index === 0 ? options.prepaidIn : undefined;
    const interest = prepaid?.interest ?? interestForDays(outstanding, options.annualRate, days, options.dayCount);
    const isLast = index === periods.length - 1;
    const principal = isLast ? outstanding : Money.min(outstanding, options.principalOf(index, interest));
    const closing = outstanding.minus(principal);
    rows.push({
      number: options.firstNumber + index,
      startsOn: period.startsOn,
      dueOn: period.dueOn,
      days,
      openingPrincipal: prepaid?.openingPrincipal ?? outstanding,
      principal,
      interest,
      amount: principal.plus(interest),
      closingPrincipal: closing,
    });
    outstanding = closing;
    if (options.endWhenRepaid === true && closing.isZero()) break;
  }
  return rows;
}
