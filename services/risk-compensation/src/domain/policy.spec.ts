import { isInForce, PolicyDraft, publishPolicy, validatePolicy } from './policy';
import { PRESETS, WEIHAI_LATER, WEIHAI_YEAR_ONE, ZHONGSHAN } from './presets';

function draft(overrides: Partial<PolicyDraft> = {}): PolicyDraft {
  return { ...ZHONGSHAN, notes: [], ...overrides };
}

function rulesOf(policy: PolicyDraft): string[] {
  return validatePolicy(policy).map((problem) => `${problem.field} ${problem.rule}`);
}

describe('a compensation policy as versioned data', () => {
  it('accepts every preset, each citing its source', () => {
    for (const preset of PRESETS) {
      expect(validatePolicy(preset)).toEqual([]);
      expect(preset.source).toMatch(/domain\.md, real local policies/);
    }
  });

  it('freezes a published version so it cannot be edited in place', () => {
    const published = publishPolicy(draft());
    expect(published.ok).toBe(true);
    if (!published.ok) return;
    expect(Object.isFrozen(published.policy)).toBe(true);
    expect(Object.isFrozen(published.policy.parties[0])).toBe(true);
    expect(Object.isFrozen(published.policy.caps)).toBe(true);
  });

  it('refuses shares that do not sum to exactly 1', () => {
    const parties = [
      { party: 'fund' as const, share: '0.54' },
      { party: 'bank' as const, share: '0.459999' },
    ];
    expect(rulesOf(draft({ parties }))).toEqual(['parties shares-sum-to-one']);
    const published = publishPolicy(draft({ parties }));
    expect(published.ok ? [] : published.problems.map((problem) => problem.message)).toEqual([
      'the shares must sum to exactly 1, they sum to 0.999999',
    ]);
  });

  it('refuses negative, malformed or duplicate shares and a policy without the fund', () => {
    expect(
      rulesOf(
        draft({
          parties: [
            { party: 'bank', share: '-0.5' },
            { party: 'bank', share: '1.5' },
            { party: 'insurer', share: '50%' },
          ],
        }),
      ),
    ).toEqual([
      'parties[0].share share-rate',
      'parties[1].party party-once',
      'parties[1].share share-rate',
      'parties[2].share share-rate',
      'parties fund-required',
    ]);
  });

  it('wants caps positive and the budget not negative', () => {
    expect(rulesOf(draft({ caps: { perLoan: '0.00', perBorrowerPerYear: '-1.00', fundYearlyBudget: '-5.00' } }))).toEqual([
      'caps.perLoan positive-amount',
      'caps.perBorrowerPerYear positive-amount',
      'caps.fundYearlyBudget non-negative-amount',
    ]);
    expect(rulesOf(draft({ caps: { perLoan: '1000000', fundYearlyBudget: '0.00' } }))).toEqual(['caps.perLoan money-string']);
  });

  it('checks dates, eligibility lists, the deadline and the public-share cap', () => {
    expect(
      rulesOf(
        draft({
          effectiveFrom: '2025-06-01',
          effectiveTo: '2025-06-01',
          eligibility: { ipTypes: [], districts: ['5001'], maxTermMonths: 0 },
          filingDeadlineWorkingDays: 0,
          parties: [{ party: 'fund', share: '1' }],
          publicShareCapOfExposure: '0',
        }),
      ),
    ).toEqual([
      'effectiveTo after-effective-from',
      'eligibility.ipTypes not-empty',
      'eligibility.districts[0] division-code',
      'eligibility.maxTermMonths whole-number',
      'filingDeadlineWorkingDays whole-number',
      'publicShareCapOfExposure positive',
      'publicShareCapOfExposure bank-required',
    ]);
  });

  it('is in force from effectiveFrom up to, not including, effectiveTo', () => {
    expect(isInForce(WEIHAI_YEAR_ONE, '2024-12-31')).toBe(false);
    expect(isInForce(WEIHAI_YEAR_ONE, '2025-01-01')).toBe(true);
    expect(isInForce(WEIHAI_YEAR_ONE, '2025-12-31')).toBe(true);
    expect(isInForce(WEIHAI_YEAR_ONE, '2026-01-01')).toBe(false);
    expect(isInForce(WEIHAI_LATER, '2026-01-01')).toBe(true);
    expect(isInForce(WEIHAI_LATER, '2040-01-01')).toBe(true);
  });
});
