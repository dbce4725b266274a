import type { RecordDealRequest } from '@ipledger/contracts';
import { checkDeal, checkReversalDate, normalisedIpNumber } from './deal-rules';

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
    expect(checkDeal(deal, { today: '2025-06-18', limitDays: 1461 })).toEqual([]);
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
      { today: '2025-06-18', limitDays: 1461 },
    );
    expect(issues.map((issue) => issue.field)).toEqual(['from.uscc', 'ipItems[1].number', 'districtCode', 'contractDate']);
    expect(checkDeal({ ...deal, to: deal.from }, { today: '2025-06-18', limitDays: 1461 }).map((issue) => issue.field)).toEqual([
      'to.uscc',
    ]);
  });

  it('takes a contract date from the backdating limit to today, naming the limit beyond it', () => {
    const bounds = { today: '2025-06-18', limitDays: 1461 };
    expect(checkDeal({ ...deal, contractDate: '2021-06-18' }, bounds)).toEqual([]);
    expect(checkDeal({ ...deal, contractDate: '2021-06-17' }, bounds)).toEqual([
      { field: 'contractDate', rule: 'must not be more than 1461 days back (BACKDATING_LIMIT_DAYS): on or after 2021-06-18' },
    ]);
  });

  it('dates a reversal not before the contract, nor in the future', () => {
    const bounds = { today: '2025-06-18', limitDays: 1461 };
    expect(checkReversalDate('2025-06-01', '2025-06-01', bounds)).toEqual([]);
    expect(checkReversalDate('2025-05-31', '2025-06-01', bounds)).toEqual([
      { field: 'reversedOn', rule: 'must not be before the contract date (2025-06-01)' },
    ]);
    expect(checkReversalDate('2025-06-19', '2025-06-01', bounds)).toEqual([
      { field: 'reversedOn', rule: 'must not be in the future (today is 2025-06-18)' },
    ]);
  });
});
