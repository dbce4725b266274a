// Later recoveries (追偿): when the pledged IP is sold, the net proceeds go back to those who bore
// the loss, in proportion to what each actually bore (not its nominal share: the fund may have paid
// less than its part when the budget ran out), and never more than each bore.
//
// Proceeds beyond everything borne (RECOVERY_RESIDUAL_RULE): the bank, as pledgee, is owed the whole
// debt by the borrower, so the residual first covers the bank's loss no one compensated (interest,
// amounts above caps, the non-IP share); what is left after that belongs to the borrower, whose IP
// was sold.
import { allocate, Money } from '@ipledger/money';
import { PartyRole } from './policy';

export const RECOVERY_RESIDUAL_RULE =
  "Each party gets back at most what it bore. Proceeds beyond the total borne go first to the bank for its uncovered " +
  'loss (interest, amounts above caps, the non-IP share), then the rest to the borrower.';

export interface BorneAmount {
  readonly party: PartyRole;
  readonly amount: Money;
}

export interface RecoveryReturn {
  readonly party: PartyRole;
  readonly bore: Money;
  readonly returned: Money;
}

export interface RecoveryDistribution {
  readonly netProceeds: Money;
  readonly returns: readonly RecoveryReturn[];
  /** Proceeds left once every party got back all it bore. */
  readonly residual: Money;
  readonly residualToBank: Money;
  readonly residualToBorrower: Money;
  readonly rule: string;
}

/** Sale price less disposal costs; a sale that costs more than it brings recovers nothing. */
export function netProceeds(gross: Money, costs: Money): Money {
  return Money.max(Money.zero(), gross.minus(costs));
}

export function distributeRecovery(
  proceeds: Money,
  borne: readonly BorneAmount[],
  options: { readonly bankUncoveredLoss?: Money } = {},
): RecoveryDistribution {
  if (proceeds.isNegative()) throw new RangeError(`net proceeds must not be negative, got ${proceeds.toString()}`);
  const negative = borne.find((entry) => entry.amount.isNegative());
  if (negative !== undefined) throw new RangeError(`${negative.party} cannot have borne a negative amount (${negative.amount.toString()})`);

  const totalBorne = Money.sum(borne.map((entry) => entry.amount));
  const toSharers = Money.min(proceeds, totalBorne);
  // Below the total, largest remainder keeps each part ≤ what it bore: a part is under
  // proceeds × bore / total < bore, and its one extra fen at most rounds it up to bore.
  const returned = totalBorne.isZero()
    ? borne.map(() => Money.zero())
    : allocate(
        toSharers,
        borne.map((entry) => entry.amount.toString()),
      );
  const residual = proceeds.minus(toSharers);
  const residualToBank = Money.min(residual, Money.max(Money.zero(), options.bankUncoveredLoss ?? Money.zero()));
  return {
    netProceeds: proceeds,
    returns: borne.map((entry, index) => ({ party: entry.party, bore: entry.amount, returned: returned[index] })),
    residual,
    residualToBank,
    residualToBorrower: residual.minus(residualToBank),
    rule: RECOVERY_RESIDUAL_RULE,
  };
}
