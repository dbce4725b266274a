// How much interest a loan can plausibly have earned (docs/ARCHITECTURE.md, "Domain rules"): the
// principal outstanding on each day from the disbursement, at the contract rate times the penalty
// tolerance, on the 360-day year Chinese banks use for a daily rate (日利率 = 年利率 / 360).
//
// Penalty tolerance: the People's Bank's rule on loan rates (银发〔2003〕251号) lets a bank charge
// penalty interest (罚息) of the contract rate plus 30–50 % on an overdue loan and plus 50–100 % on
// misappropriated funds, the heavier one only, never both. So no interest can legitimately exceed
// twice the contract rate on the outstanding principal; the bound applies that factor to the whole
// time since disbursement, which also leaves room for compound interest (复利) on unpaid interest.
//
// Up to maturity a bank may already have received the whole term's interest: contracts commonly
// charge an early repayment the interest of the agreed term (or a 违约金 of that size). So the
// bound is the larger of the whole term's interest on the principal and the accrual since the
// disbursement on the principal outstanding each day.
//
// Days are counted "算头不算尾": from the disbursement day up to but not including the end day, so
// nothing accrues on a loan repaid on the day it was disbursed. The bound is rounded once,
// half-up to the fen, by the money library.
import Decimal from 'decimal.js';
import { daysBetween } from '@ipledger/calendar';
import { DEFAULT_DAY_COUNT, yearBasis } from '@ipledger/loan-servicing';
import type { FieldIssue } from '@ipledger/contracts';
import { Money, type Rate } from '@ipledger/money';

/** The most penalty interest adds: twice the contract rate (挪用 +100 %, the heaviest of 251号). */
export const PENALTY_RATE_FACTOR = '2';

export const INTEREST_ABOVE_ACCRUAL = 'interest-above-accrual-bound';

export interface InterestHistory {
  readonly principal: Money;
  /** Annual contract rate as a decimal fraction, e.g. "0.0435". */
  readonly annualInterestRate: string;
  readonly disbursedOn: string;
  readonly maturityDate: string;
  /** In date order: each repayment's date and the principal outstanding after it. */
  readonly repayments: readonly { readonly repaidOn: string; readonly outstandingAfter: Money }[];
}

/** The contract rate as stated in refusals: six decimals, as the bank's contract column keeps it ("0.036000"). */
export function contractRateText(rate: Rate): string {
  return new Decimal(rate.toString()).toFixed(6);
}

/** Σ outstanding principal × days it was outstanding, from the disbursement up to `through`. */
export function principalDays(history: InterestHistory, through: string): Money {
  let total = Money.zero();
  let from = history.disbursedOn;
  let outstanding = history.principal;
  for (const repayment of history.repayments) {
    if (repayment.repaidOn > through) break;
    total = total.plus(outstanding.times(String(daysBetween(from, repayment.repaidOn))));
    from = repayment.repaidOn;
    outstanding = repayment.outstandingAfter;
  }
  return total.plus(outstanding.times(String(daysBetween(from, through))));
}

/** The most interest the loan can have earned up to `through`, penalty interest included. */
export function maxInterestThrough(history: InterestHistory, through: string): Money {
  const dailyFactor = new Decimal(history.annualInterestRate).times(PENALTY_RATE_FACTOR).dividedBy(yearBasis(DEFAULT_DAY_COUNT));
  const wholeTerm = history.principal.times(String(daysBetween(history.disbursedOn, history.maturityDate)));
  return Money.max(wholeTerm, principalDays(history, through)).times(dailyFactor);
}

/**
 * Interest stated by the bank (paid so far plus this amount) against what the loan can have earned
 * up to `through`. `what` says in Chinese what the amount is; undefined when plausible.
 */
export function interestBoundIssue(
  field: string,
  what: string,
  stated: Money,
  alreadyPaid: Money,
  history: InterestHistory,
  through: string,
): FieldIssue | undefined {
  const bound = maxInterestThrough(history, through);
  if (alreadyPaid.plus(stated).lte(bound)) return undefined;
  const room = Money.max(bound.minus(alreadyPaid), Money.zero());
  return {
    field,
    code: INTEREST_ABOVE_ACCRUAL,
    rule:
      `${what} ${stated.toString()} 元不合理：按合同年利率 ${history.annualInterestRate} 的 ${PENALTY_RATE_FACTOR} 倍（含罚息），以全期本金或自放款日 ${history.disbursedOn} 至 ${through} 的未还本金计，` +
      `利息至多 ${bound.toString()} 元，已收利息 ${alreadyPaid.toString()} 元，至多还可为 ${room.toString()} 元`,
  };
}
