import { SubsidySchemeDocument } from '@ipledger/contracts';
import { CHONGQING_BEIBEI_INTEREST, QINGDAO_2024_INTEREST, SUBSIDY_PRESETS } from './subsidy-presets';

describe('subsidy presets', () => {
  it('are valid published schemes whose documents a bureau can draft from as they are', () => {
    expect(SUBSIDY_PRESETS.map((preset) => preset.schemeId)).toEqual(['qingdao-2024-interest', 'chongqing-beibei-interest']);
    for (const { schemeId: _id, version: _version, ...document } of SUBSIDY_PRESETS) {
      expect(SubsidySchemeDocument.safeParse(structuredClone(document)).success).toBe(true);
    }
  });

  it('carry the figures of their texts: Qingdao 60 % of the LPR of the month before the contract, ≤ 500,000.00 a firm a year', () => {
    expect(QINGDAO_2024_INTEREST.rules).toEqual([
      {
        kind: 'interest',
        rate: { basis: 'share-of-reference', share: '0.6', reference: 'LPR-1Y', referenceOn: 'month-before-contract' },
        perFirmPerYear: '500000.00',
      },
    ]);
    expect(QINGDAO_2024_INTEREST.eligibility).toEqual({
      firmSizes: ['medium', 'small', 'micro'],
      ipTypes: ['invention-patent', 'utility-model', 'design-patent'],
      onTimeRepaymentOnly: true,
    });
    expect(QINGDAO_2024_INTEREST.source).toMatch(/上月最新一年期LPR的60%/);
    expect(CHONGQING_BEIBEI_INTEREST.rules[0]?.rate).toEqual({ basis: 'share-of-reference', share: '0.5', reference: 'LPR-1Y' });
  });

  it('say in their notes which values are defaults and what is not checked', () => {
    for (const preset of SUBSIDY_PRESETS) {
      expect(preset.notes?.some((note) => note.startsWith('yearly budget: the text gives no figure'))).toBe(true);
    }
    expect(QINGDAO_2024_INTEREST.notes?.some((note) => note.includes('首次质押'))).toBe(true);
  });
});
