// Later recoveries (追偿): when the pledged IP is sold, the net proceeds go back to those who bore
// the loss, in proportion to what each actually bore (not its nominal share: the fund may have paid
// less than its part when the budget ran out), and never more than each bore.
//
// Proceeds beyond everything borne (RECOVERY_RESIDUAL_RULE): the bank, as pledgee, is owed the whole
// debt by the borrower, so the residual first covers the bank's loss no one compensated (interest,
// amounts above caps, the non-IP share); what is left after that belongs to the borrower, whose IP
// was sold.
import { allocate, Money } from '@ipledger/money';
import { PartyRole, PublishedPolicy } from './policy';

export const RECOVERY_RESIDUAL_RULE =
  'Each party gets back at most what it bore. Proceeds beyond the total borne go first to the bank for its uncovered ' +
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

export interface SettlementInput {
  readonly trigger: PublishedPolicy['trigger'];
  readonly netProceeds: Money;
  /** What each party bore (borneByParty of the approved computation). */
  readonly borne: readonly BorneAmount[];
  /** The bank's loss no one compensated (the computation's uncoveredLoss). */
  readonly bankUncoveredLoss: Money;
  /** Principal outstanding at default: what the loan's defaulted-principal account held. */
  readonly outstandingPrincipal: Money;
  /** What the fund (within budget) and the risk sharers owe the bank: the receivable booked at approval. */
  readonly compensationReceivable: Money;
}

export interface Settlement {
  readonly distribution: RecoveryDistribution;
  /** Defaulted principal that neither compensation covered: the bank's credit loss when the loan closes. */
  readonly principalWrittenOff: Money;
}

/**
 * How a defaulted loan ends once its claim is settled and its pledge disposed of. Under 'on-default'
 * the proceeds are shared back (distributeRecovery). Under 'after-disposal' the claim already paid
 * only the loss net of the proceeds, so the proceeds are the bank's own and nothing is shared back.
 * Either way the principal the approval did not cover is written off.
 */
export function settleRecovery(input: SettlementInput): Settlement {
  const distribution =
    input.trigger === 'after-disposal'
      ? {
          ...distributeRecovery(Money.zero(), input.borne),
          netProceeds: input.netProceeds,
          residual: input.netProceeds,
          residualToBank: input.netProceeds,
          rule: AFTER_DISPOSAL_RECOVERY_RULE,
        }
      : distributeRecovery(input.netProceeds, input.borne, { bankUncoveredLoss: input.bankUncoveredLoss });
  const covered = Money.min(input.compensationReceivable, input.outstandingPrincipal);
  return { distribution, principalWrittenOff: input.outstandingPrincipal.minus(covered) };
}

export const AFTER_DISPOSAL_RECOVERY_RULE =
  'The claim paid the loss net of the disposal proceeds, so the proceeds stay with the bank and nothing is shared back.';
