// A fund part a budget year could not cover (a claim's shortfall, FUND_SHORTFALL_CLAUSES) is
// carried to a later budget and settled from it automatically (docs/funds.md, "Shortfalls"):
//   - the fund's outstanding shortfalls are the first charge on a budget year's room: whenever the
//     year is opened or topped up by a contribution, or charged by an approval, they are settled
//     from what remains of it before anything else, oldest approval first, each as far as the room
//     goes (a shortfall may be settled in parts, over several years);
//   - only shortfalls of claims charged to that year or an earlier one;
//   - what is outstanding of a claim's shortfall is the shortfall less what was settled; once the
//     claim is closed under an 'on-default' policy, the bank already got its share of the disposal
//     proceeds back for bearing the shortfall, so what is outstanding is net of that share;
//   - settling moves the amount from what the bank bore to what the fund bore (borneByParty) and
//     adds it to what the fund owes the bank; a bureau user records paying it, like a payout.
import { allocate, Money } from '@ipledger/money';

export interface ShortfallClaim {
  readonly claimId: string;
  readonly fundShortfall: Money;
  readonly shortfallSettled: Money;
  /**
   * Once closed: the bank's line of the disposal's distribution (what it bore, its own part within
   * that, and what it got back). Under 'after-disposal' nothing was shared back: returned is 0.00.
   */
  readonly closedWith: { readonly bankBore: Money; readonly bankPart: Money; readonly bankReturned: Money } | null;
}

/**
 * What of the claim's shortfall a later budget may still settle: the shortfall, less what was
 * settled, less (once closed) the bank's return for the shortfall it bore then: its return split
 * between that shortfall and its own part by largest remainder.
 */
export function outstandingShortfall(claim: ShortfallClaim): Money {
  return Money.max(Money.zero(), claim.fundShortfall.minus(returnedOnShortfall(claim)).minus(claim.shortfallSettled));
}

function returnedOnShortfall(claim: ShortfallClaim): Money {
  const closed = claim.closedWith;
  if (closed === null || closed.bankReturned.isZero()) return Money.zero();
  const shortfallBorne = Money.max(Money.zero(), closed.bankBore.minus(closed.bankPart));
  if (shortfallBorne.isZero()) return Money.zero();
  const [onShortfall] = allocate(closed.bankReturned, [shortfallBorne.toString(), closed.bankPart.toString()]);
  return onShortfall ?? Money.zero();
}

export interface ShortfallSettlement {
  readonly claimId: string;
  readonly amount: Money;
}

/** The room settled over the outstanding shortfalls in the order given (oldest approval first). */
export function settleShortfalls(outstanding: readonly { claimId: string; amount: Money }[], room: Money): ShortfallSettlement[] {
  const settlements: ShortfallSettlement[] = [];
  let left = Money.max(room, Money.zero());
  for (const claim of outstanding) {
    if (!left.isPositive()) break;
    const amount = Money.min(claim.amount, left);
    if (amount.isPositive()) settlements.push({ claimId: claim.claimId, amount });
    left = left.minus(amount);
  }
  return settlements;
}

/**
 * Where a settlement lands on the loan's side: what is left of the defaulted principal the bank was
 * owed nothing for (outstanding principal less everything owed to it before, never below zero) is
 * covered first, the rest is compensated interest. On a closed claim that principal was written
 * off, so the same amount is the credit loss recovered.
 */
export function settlementOnLoan(input: {
  readonly outstandingPrincipal: Money;
  /** What the fund and the risk sharers owed the bank before this settlement (approval and earlier settlements). */
  readonly owedBefore: Money;
  readonly amount: Money;
}): { principal: Money; interest: Money } {
  const principalLeft = Money.max(Money.zero(), input.outstandingPrincipal.minus(input.owedBefore));
  const principal = Money.min(input.amount, principalLeft);
  return { principal, interest: input.amount.minus(principal) };
}
