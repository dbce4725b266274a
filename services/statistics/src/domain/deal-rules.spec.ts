import type { RecordDealRequest } from '@ipledger/contracts';
import { checkDeal, normalisedIpNumber } from './deal-rules';

const deal: RecordDealRequest = {
  kind: 'licensing',
  ipItems: [{ ipType: 'invention-patent', number: 'ZL201910884346.5' }],
  from: { uscc: '91350100M000100Y43', name: '甲公司' },
  to: { uscc: '91110000600037341L', name: '乙公司' },
  amount: '1000000.00',
  contractDate: '2025-06-18',
  districtCode: '500112',
  industry: 'C',
};

describe('deal rules', () => {
  it('accepts a valid deal and stores the patent number without ZL', () => {
    expect(checkDeal(deal, '2025-06-18')).toEqual([]);
    expect(normalisedIpNumber('invention-patent', 'ZL201910884346.5')).toBe('201910884346.5');
  });

  it('reports every broken rule against its field', () => {
    const issues = checkDeal(
      {
        ...deal,
        from: { ...deal.from, uscc: '91350100M000100Y44' },
        ipItems: [...deal.ipItems, { ipType: 'invention-patent', number: '201910884346.5' }],
        districtCode: '110101',
        contractDate: '2025-06-19',
      },
      '2025-06-18',
    );
    expect(issues.map((issue) => issue.field)).toEqual(['from.uscc', 'ipItems[1].number', 'districtCode', 'contractDate']);
    expect(checkDeal({ ...deal, to: deal.from }, '2025-06-18').map((issue) => issue.field)).toEqual(['to.uscc']);
  });
});
