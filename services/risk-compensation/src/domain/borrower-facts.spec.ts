import { firmFactsOf } from './borrower-facts';

describe('firmFactsOf', () => {
  it('takes what was registered with the pledge, and what the application states only where nothing was', () => {
    expect(firmFactsOf({ size: 'small', industry: null }, { industry: 'C' })).toEqual({
      facts: { size: 'small', industry: 'C' },
      conflicts: [],
    });
    expect(firmFactsOf({ size: null, industry: null }, {})).toEqual({ facts: {}, conflicts: [] });
    expect(firmFactsOf({ size: 'micro', industry: 'I' }, { size: 'micro', industry: 'I' })).toEqual({
      facts: { size: 'micro', industry: 'I' },
      conflicts: [],
    });
  });

  it('names every stated fact that contradicts the registration', () => {
    expect(firmFactsOf({ size: 'medium', industry: 'C' }, { size: 'small', industry: 'I' }).conflicts).toEqual([
      { field: 'firmSize', rule: 'borrower-facts-conflict', message: '申请所填企业规模（小型）与质押登记的企业规模（中型）不符' },
      { field: 'industry', rule: 'borrower-facts-conflict', message: '申请所填行业门类（I）与质押登记的行业门类（C）不符' },
    ]);
  });
});
