// A loan's repayment schedule (还款计划), made at disbursement from its terms. Four methods:
//   equal-instalment 等额本息: the same instalment every period (the annuity on the periodic rate,
//     annual rate × months per period ÷ 12), of which the period's interest is paid first and the
//     rest is principal; the last instalment pays off what is left;
//   equal-principal 等额本金: the same principal every period (split to the fen, money's allocate),
//     plus the period's interest on what is outstanding;
//   interest-only 先息后本: the period's interest every period, all principal at maturity;
//   bullet 到期一次还本付息: principal and interest in one payment at maturity.
// Every period's interest is the interest on the principal outstanding during it, for its actual
// days (day-count.ts): so the daily accrual (interest-accrual.ts) adds up to it to the fen.
// Due dates are the disbursement day each period later (addMonths clamps to a shorter month's end),
// the last one is the maturity date. The instalments are made by instalment-rows.ts, whose loop
// early repayment (early-repayment.ts) shares.
import { addMonths, type LocalDate } from '@ipledger/calendar';
import { Money, type Rate } from '@ipledger/money';
import type { DayCount } from './day-count';
import { instalmentRows, principalRule, type Period } from './instalment-rows';

/** The level instalment of an equal-instalment loan (等额本息), made in instalment-rows.ts. */
export { levelInstalment } from './instalment-rows';

export const REPAYMENT_METHODS = ['equal-instalment', 'equal-principal', 'interest-only', 'bullet'] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];

/** The methods' names as a bank clerk knows them. */
export const REPAYMENT_METHOD_NAMES: Readonly<Record<RepaymentMethod, string>> = {
  'equal-instalment': '等额本息',
  'equal-principal': '等额本金',
  'interest-only': '先息后本',
  bullet: '到期一次还本付息',
};

/** Months between two instalments: monthly (按月), quarterly (按季), half-yearly or yearly. */
export const PERIOD_MONTHS = [1, 3, 6, 12] as const;
export type PeriodMonths = (typeof PERIOD_MONTHS)[number];

export interface ScheduleTerms {
  readonly principal: Money;
  readonly annualRate: Rate;
  readonly disbursedOn: LocalDate;
  readonly termMonths: number;
  readonly method: RepaymentMethod;
  readonly dayCount: DayCount;
  /** Months between instalments (1 unless the contract says otherwise); a bullet loan has one instalment. */
  readonly periodMonths: PeriodMonths;
}

export interface ScheduledInstalment {
  /** 1, 2, … */
  readonly number: number;
  /** Interest runs from this day … */
  readonly startsOn: LocalDate;
  /** … up to, not including, this day, on which the instalment is due. */
  readonly dueOn: LocalDate;
  readonly days: number;
  readonly openingPrincipal: Money;
  readonly principal: Money;
  readonly interest: Money;
  /** principal + interest. */
  readonly amount: Money;
  readonly closingPrincipal: Money;
  /**
   * The day a prepayment (提前还款) fell in this period, when one did (early-repayment.ts): from it
   * the period's interest runs on the opening principal less what was prepaid
   * (openingPrincipal − principal − closingPrincipal).
   */
  readonly prepaidOn?: LocalDate;
}

export interface RepaymentSchedule {
  readonly terms: ScheduleTerms;
  readonly maturityDate: LocalDate;
  readonly instalments: readonly ScheduledInstalment[];
  readonly totalInterest: Money;
}

/** The schedule of a loan with these terms. Throws RangeError on terms no loan can have (callers validate requests first). */
export function buildSchedule(terms: ScheduleTerms): RepaymentSchedule {
  checkTerms(terms);
  const maturityDate = addMonths(terms.disbursedOn, terms.termMonths);
  const periods = periodsOf(terms, maturityDate);
  const instalments = instalmentRows(periods, {
    annualRate: terms.annualRate,
    dayCount: terms.dayCount,
    principalOf: principalRule(terms.method, terms.principal, terms.annualRate, terms.periodMonths, periods.length),
    firstNumber: 1,
    outstanding: terms.principal,
  });
  return { terms, maturityDate, instalments, totalInterest: Money.sum(instalments.map((instalment) => instalment.interest)) };
}

function periodsOf(terms: ScheduleTerms, maturityDate: LocalDate): Period[] {
  if (terms.method === 'bullet') return [{ startsOn: terms.disbursedOn, dueOn: maturityDate }];
  const count = Math.ceil(terms.termMonths / terms.periodMonths);
  const periods: Period[] = [];
  let startsOn = terms.disbursedOn;
  for (let number = 1; number <= count; number += 1) {
    // A term that is no whole number of periods ends with a shorter one, at maturity.
    const dueOn = number === count ? maturityDate : addMonths(terms.disbursedOn, number * terms.periodMonths);
    periods.push({ startsOn, dueOn });
    startsOn = dueOn;
  }
  return periods;
}

function checkTerms(terms: ScheduleTerms): void {
  if (!terms.principal.isPositive()) throw new RangeError(`a schedule needs a positive principal, got ${terms.principal.toString()}`);
  if (!Number.isInteger(terms.termMonths) || terms.termMonths < 1) {
    throw new RangeError(`termMonths must be a whole number ≥ 1, got ${terms.termMonths}`);
  }
  if (!PERIOD_MONTHS.includes(terms.periodMonths)) {
    throw new RangeError(`periodMonths must be one of ${PERIOD_MONTHS.join(', ')}, got ${String(terms.periodMonths)}`);
  }
}
