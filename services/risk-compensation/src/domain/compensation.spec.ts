import { Money, Rate } from '@ipledger/money';
import fc from 'fast-check';
import {
  borneByParty,
  CompensationInput,
  CompensationRecord,
  computeCompensation,
  FUND_SHORTFALL_CLAUSES,
  FUND_SHORTFALL_RULE,
} from './compensation';
import { settleShortfalls } from './shortfall-settlement';
import { PARTY_ROLES, PolicyDraft, publishPolicy, PublishedPolicy } from './policy';
import { GUANGZHOU_2023, ZHONGSHAN } from './presets';

function published(overrides: Partial<PolicyDraft>): PublishedPolicy {
  const result = publishPolicy({ ...ZHONGSHAN, ...overrides });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.policy;
}

function input(principal: string, overrides: Partial<CompensationInput> = {}): CompensationInput {
  return {
    outstandingPrincipal: Money.of(principal),
    unpaidInterest: Money.zero(),
    borrowerCoverageTakenBefore: Money.zero(),
    fundBudgetRemaining: Money.of('10000000.00'),
    ...overrides,
  };
}

/** Claims paid one after another from one year's budget, each seeing what the last one left. */
function payInSequence(policy: PublishedPolicy, principals: readonly string[], budget: Money): CompensationRecord[] {
  const records: CompensationRecord[] = [];
  let remaining = budget;
  for (const principal of principals) {
    const record = computeCompensation(policy, input(principal, { fundBudgetRemaining: remaining }));
    records.push(record);
    remaining = record.fund.budgetAfter;
  }
  return records;
}

const amounts = (values: readonly { amount: Money }[]) => values.map((value) => value.amount.toString());

describe('computing a compensation step by step', () => {
  describe('the coverage base', () => {
    it('adds unpaid interest up to the policy limit when the policy covers interest', () => {
      const policy = published({ coverageBase: { kind: 'principal-plus-interest', interestLimit: '50000.00' } });
      const sut = computeCompensation(policy, input('1000000.00', { unpaidInterest: Money.of('80000.00') }));
      expect(sut.base).toMatchObject({ rule: 'principal-plus-interest' });
      expect(sut.base.interestCounted.toString()).toBe('50000.00');
      expect(sut.approvedAmount.toString()).toBe('1050000.00');
      expect(sut.exposure.toString()).toBe('1080000.00');
      expect(sut.uncoveredLoss.toString()).toBe('30000.00');
      expect(amounts(sut.parts)).toEqual(['567000.00', '273000.00', '168000.00', '42000.00']);
    });

    it('pays only the net loss under an after-disposal trigger', () => {
      const policy = published({ trigger: 'after-disposal' });
      const sut = computeCompensation(policy, input('1000000.00', { netDisposalProceeds: Money.of('200000.00') }));
      expect(sut.base.netDisposalProceeds.toString()).toBe('200000.00');
      expect(sut.approvedAmount.toString()).toBe('800000.00');
      expect(() => computeCompensation(policy, input('1000000.00'))).toThrow(/netDisposalProceeds/);
    });

    it('ignores an IP collateral share unless the policy covers only the IP share', () => {
      const sut = computeCompensation(ZHONGSHAN, input('1000000.00', { ipCollateralShare: Rate.of('0.5') }));
      expect(sut.approvedAmount.toString()).toBe('1000000.00');
    });
  });

  describe('caps, in their documented order', () => {
    it("applies the per-loan cap, then what is left of the borrower's yearly room", () => {
      const sut = computeCompensation(GUANGZHOU_2023, input('12000000.00', { borrowerCoverageTakenBefore: Money.of('14000000.00') }));
      expect(
        sut.caps.map((cap) => [cap.order, cap.cap, cap.limit.toString(), cap.before.toString(), cap.after.toString(), cap.bound]),
      ).toEqual([
        [1, 'per-loan', '10000000.00', '12000000.00', '10000000.00', true],
        [2, 'per-borrower-per-year', '6000000.00', '10000000.00', '6000000.00', true],
      ]);
      expect(sut.approvedAmount.toString()).toBe('6000000.00');
      expect(amounts(sut.parts)).toEqual(['3000000.00', '3000000.00']);
    });

    it("covers nothing once the borrower's yearly room is used up", () => {
      const sut = computeCompensation(GUANGZHOU_2023, input('1000000.00', { borrowerCoverageTakenBefore: Money.of('25000000.00') }));
      expect(sut.approvedAmount.toString()).toBe('0.00');
      expect(amounts(sut.parts)).toEqual(['0.00', '0.00']);
    });

    it('keeps the fund within the public-share cap of exposure, leaving the excess with the bank', () => {
      const policy = published({
        parties: [
          { party: 'fund', share: '0.9' },
          { party: 'bank', share: '0.1' },
        ],
        publicShareCapOfExposure: '0.8',
      });
      const sut = computeCompensation(policy, input('1000000.00'));
      expect(amounts(sut.split)).toEqual(['900000.00', '100000.00']);
      expect(sut.publicShareCap?.keptByBank.toString()).toBe('100000.00');
      expect(amounts(sut.parts)).toEqual(['800000.00', '200000.00']);
      expect(Money.sum(sut.parts.map((part) => part.amount)).eq(sut.approvedAmount)).toBe(true);
    });
  });

  describe("the fund against the year's budget", () => {
    it('shows the budget before and after each claim and records the shortfall when it runs out mid-year', () => {
      // Zhongshan: the fund's part of a 5,000,000.00 loss is 2,700,000.00; the budget is 10,000,000.00.
      const sut = payInSequence(ZHONGSHAN, ['5000000.00', '5000000.00', '5000000.00', '5000000.00', '5000000.00'], Money.of('10000000.00'));
      expect(
        sut.map((record) => [record.fund.budgetBefore, record.fund.paid, record.fund.budgetAfter, record.fund.shortfall].map(String)),
      ).toEqual([
        ['10000000.00', '2700000.00', '7300000.00', '0.00'],
        ['7300000.00', '2700000.00', '4600000.00', '0.00'],
        ['4600000.00', '2700000.00', '1900000.00', '0.00'],
        ['1900000.00', '1900000.00', '0.00', '800000.00'],
        ['0.00', '0.00', '0.00', '2700000.00'],
      ]);
      // The other parties pay their full parts even when the fund cannot.
      expect(amounts(sut[4].parts)).toEqual(['2700000.00', '1300000.00', '800000.00', '200000.00']);
      expect(sut[3].fund.rule).toMatch(/owes the bank/);
    });

    it("exhausts Guangzhou's 50M city total after ten full claims", () => {
      const sut = payInSequence(
        GUANGZHOU_2023,
        Array.from({ length: 11 }, () => '10000000.00'),
        Money.of('50000000.00'),
      );
      expect(sut[9].fund.budgetAfter.toString()).toBe('0.00');
      expect(sut[10].fund.paid.toString()).toBe('0.00');
      expect(sut[10].fund.shortfall.toString()).toBe('5000000.00');
    });

    it('counts the shortfall as borne by the bank until the fund pays it', () => {
      const record = computeCompensation(ZHONGSHAN, input('5000000.00', { fundBudgetRemaining: Money.of('1900000.00') }));
      expect(borneByParty(record).map((entry) => [entry.party, entry.amount.toString()])).toEqual([
        ['fund', '1900000.00'],
        ['bank', '2100000.00'],
        ['insurer', '800000.00'],
        ['appraiser', '200000.00'],
      ]);
    });
  });

  describe('the shortfall rule stored on every claim says what the code does', () => {
    const budgets = fc.bigInt({ min: -100n, max: 10n ** 9n }).map((fen) => Money.fromFen(fen));
    const principals = fc.bigInt({ min: 0n, max: 10n ** 10n }).map((fen) => Money.fromFen(fen).toString());
    const claim = (principal: string, budget: Money) => computeCompensation(ZHONGSHAN, input(principal, { fundBudgetRemaining: budget }));
    const partOf = (record: CompensationRecord, party: string) => record.parts.find((part) => part.party === party)?.amount ?? Money.zero();
    const nonFund = (record: CompensationRecord) =>
      record.parts.filter((part) => part.party !== 'fund').map((part) => [part.party, part.amount.toString()]);
    /**
     * Each clause of FUND_SHORTFALL_CLAUSES as this test knows it, with the check of what it says
     * over random claims and budgets: reword a clause here and in the code alike, with its check.
     */
    const clauses: Record<keyof typeof FUND_SHORTFALL_CLAUSES, { says: string; holds: (principal: string, budget: Money) => void }> = {
      paysWithinBudget: {
        says: "The fund pays min(its part, the year's remaining budget) and never overdraws the budget.",
        holds: (principal, budget) => {
          const sut = claim(principal, budget);
          expect(sut.fund.paid.eq(Money.min(sut.fund.fundPart, Money.max(Money.zero(), budget)))).toBe(true);
          expect(sut.fund.budgetAfter.lt(Money.min(budget, Money.zero()))).toBe(false);
        },
      },
      shortfallOwedToBank: {
        says: 'What it cannot pay is recorded, on the claim and on the budget year, as a shortfall the fund owes the bank for this claim.',
        holds: (principal, budget) => {
          const sut = claim(principal, budget);
          expect(sut.fund.shortfall.eq(sut.fund.fundPart.minus(sut.fund.paid))).toBe(true);
          expect(sut.fund.rule).toBe(FUND_SHORTFALL_RULE);
        },
      },
      bankBearsUntilSettled: {
        says: "The bank bears it until a later budget settles it: outstanding shortfalls are the first charge on a year's room when the year opens, is topped up or is charged by an approval, oldest approval first; what is settled the fund bears and owes the bank.",
        holds: (principal, budget) => {
          const sut = claim(principal, budget);
          const bank = borneByParty(sut).find((entry) => entry.party === 'bank');
          expect(bank?.amount.eq(partOf(sut, 'bank').plus(sut.fund.shortfall))).toBe(true);
          // A later year's room settles it first; what is settled moves from the bank to the fund.
          const [settled] = settleShortfalls([{ claimId: 'c', amount: sut.fund.shortfall }], Money.of(ZHONGSHAN.caps.fundYearlyBudget));
          const amount = settled?.amount ?? Money.zero();
          expect(amount.eq(Money.min(sut.fund.shortfall, Money.of(ZHONGSHAN.caps.fundYearlyBudget)))).toBe(true);
          const after = borneByParty({ ...sut, fund: { ...sut.fund, settled: amount } });
          expect(after.find((entry) => entry.party === 'bank')?.amount.eq(partOf(sut, 'bank').plus(sut.fund.shortfall).minus(amount))).toBe(
            true,
          );
          expect(after.find((entry) => entry.party === 'fund')?.amount.eq(sut.fund.paid.plus(amount))).toBe(true);
        },
      },
      othersPayInFull: {
        says: 'The other parties pay their full parts; no one else makes up the shortfall.',
        holds: (principal, budget) => {
          expect(nonFund(claim(principal, budget))).toEqual(nonFund(claim(principal, Money.of('1000000000000.00'))));
        },
      },
    };

    it('is its clauses, each known to this test', () => {
      expect(FUND_SHORTFALL_RULE).toBe(Object.values(FUND_SHORTFALL_CLAUSES).join(' '));
      expect(Object.fromEntries(Object.entries(clauses).map(([name, clause]) => [name, clause.says]))).toEqual(FUND_SHORTFALL_CLAUSES);
    });

    it.each(Object.keys(clauses) as (keyof typeof FUND_SHORTFALL_CLAUSES)[])('%s holds', (name) => {
      fc.assert(fc.property(principals, budgets, (principal, budget) => clauses[name].holds(principal, budget)));
    });
  });

  describe('properties', () => {
    const fen = (max: bigint) => fc.bigInt({ min: 0n, max }).map((value) => Money.fromFen(value));
    // Cut points on a millionths scale give 2–5 positive shares summing to exactly 1.
    const shares = fc
      .uniqueArray(fc.integer({ min: 1, max: 999_999 }), { minLength: 1, maxLength: 4 })
      .map((cuts) => [0, ...[...cuts].sort((a, b) => a - b), 1_000_000])
      .map((points) => points.slice(1).map((point, index) => ((point - points[index]) / 1_000_000).toFixed(6)));
    const policies = fc
      .record({ shares, perLoan: fc.option(fen(10n ** 10n).filter((cap) => cap.isPositive())) })
      .map(({ shares: split, perLoan }) =>
        published({
          parties: split.map((share, index) => ({ party: PARTY_ROLES[index], share })),
          caps: { fundYearlyBudget: '10000000.00', ...(perLoan === null ? {} : { perLoan: perLoan.toString() }) },
        }),
      );

    it('splits the approved amount into parts that always sum to it exactly', () => {
      fc.assert(
        fc.property(policies, fen(10n ** 12n), fen(10n ** 8n), (policy, principal, interest) => {
          const sut = computeCompensation(policy, input(principal.toString(), { unpaidInterest: interest }));
          expect(Money.sum(sut.parts.map((part) => part.amount)).eq(sut.approvedAmount)).toBe(true);
          expect(sut.fund.paid.plus(sut.fund.shortfall).eq(sut.fund.fundPart)).toBe(true);
        }),
      );
    });

    it('never lets the fund pay more than the budget over a sequence of claims', () => {
      fc.assert(
        fc.property(policies, fen(10n ** 10n), fc.array(fen(10n ** 10n), { maxLength: 30 }), (policy, budget, principals) => {
          const sut = payInSequence(policy, principals.map(String), budget);
          const paid = Money.sum(sut.map((record) => record.fund.paid));
          expect(paid.lte(budget)).toBe(true);
          expect(sut.every((record) => !record.fund.budgetAfter.isNegative())).toBe(true);
        }),
      );
    });
  });
});
