// How much of a defaulted loan's loss is compensated, and who bears what. The computation is
// returned step by step (base, each cap, the split, the budget) so the bureau can show why a
// claim was paid what it was; every amount goes through @ipledger/money and every split through
// `allocate`, so the parts add up to the fen.
//
// Order (fixed; each step works on the result of the one before):
//   1. base: outstanding principal, plus unpaid interest up to the policy's limit if it covers
//      interest; under 'after-disposal' minus the net disposal proceeds; with mixed collateral under
//      'ip-share-only', times the IP's share stated in the contract (half-up to the fen)
//   2. cap per loan (coverage limit)
//   3. cap per borrower per year: what is left of the room after the borrower's earlier-dated loans
//      → the approved amount (the covered loss)
//   4. split of the approved amount among the parties by their shares (largest remainder)
//   5. public-share cap of exposure (Anhui): the fund's part at most rate × the bank's real exposure.
//      It limits public money, not the covered loss, so it acts on the fund's part after the split;
//      what it takes off the fund stays with the bank, and the parts still sum to the approved amount
//   6. the year's budget: see FUND_SHORTFALL_RULE
import { allocate, Money, Rate } from '@ipledger/money';
import { PartyRole, PublishedPolicy, RateString } from './policy';

/**
 * The budget rule, clause by clause, as stored on every claim. Each clause is a statement about
 * computeCompensation and borneByParty that compensation.spec.ts checks ("the shortfall rule says
 * what the code does"): change a clause and its check together, or that test fails.
 */
export const FUND_SHORTFALL_CLAUSES = {
  paysWithinBudget: "The fund pays min(its part, the year's remaining budget) and never overdraws the budget.",
  shortfallOwedToBank:
    'What it cannot pay is recorded, on the claim and on the budget year, as a shortfall the fund owes the bank for this claim.',
  bankBearsUntilSettled:
    "The bank bears it until a later budget settles it: outstanding shortfalls are the first charge on a year's room when the year opens, is topped up or is charged by an approval, oldest approval first; what is settled the fund bears and owes the bank.",
  othersPayInFull: 'The other parties pay their full parts; no one else makes up the shortfall.',
} as const;

export const FUND_SHORTFALL_RULE = Object.values(FUND_SHORTFALL_CLAUSES).join(' ');

export interface CompensationInput {
  readonly outstandingPrincipal: Money;
  readonly unpaidInterest: Money;
  /** The IP's share of a mixed-collateral loan as stated in the contract; absent when the IP is the only security. */
  readonly ipCollateralShare?: Rate;
  /** Sale proceeds net of costs; required under an 'after-disposal' trigger, which pays the net loss. */
  readonly netDisposalProceeds?: Money;
  /** Room this borrower's earlier-dated loans of the year already hold (borrowerCoverageTakenBefore). */
  readonly borrowerCoverageTakenBefore: Money;
  /** What is left of the fund's budget for the year the claim is paid in. */
  readonly fundBudgetRemaining: Money;
}

export interface CoverageBaseStep {
  readonly rule: PublishedPolicy['coverageBase']['kind'];
  readonly principal: Money;
  /** Interest counted towards the base (zero unless the policy covers interest). */
  readonly interestCounted: Money;
  /** Deducted under an 'after-disposal' trigger; zero otherwise. */
  readonly netDisposalProceeds: Money;
  /** The IP's share applied for mixed collateral; "1" when the whole loan counts. */
  readonly ipCollateralShare: RateString;
  readonly amount: Money;
}

export interface CapStep {
  readonly order: number;
  readonly cap: 'per-loan' | 'per-borrower-per-year';
  /** The limit this loan met: the per-loan cap, or the borrower's room left this year. */
  readonly limit: Money;
  readonly before: Money;
  readonly after: Money;
  /** Whether this cap reduced the amount. */
  readonly bound: boolean;
}

export interface PartyPart {
  readonly party: PartyRole;
  readonly share: RateString;
  readonly amount: Money;
}

export interface PublicShareCapStep {
  readonly rate: RateString;
  readonly exposure: Money;
  readonly limit: Money;
  readonly fundPartBefore: Money;
  readonly fundPartAfter: Money;
  /** Moved from the fund's part to the bank's. */
  readonly keptByBank: Money;
}

export interface FundBudgetStep {
  readonly fundPart: Money;
  readonly budgetBefore: Money;
  readonly paid: Money;
  readonly budgetAfter: Money;
  readonly shortfall: Money;
  readonly rule: string;
}

export interface CompensationRecord {
  readonly policyId: string;
  readonly policyVersion: number;
  /** The bank's real loss: principal + unpaid interest, less net disposal proceeds if deducted. */
  readonly exposure: Money;
  readonly base: CoverageBaseStep;
  readonly caps: readonly CapStep[];
  /** The covered loss, after the caps; the parts below always sum to it. */
  readonly approvedAmount: Money;
  /** The split by the policy's shares, before the public-share cap. */
  readonly split: readonly PartyPart[];
  readonly publicShareCap?: PublicShareCapStep;
  /** What each party bears of the approved amount, after the public-share cap. */
  readonly parts: readonly PartyPart[];
  readonly fund: FundBudgetStep;
  /** Exposure not covered at all (interest, above caps, non-IP share): stays with the bank. */
  readonly uncoveredLoss: Money;
}

export function computeCompensation(policy: PublishedPolicy, input: CompensationInput): CompensationRecord {
  const base = coverageBase(policy, input);
  const exposure = Money.max(Money.zero(), input.outstandingPrincipal.plus(input.unpaidInterest).minus(base.netDisposalProceeds));
  const caps = applyCaps(policy, base.amount, input.borrowerCoverageTakenBefore);
  const approvedAmount = caps.length === 0 ? base.amount : caps[caps.length - 1].after;
  const split = splitAmong(policy, approvedAmount);
  const capped = applyPublicShareCap(policy, split, exposure);
  const fundPart = partOf(capped.parts, 'fund');
  const paid = Money.min(fundPart, Money.max(Money.zero(), input.fundBudgetRemaining));
  return {
    policyId: policy.policyId,
    policyVersion: policy.version,
    exposure,
    base,
    caps,
    approvedAmount,
    split,
    ...(capped.step === undefined ? {} : { publicShareCap: capped.step }),
    parts: capped.parts,
    fund: {
      fundPart,
      budgetBefore: input.fundBudgetRemaining,
      paid,
      budgetAfter: input.fundBudgetRemaining.minus(paid),
      shortfall: fundPart.minus(paid),
      rule: FUND_SHORTFALL_RULE,
    },
    uncoveredLoss: Money.max(Money.zero(), exposure.minus(approvedAmount)),
  };
}

/**
 * What each party actually bore, the weights for sharing later recoveries: the fund what it paid
 * and what later budgets settled of its shortfall (shortfall-settlement.ts), the bank its part plus
 * the shortfall it still carries, everyone else its part.
 */
export function borneByParty(record: {
  readonly parts: readonly Pick<PartyPart, 'party' | 'amount'>[];
  readonly fund: Pick<FundBudgetStep, 'paid' | 'shortfall'> & { readonly settled?: Money };
}): { readonly party: PartyRole; readonly amount: Money }[] {
  const settled = record.fund.settled ?? Money.zero();
  const carried = record.fund.shortfall.minus(settled);
  const borne = record.parts.map((part) => ({
    party: part.party,
    amount: part.party === 'fund' ? record.fund.paid.plus(settled) : part.party === 'bank' ? part.amount.plus(carried) : part.amount,
  }));
  if (!borne.some((entry) => entry.party === 'bank') && carried.isPositive()) {
    borne.push({ party: 'bank', amount: carried });
  }
  return borne;
}

/** The parties with books of their own in a claim, who owe the bank their part as the fund does. */
export const RISK_SHARERS: readonly PartyRole[] = ['guarantor', 'insurer', 'appraiser'];

/**
 * What the bank is owed for a claim, its compensation receivable: the fund's payable (within its
 * budget), what later budgets settled of its shortfall, and each risk sharer's part. The bank's own
 * part and the shortfall not yet settled are not owed.
 */
export function compensationReceivable(record: {
  readonly parts: readonly Pick<PartyPart, 'party' | 'amount'>[];
  readonly fund: Pick<FundBudgetStep, 'paid'> & { readonly settled?: Money };
}): Money {
  return Money.sum([
    record.fund.paid,
    record.fund.settled ?? Money.zero(),
    ...record.parts.filter((part) => RISK_SHARERS.includes(part.party)).map((part) => part.amount),
  ]);
}

function coverageBase(policy: PublishedPolicy, input: CompensationInput): CoverageBaseStep {
  for (const [name, amount] of [
    ['outstandingPrincipal', input.outstandingPrincipal],
    ['unpaidInterest', input.unpaidInterest],
    ['borrowerCoverageTakenBefore', input.borrowerCoverageTakenBefore],
  ] as const) {
    if (amount.isNegative()) throw new RangeError(`${name} must not be negative, got ${amount.toString()}`);
  }
  const interestCounted =
    policy.coverageBase.kind === 'principal-plus-interest'
      ? Money.min(input.unpaidInterest, Money.of(policy.coverageBase.interestLimit))
      : Money.zero();
  const netDisposalProceeds = policy.trigger === 'after-disposal' ? requiredProceeds(input) : Money.zero();
  const netLoss = Money.max(Money.zero(), input.outstandingPrincipal.plus(interestCounted).minus(netDisposalProceeds));
  // Without a stated share the IP is the only security, so the whole loan counts.
  const ipShare =
    policy.mixedCollateral === 'ip-share-only' && input.ipCollateralShare !== undefined ? input.ipCollateralShare : Rate.one();
  return {
    rule: policy.coverageBase.kind,
    principal: input.outstandingPrincipal,
    interestCounted,
    netDisposalProceeds,
    ipCollateralShare: ipShare.toString(),
    amount: netLoss.times(ipShare),
  };
}

function requiredProceeds(input: CompensationInput): Money {
  if (input.netDisposalProceeds === undefined || input.netDisposalProceeds.isNegative()) {
    // checkClaim refuses a claim before disposal under this trigger, so reaching here is a bug.
    throw new RangeError('an after-disposal policy pays the net loss: netDisposalProceeds (≥ 0) is required');
  }
  return input.netDisposalProceeds;
}

function applyCaps(policy: PublishedPolicy, base: Money, takenBefore: Money): CapStep[] {
  const limits: { cap: CapStep['cap']; limit: Money }[] = [];
  if (policy.caps.perLoan !== undefined) {
    limits.push({ cap: 'per-loan', limit: Money.of(policy.caps.perLoan) });
  }
  if (policy.caps.perBorrowerPerYear !== undefined) {
    limits.push({
      cap: 'per-borrower-per-year',
      limit: Money.max(Money.zero(), Money.of(policy.caps.perBorrowerPerYear).minus(takenBefore)),
    });
  }
  const steps: CapStep[] = [];
  let amount = base;
  limits.forEach(({ cap, limit }, index) => {
    const after = Money.min(amount, limit);
    steps.push({ order: index + 1, cap, limit, before: amount, after, bound: after.lt(amount) });
    amount = after;
  });
  return steps;
}

function splitAmong(policy: PublishedPolicy, approved: Money): PartyPart[] {
  const amounts = allocate(
    approved,
    policy.parties.map((entry) => entry.share),
  );
  return policy.parties.map((entry, index) => ({ party: entry.party, share: entry.share, amount: amounts[index] }));
}

function applyPublicShareCap(
  policy: PublishedPolicy,
  split: PartyPart[],
  exposure: Money,
): { parts: PartyPart[]; step?: PublicShareCapStep } {
  if (policy.publicShareCapOfExposure === undefined) {
    return { parts: split };
  }
  const limit = exposure.times(Rate.of(policy.publicShareCapOfExposure));
  const fundPartBefore = partOf(split, 'fund');
  const fundPartAfter = Money.min(fundPartBefore, limit);
  const keptByBank = fundPartBefore.minus(fundPartAfter);
  const parts = split.map((part) =>
    part.party === 'fund'
      ? { ...part, amount: fundPartAfter }
      : part.party === 'bank'
        ? { ...part, amount: part.amount.plus(keptByBank) }
        : part,
  );
  return { parts, step: { rate: policy.publicShareCapOfExposure, exposure, limit, fundPartBefore, fundPartAfter, keptByBank } };
}

function partOf(parts: readonly PartyPart[], party: PartyRole): Money {
  return parts.find((part) => part.party === party)?.amount ?? Money.zero();
}
