import { Money, Rate } from '@ipledger/money';
import { checkSubsidyApplication, type SubsidyApplicationFacts } from './subsidy-eligibility';
import { computeSubsidy, type SubsidyComputationInput } from './subsidy-computation';
import { publishSubsidyScheme, ruleFor, type PublishedSubsidyScheme, type SubsidySchemeDraft } from './subsidy-scheme';

// A scheme shaped like the ones cities run (docs/subsidies.md): interest at 60 % of the one-year
// LPR up to 500,000.00 a firm a year; an evaluation-fee subsidy of up to 0.5 % of the loan, at most
// 60,000.00 a loan; a guarantee-fee subsidy of half the fee paid.
const draft = (overrides: Partial<SubsidySchemeDraft> = {}): SubsidySchemeDraft => ({
  schemeId: 'sub_test',
  version: 1,
  name: '知识产权质押融资贴息（测试）',
  source: 'test scheme',
  scope: { city: '重庆', cityCode: '50' },
  effectiveFrom: '2026-01-01',
  rules: [
    { kind: 'interest', rate: { basis: 'share-of-reference', share: '0.6', reference: 'LPR-1Y' }, perFirmPerYear: '500000.00' },
    { kind: 'evaluation-fee', rate: { basis: 'share-of-loan', rate: '0.005' }, perLoan: '60000.00' },
    { kind: 'guarantee-fee', rate: { basis: 'share-of-paid', share: '0.5' } },
  ],
  eligibility: { firmSizes: ['medium', 'small', 'micro'], onTimeRepaymentOnly: true, maxRateOverLpr: '1.4' },
  yearlyBudget: '10000000.00',
  ...overrides,
});

function published(overrides: Partial<SubsidySchemeDraft> = {}): PublishedSubsidyScheme {
  const result = publishSubsidyScheme(draft(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.scheme;
}

const scheme = published();
const rule = (kind: 'interest' | 'evaluation-fee' | 'guarantee-fee') => {
  const found = ruleFor(scheme, kind);
  if (found === undefined) throw new Error(kind);
  return found;
};

// 10,000,000.00 outstanding for a 90-day quarter: principal-days 900,000,000.00. Interest paid at
// 3.6 %: 10,000,000 × 0.036 × 90 / 360 = 90,000.00.
const input = (overrides: Partial<SubsidyComputationInput> = {}): SubsidyComputationInput => ({
  amountPaid: Money.of('90000.00'),
  principal: Money.of('10000000.00'),
  principalDays: Money.of('900000000.00'),
  lpr: Rate.of('0.03'),
  loanReceivedBefore: Money.zero(),
  firmReceivedThisYear: Money.zero(),
  budgetRemaining: Money.of('10000000.00'),
  ...overrides,
});

describe('a subsidy, worked examples', () => {
  it('贴息 of 60 % of the LPR: 900,000,000 principal-days × 0.03 × 0.6 / 360 = 45,000.00', () => {
    const result = computeSubsidy(rule('interest'), input());
    expect(result.base).toEqual({
      basis: 'share-of-reference',
      rate: '0.018',
      computed: Money.of('45000.00'),
      amountPaid: Money.of('90000.00'),
      amount: Money.of('45000.00'),
    });
    expect(result.approved.toString()).toBe('45000.00');
  });

  it('is never more than the interest actually paid', () => {
    expect(computeSubsidy(rule('interest'), input({ amountPaid: Money.of('30000.00') })).approved.toString()).toBe('30000.00');
  });

  it('stops at what is left of the firm’s yearly cap, and says so', () => {
    const result = computeSubsidy(rule('interest'), input({ firmReceivedThisYear: Money.of('470000.00') }));
    expect(result.limits[0]).toEqual({
      limit: 'per-firm-per-year',
      room: Money.of('30000.00'),
      before: Money.of('45000.00'),
      after: Money.of('30000.00'),
      bound: true,
    });
    expect(result.approved.toString()).toBe('30000.00');
  });

  it('评估费补贴 of 0.5 % of the loan (50,000.00), at most the fee paid, and at most what is left of 60,000.00 a loan', () => {
    expect(computeSubsidy(rule('evaluation-fee'), input({ amountPaid: Money.of('40000.00') })).approved.toString()).toBe('40000.00');
    expect(computeSubsidy(rule('evaluation-fee'), input({ amountPaid: Money.of('80000.00') })).approved.toString()).toBe('50000.00');
    const second = computeSubsidy(
      rule('evaluation-fee'),
      input({ amountPaid: Money.of('80000.00'), loanReceivedBefore: Money.of('40000.00') }),
    );
    expect([second.limits[0]?.room.toString(), second.approved.toString()]).toEqual(['20000.00', '20000.00']);
  });

  it('担保费补贴 of half the fee paid: 1 % of 10,000,000.00 = 100,000.00 paid, 50,000.00 back', () => {
    expect(computeSubsidy(rule('guarantee-fee'), input({ amountPaid: Money.of('100000.00') })).approved.toString()).toBe('50000.00');
  });

  it('pays while the yearly budget lasts (预算用完即止)', () => {
    const result = computeSubsidy(
      rule('guarantee-fee'),
      input({ amountPaid: Money.of('100000.00'), budgetRemaining: Money.of('12345.67') }),
    );
    expect(result.limits.at(-1)).toMatchObject({ limit: 'yearly-budget', bound: true });
    expect(result.approved.toString()).toBe('12345.67');
    expect(computeSubsidy(rule('guarantee-fee'), input({ budgetRemaining: Money.of('-1.00') })).approved.toString()).toBe('0.00');
  });
});

const facts = (overrides: Partial<SubsidyApplicationFacts> = {}): SubsidyApplicationFacts => ({
  kind: 'interest',
  costIncurredOn: '2026-03-31',
  amountPaid: Money.of('90000.00'),
  loan: { annualInterestRate: Rate.of('0.036'), districtCode: '500112', ipTypes: ['invention-patent'] },
  firm: { size: 'small', industry: 'C' },
  maxDaysPastDueInPeriod: 0,
  lpr: Rate.of('0.03'),
  ...overrides,
});

describe('who may have a subsidy', () => {
  it('admits a small firm repaying on time at a rate within 1.4 × the LPR', () => {
    const check = checkSubsidyApplication(scheme, facts());
    expect(check.ok).toBe(true);
    expect(check.outcomes.map((each) => each.rule)).toEqual([
      'not-eligible:scheme-not-in-force',
      'not-eligible:kind',
      'not-eligible:nothing-paid',
      'not-eligible:scope',
      'not-eligible:firm-size',
      'not-eligible:late-repayment',
      'not-eligible:rate-above-lpr-multiple',
    ]);
  });

  it('names every rule that keeps an application out, each with a Chinese reason', () => {
    const check = checkSubsidyApplication(
      published({
        eligibility: { firmSizes: ['small', 'micro'], industries: ['I', 'M'], onTimeRepaymentOnly: true, maxRateOverLpr: '1.4' },
      }),
      facts({
        kind: 'insurance-premium',
        costIncurredOn: '2025-12-31',
        amountPaid: Money.zero(),
        loan: { annualInterestRate: Rate.of('0.05'), districtCode: '440106', ipTypes: ['trademark'] },
        firm: { size: 'large' },
        maxDaysPastDueInPeriod: 3,
      }),
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.refusals.map((each) => each.rule)).toEqual([
      'not-eligible:scheme-not-in-force',
      'not-eligible:kind',
      'not-eligible:nothing-paid',
      'not-eligible:scope',
      'not-eligible:firm-size',
      'not-eligible:industry',
      'not-eligible:late-repayment',
      'not-eligible:rate-above-lpr-multiple',
    ]);
    expect(check.refusals.find((each) => each.rule === 'not-eligible:rate-above-lpr-multiple')?.message).toBe(
      '合同年利率 0.05，上限为一年期 LPR 0.03 的 1.4 倍，即 0.042',
    );
    expect(check.refusals.find((each) => each.rule === 'not-eligible:industry')?.message).toBe('政策限于行业门类 I、M；未登记所属行业');
    expect(check.refusals.find((each) => each.rule === 'not-eligible:firm-size')?.message).toBe('政策限于小型、微型企业；本企业为大型企业');
  });
});

describe('publishing a scheme', () => {
  it('freezes a valid version', () => {
    expect(Object.isFrozen(scheme.rules[0])).toBe(true);
  });

  it('names every problem of a draft by field and rule', () => {
    const result = publishSubsidyScheme(
      draft({
        source: ' ',
        rules: [
          { kind: 'evaluation-fee', rate: { basis: 'share-of-reference', share: '0.5', reference: 'LPR-1Y' } },
          { kind: 'evaluation-fee', rate: { basis: 'share-of-loan', rate: '0' } },
        ],
        eligibility: { firmSizes: [], industries: ['Z'] },
        yearlyBudget: '1e6',
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((each) => `${each.field} ${each.rule}`)).toEqual([
      'source required',
      'rules[0].rate.basis reference-for-interest',
      'rules[1].kind kind-once',
      'rules[1].rate.rate positive',
      'eligibility.firmSizes not-empty',
      'eligibility.industries[0] gb-t-4754-section',
      'yearlyBudget money-string',
    ]);
  });
});
