// How much of a cost a scheme pays back, returned step by step like a claim's computation so the
// bureau can show why an application was paid what it was. Every amount goes through the money
// library (one rounding rule, half-up to the fen, applied once per step).
//
// Order (fixed; each step works on the result of the one before):
//   1. base, by the rule's basis (subsidy-scheme.ts):
//      share-of-paid       amount paid × share;
//      share-of-reference  Σ(principal outstanding × days) × LPR × share ÷ 360 (the ACT/360 of
//                          Chinese loans), at most the amount paid;
//      share-of-loan       principal × rate, at most the amount paid;
//   2. cap per loan: what is left of the rule's perLoan after this loan's earlier approvals of the kind;
//   3. cap per firm per year: what is left of perFirmPerYear after the firm's approvals of the kind
//      that calendar year;
//   4. the scheme's yearly budget: what is left of it (all kinds together). A scheme pays while its
//      budget lasts (预算用完即止): what the budget cannot pay is not owed later.
import { DEFAULT_DAY_COUNT, yearBasis } from '@ipledger/loan-servicing';
import { Dec, Money, type Rate } from '@ipledger/money';
import type { SubsidyBasis, SubsidyRule } from './subsidy-scheme';

export interface SubsidyComputationInput {
  readonly amountPaid: Money;
  readonly principal: Money;
  /** Σ principal outstanding × its days in the period claimed for (for share-of-reference). */
  readonly principalDays: Money;
  /** The one-year LPR in force when the cost was incurred. */
  readonly lpr: Rate;
  /** This loan's approved subsidies of this kind so far. */
  readonly loanReceivedBefore: Money;
  /** The firm's approved subsidies of this kind in the calendar year. */
  readonly firmReceivedThisYear: Money;
  /** What is left of the scheme's budget for the year. */
  readonly budgetRemaining: Money;
}

export interface SubsidyBaseStep {
  readonly basis: SubsidyBasis['basis'];
  /** The rate applied: the share, the share of the LPR, or the rate on the loan. */
  readonly rate: string;
  readonly computed: Money;
  readonly amountPaid: Money;
  /** min(computed, amount paid) for the bases that are never more than the cost. */
  readonly amount: Money;
}

export interface SubsidyLimitStep {
  readonly limit: 'per-loan' | 'per-firm-per-year' | 'yearly-budget';
  /** What was left under the limit before this application. */
  readonly room: Money;
  readonly before: Money;
  readonly after: Money;
  readonly bound: boolean;
}

export interface SubsidyComputation {
  readonly base: SubsidyBaseStep;
  readonly limits: readonly SubsidyLimitStep[];
  readonly approved: Money;
}

export function computeSubsidy(rule: SubsidyRule, input: SubsidyComputationInput): SubsidyComputation {
  const base = baseOf(rule.rate, input);
  const limits: SubsidyLimitStep[] = [];
  let amount = base.amount;
  const apply = (limit: SubsidyLimitStep['limit'], room: Money): void => {
    const after = Money.min(amount, room);
    limits.push({ limit, room, before: amount, after, bound: after.lt(amount) });
    amount = after;
  };
  if (rule.perLoan !== undefined) apply('per-loan', roomUnder(Money.of(rule.perLoan), input.loanReceivedBefore));
  if (rule.perFirmPerYear !== undefined) apply('per-firm-per-year', roomUnder(Money.of(rule.perFirmPerYear), input.firmReceivedThisYear));
  apply('yearly-budget', Money.max(input.budgetRemaining, Money.zero()));
  return { base, limits, approved: amount };
}

function baseOf(rate: SubsidyBasis, input: SubsidyComputationInput): SubsidyBaseStep {
  switch (rate.basis) {
    case 'share-of-paid': {
      const computed = input.amountPaid.times(rate.share);
      return { basis: rate.basis, rate: rate.share, computed, amountPaid: input.amountPaid, amount: computed };
    }
    case 'share-of-reference': {
      const annual = new Dec(input.lpr.toString()).times(rate.share);
      const computed = input.principalDays.times(annual.dividedBy(yearBasis(DEFAULT_DAY_COUNT)));
      return {
        basis: rate.basis,
        rate: annual.toFixed(),
        computed,
        amountPaid: input.amountPaid,
        amount: Money.min(computed, input.amountPaid),
      };
    }
    case 'share-of-loan': {
      const computed = input.principal.times(rate.rate);
      return { basis: rate.basis, rate: rate.rate, computed, amountPaid: input.amountPaid, amount: Money.min(computed, input.amountPaid) };
    }
  }
}

function roomUnder(cap: Money, taken: Money): Money {
  return Money.max(cap.minus(taken), Money.zero());
}
