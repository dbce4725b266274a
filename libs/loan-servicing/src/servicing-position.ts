// Where a loan stands on a day, from its schedule and the payments received (no report of the
// bank's needed): what each instalment has been paid, what is overdue, the penalty interest, days
// past due, bucket and risk class.
//
// Allocation of a payment (还款顺序), documented in docs/servicing.md:
//   1. penalty interest (罚息, 复利) accrued so far;
//   2. the instalments already due, oldest first, each its interest, then its principal;
//   3. the instalments not yet due, oldest first, the same way (paid in advance: an instalment
//      paid before its due day is simply settled early);
//   4. anything beyond the whole schedule is excess (an early repayment is agreed separately).
//
// Penalty interest (罚息) by the People's Bank's rule on loan rates (银发〔2003〕251号): on overdue
// principal at the contract rate plus 30–50 % (the contract says how much; 50 % unless given), and
// compound interest (复利) on overdue interest at the same penalty rate. It accrues for each day
// from an instalment's due day up to, not including, the day it is paid (算头不算尾: paid on the due
// day, nothing), is kept exact and rounded once, half-up to the fen, where it is read. An
// instalment is overdue from the day after its due day; days past due count from its due day.
import { addDays, daysBetween, type LocalDate } from '@ipledger/calendar';
import { Dec, Money, Rate, roundToFen } from '@ipledger/money';
import { dailyRate } from './day-count';
import { bucketOf, riskClassFloor, type DelinquencyBucket, type RiskClass } from './delinquency';
import type { RepaymentSchedule, ScheduledInstalment } from './repayment-schedule';

/** The contract rate's uplift for penalty interest unless the contract gives another (251号: 30–50 %). */
export const DEFAULT_PENALTY_UPLIFT = '0.5';

export interface ReceivedPayment {
  readonly paidOn: LocalDate;
  readonly amount: Money;
}

export interface AllocatedPart {
  readonly number: number;
  readonly interest: Money;
  readonly principal: Money;
}

export interface PaymentAllocation {
  readonly paidOn: LocalDate;
  readonly amount: Money;
  readonly penalty: Money;
  readonly interest: Money;
  readonly principal: Money;
  /** Beyond everything the schedule asks for. */
  readonly excess: Money;
  readonly parts: readonly AllocatedPart[];
}

export type InstalmentState = 'settled' | 'upcoming' | 'due-today' | 'overdue';

export interface InstalmentPosition {
  readonly number: number;
  readonly dueOn: LocalDate;
  readonly interestPaid: Money;
  readonly principalPaid: Money;
  readonly interestLeft: Money;
  readonly principalLeft: Money;
  /** The day its last fen was paid; null while anything is left. */
  readonly settledOn: LocalDate | null;
  readonly state: InstalmentState;
}

export interface ServicingPosition {
  readonly asOf: LocalDate;
  readonly instalments: readonly InstalmentPosition[];
  readonly allocations: readonly PaymentAllocation[];
  readonly outstandingPrincipal: Money;
  readonly overduePrincipal: Money;
  readonly overdueInterest: Money;
  /** Penalty interest accrued before `asOf`, paid, and left. */
  readonly penaltyAccrued: Money;
  readonly penaltyPaid: Money;
  readonly penaltyLeft: Money;
  /** The first overdue day of the oldest instalment still unpaid after its due day; null when none is. */
  readonly overdueSince: LocalDate | null;
  readonly daysPastDue: number;
  readonly bucket: DelinquencyBucket;
  readonly riskClass: RiskClass;
}

export interface PositionOptions {
  /** Penalty rate = contract rate × (1 + uplift); a plain decimal, "0.5" unless the contract says otherwise. */
  readonly penaltyUplift?: string;
}

interface InstalmentAccount {
  readonly instalment: ScheduledInstalment;
  interestPaid: Money;
  principalPaid: Money;
  settledOn: LocalDate | null;
}

/** The loan on `asOf`, with the payments received on or before it applied in date order. */
export function servicingPosition(
  schedule: RepaymentSchedule,
  payments: readonly ReceivedPayment[],
  asOf: LocalDate,
  options: PositionOptions = {},
): ServicingPosition {
  const accounts: InstalmentAccount[] = schedule.instalments.map((instalment) => ({
    instalment,
    interestPaid: Money.zero(),
    principalPaid: Money.zero(),
    settledOn: null,
  }));
  const { terms } = schedule;
  const uplift = Rate.of(options.penaltyUplift ?? DEFAULT_PENALTY_UPLIFT, { max: '10' });
  const penaltyPerDay = dailyRate(terms.annualRate, terms.dayCount).times(new Dec(1).plus(uplift.toString()));
  const received = [...payments]
    .filter((payment) => payment.paidOn <= asOf)
    .sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : 0));
  const allocations: PaymentAllocation[] = [];
  let penaltyExact = new Dec(0);
  let penaltyPaid = Money.zero();
  let next = 0;
  // A payment dated before the disbursement (not one the lending service accepts) is still applied, on its own day.
  const firstDay = received[0] !== undefined && received[0].paidOn < terms.disbursedOn ? received[0].paidOn : terms.disbursedOn;
  for (let day = firstDay; day <= asOf; day = addDays(day, 1)) {
    while (next < received.length && received[next]?.paidOn === day) {
      const payment = received[next] as ReceivedPayment;
      const allocation = allocatePayment(accounts, payment, roundedPenalty(penaltyExact).minus(penaltyPaid));
      penaltyPaid = penaltyPaid.plus(allocation.penalty);
      allocations.push(allocation);
      next += 1;
    }
    if (day === asOf) break;
    const base = arrearsOn(accounts, day);
    if (base.isPositive()) penaltyExact = penaltyExact.plus(new Dec(base.toString()).times(penaltyPerDay));
    // Nothing left to accrue on and nothing left to receive: the rest of the days change nothing.
    if (next >= received.length && accounts.every((account) => account.settledOn !== null)) break;
  }
  return summarise(accounts, allocations, asOf, penaltyExact, penaltyPaid);
}

/** The exact penalty rounded by the one rounding rule (half-up to the fen). */
function roundedPenalty(penaltyExact: Dec): Money {
  return Money.of(roundToFen(penaltyExact).toFixed(2));
}

/** Unpaid interest and principal of the instalments due on or before `day`: what penalty interest is charged on for that day. */
function arrearsOn(accounts: readonly InstalmentAccount[], day: LocalDate): Money {
  let base = Money.zero();
  for (const account of accounts) {
    if (account.instalment.dueOn > day) break;
    base = base.plus(interestLeftOf(account)).plus(principalLeftOf(account));
  }
  return base;
}

function allocatePayment(accounts: InstalmentAccount[], payment: ReceivedPayment, penaltyDue: Money): PaymentAllocation {
  let left = payment.amount;
  const penalty = Money.min(left, penaltyDue);
  left = left.minus(penalty);
  const parts: AllocatedPart[] = [];
  // Due instalments come before those not yet due, and both lists are in due-date order: the accounts' own order.
  for (const account of accounts) {
    if (!left.isPositive()) break;
    if (account.settledOn !== null) continue;
    const interest = Money.min(left, interestLeftOf(account));
    left = left.minus(interest);
    const principal = Money.min(left, principalLeftOf(account));
    left = left.minus(principal);
    account.interestPaid = account.interestPaid.plus(interest);
    account.principalPaid = account.principalPaid.plus(principal);
    if (interestLeftOf(account).isZero() && principalLeftOf(account).isZero()) account.settledOn = payment.paidOn;
    if (interest.isPositive() || principal.isPositive()) parts.push({ number: account.instalment.number, interest, principal });
  }
  return {
    paidOn: payment.paidOn,
    amount: payment.amount,
    penalty,
    interest: Money.sum(parts.map((part) => part.interest)),
    principal: Money.sum(parts.map((part) => part.principal)),
    excess: left,
    parts,
  };
}

function interestLeftOf(account: InstalmentAccount): Money {
  return account.instalment.interest.minus(account.interestPaid);
}

function principalLeftOf(account: InstalmentAccount): Money {
  return account.instalment.principal.minus(account.principalPaid);
}

function summarise(
  accounts: readonly InstalmentAccount[],
  allocations: readonly PaymentAllocation[],
  asOf: LocalDate,
  penaltyExact: Dec,
  penaltyPaid: Money,
): ServicingPosition {
  const instalments = accounts.map((account): InstalmentPosition => {
    const interestLeft = interestLeftOf(account);
    const principalLeft = principalLeftOf(account);
    const dueOn = account.instalment.dueOn;
    // An instalment of 0.00 (a few fen spread over many periods) is settled by its due day.
    const settledOn = account.settledOn ?? (interestLeft.plus(principalLeft).isZero() && dueOn <= asOf ? dueOn : null);
    const state: InstalmentState = settledOn !== null ? 'settled' : dueOn > asOf ? 'upcoming' : dueOn === asOf ? 'due-today' : 'overdue';
    return {
      number: account.instalment.number,
      dueOn,
      interestPaid: account.interestPaid,
      principalPaid: account.principalPaid,
      interestLeft,
      principalLeft,
      settledOn,
      state,
    };
  });
  const overdue = instalments.filter((instalment) => instalment.state === 'overdue');
  const oldest = overdue[0];
  const daysPastDue = oldest === undefined ? 0 : daysBetween(oldest.dueOn, asOf);
  const penaltyAccrued = roundedPenalty(penaltyExact);
  return {
    asOf,
    instalments,
    allocations,
    outstandingPrincipal: Money.sum(instalments.map((instalment) => instalment.principalLeft)),
    overduePrincipal: Money.sum(overdue.map((instalment) => instalment.principalLeft)),
    overdueInterest: Money.sum(overdue.map((instalment) => instalment.interestLeft)),
    penaltyAccrued,
    penaltyPaid,
    penaltyLeft: penaltyAccrued.minus(penaltyPaid),
    overdueSince: oldest === undefined ? null : addDays(oldest.dueOn, 1),
    daysPastDue,
    bucket: bucketOf(daysPastDue),
    riskClass: riskClassFloor(daysPastDue),
  };
}
