// Worked examples for every preset: a covered loss split exactly as the published scheme says.
import { Money, Rate } from '@ipledger/money';
import { CompensationInput, computeCompensation } from './compensation';
import { PublishedPolicy } from './policy';
import {
  ANHUI,
  CHONGQING_BEIBEI,
  CHONGQING_KNOWLEDGE_VALUE_CREDIT,
  GUANGZHOU_2020_5311,
  GUANGZHOU_2023,
  PRESETS,
  WEIHAI_LATER,
  WEIHAI_YEAR_ONE,
  ZHONGSHAN,
} from './presets';

function loss(principal: string, overrides: Partial<CompensationInput> = {}): CompensationInput {
  return {
    outstandingPrincipal: Money.of(principal),
    unpaidInterest: Money.zero(),
    borrowerCoverageTakenBefore: Money.zero(),
    fundBudgetRemaining: Money.of('50000000.00'),
    ...overrides,
  };
}

function partsOf(policy: PublishedPolicy, input: CompensationInput): Record<string, string> {
  const record = computeCompensation(policy, input);
  return Object.fromEntries(record.parts.map((part) => [part.party, part.amount.toString()]));
}

describe('the real schemes as presets', () => {
  it('has at least the five required schemes, each with a source and notes for its defaults', () => {
    const ids = PRESETS.map((preset) => preset.policyId);
    expect(ids).toEqual(
      expect.arrayContaining(['guangzhou-2020-5311', 'guangzhou-2023', 'zhongshan', 'chongqing-knowledge-value-credit', 'weihai']),
    );
    for (const preset of PRESETS) {
      expect(preset.source.length).toBeGreaterThan(40);
      expect(preset.notes?.length ?? 0).toBeGreaterThan(0);
    }
  });

  describe('Guangzhou 2020 "5311"', () => {
    it('splits a covered loss of 1,000,000.00 fund 50 / guarantor-or-insurer 30 / appraiser 10 / bank 10', () => {
      expect(partsOf(GUANGZHOU_2020_5311, loss('1000000.00'))).toEqual({
        fund: '500000.00',
        guarantor: '300000.00',
        appraiser: '100000.00',
        bank: '100000.00',
      });
    });

    it('splits awkward amounts so the parts sum to the fen', () => {
      expect(partsOf(GUANGZHOU_2020_5311, loss('1000000.01'))).toEqual({
        fund: '500000.01',
        guarantor: '300000.00',
        appraiser: '100000.00',
        bank: '100000.00',
      });
      expect(partsOf(GUANGZHOU_2020_5311, loss('333333.33'))).toEqual({
        fund: '166666.67',
        guarantor: '100000.00',
        appraiser: '33333.33',
        bank: '33333.33',
      });
    });

    it('leaves unpaid interest with the bank', () => {
      const sut = computeCompensation(GUANGZHOU_2020_5311, loss('1000000.00', { unpaidInterest: Money.of('45000.00') }));
      expect(sut.approvedAmount.toString()).toBe('1000000.00');
      expect(sut.uncoveredLoss.toString()).toBe('45000.00');
    });
  });

  describe('Guangzhou 2023', () => {
    it('splits 1,000,000.00 fund 50 / bank 50', () => {
      expect(partsOf(GUANGZHOU_2023, loss('1000000.00'))).toEqual({ fund: '500000.00', bank: '500000.00' });
    });

    it('covers only principal up to 10M per loan', () => {
      const sut = computeCompensation(GUANGZHOU_2023, loss('15000000.00'));
      expect(sut.caps[0]).toMatchObject({ cap: 'per-loan', bound: true });
      expect(sut.approvedAmount.toString()).toBe('10000000.00');
      expect(sut.parts.map((part) => part.amount.toString())).toEqual(['5000000.00', '5000000.00']);
      expect(sut.uncoveredLoss.toString()).toBe('5000000.00');
    });

    it('counts only the IP share of a mixed-collateral loan', () => {
      const sut = computeCompensation(GUANGZHOU_2023, loss('4000000.00', { ipCollateralShare: Rate.of('0.6') }));
      expect(sut.base.amount.toString()).toBe('2400000.00');
      expect(partsOf(GUANGZHOU_2023, loss('4000000.00', { ipCollateralShare: Rate.of('0.6') }))).toEqual({
        fund: '1200000.00',
        bank: '1200000.00',
      });
    });
  });

  describe('Zhongshan 54/26/16/4', () => {
    it('splits 1,000,000.00 fund 54 / bank 26 / insurer 16 / appraiser 4', () => {
      expect(partsOf(ZHONGSHAN, loss('1000000.00'))).toEqual({
        fund: '540000.00',
        bank: '260000.00',
        insurer: '160000.00',
        appraiser: '40000.00',
      });
    });

    it('splits 1,000,000.01 and 333,333.33 four ways, summing exactly', () => {
      expect(partsOf(ZHONGSHAN, loss('1000000.01'))).toEqual({
        fund: '540000.01',
        bank: '260000.00',
        insurer: '160000.00',
        appraiser: '40000.00',
      });
      expect(partsOf(ZHONGSHAN, loss('333333.33'))).toEqual({
        fund: '180000.00',
        bank: '86666.67',
        insurer: '53333.33',
        appraiser: '13333.33',
      });
    });
  });

  describe('Chongqing 知识价值信用贷款 80/20', () => {
    it('splits the principal loss fund 80 / bank 20, the bank also bearing the interest', () => {
      const sut = computeCompensation(CHONGQING_KNOWLEDGE_VALUE_CREDIT, loss('1000000.00', { unpaidInterest: Money.of('60000.00') }));
      expect(sut.base.interestCounted.toString()).toBe('0.00');
      expect(sut.parts.map((part) => [part.party, part.amount.toString()])).toEqual([
        ['fund', '800000.00'],
        ['bank', '200000.00'],
      ]);
      expect(sut.uncoveredLoss.toString()).toBe('60000.00');
    });
  });

  describe('Weihai province 40 + city 20 / bank 40', () => {
    it('splits 1,000,000.00 fund 60 / bank 40', () => {
      expect(partsOf(WEIHAI_YEAR_ONE, loss('1000000.00'))).toEqual({ fund: '600000.00', bank: '400000.00' });
    });

    it('caps a loan at 1M in year one and 1.5M later', () => {
      expect(partsOf(WEIHAI_YEAR_ONE, loss('1500000.00'))).toEqual({ fund: '600000.00', bank: '400000.00' });
      expect(partsOf(WEIHAI_LATER, loss('1500000.00'))).toEqual({ fund: '900000.00', bank: '600000.00' });
      expect(partsOf(WEIHAI_LATER, loss('2000000.00'))).toEqual({ fund: '900000.00', bank: '600000.00' });
    });
  });

  describe('Chongqing Beibei 70/30', () => {
    it('splits 1,000,000.00 government 70 / bank 30', () => {
      expect(partsOf(CHONGQING_BEIBEI, loss('1000000.00'))).toEqual({ fund: '700000.00', bank: '300000.00' });
    });
  });

  describe('Anhui 30 % + 5 points, public payouts ≤ 80 % of exposure', () => {
    it('splits 1,000,000.00 fund 35 / bank 65 and records the public-share cap that did not bind', () => {
      const sut = computeCompensation(ANHUI, loss('1000000.00'));
      expect(sut.parts.map((part) => part.amount.toString())).toEqual(['350000.00', '650000.00']);
      expect(sut.publicShareCap).toMatchObject({ rate: '0.8' });
      expect(sut.publicShareCap?.limit.toString()).toBe('800000.00');
      expect(sut.publicShareCap?.keptByBank.toString()).toBe('0.00');
    });
  });
});
