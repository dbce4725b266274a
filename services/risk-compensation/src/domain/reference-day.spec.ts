import { referenceRateDay } from './reference-day';

describe('referenceRateDay', () => {
  const loan = { costIncurredOn: '2026-04-10', disbursedOn: '2026-03-05' };
  it('takes the day the interest was due unless the rule says otherwise', () => {
    expect(referenceRateDay({ basis: 'share-of-reference', share: '0.6', reference: 'LPR-1Y' }, loan)).toBe('2026-04-10');
    expect(referenceRateDay({ basis: 'share-of-paid', share: '0.5' }, loan)).toBe('2026-04-10');
  });
  it('takes the last day of the month before the contract for Qingdao’s 上月最新LPR', () => {
    const basis = { basis: 'share-of-reference', share: '0.6', reference: 'LPR-1Y', referenceOn: 'month-before-contract' } as const;
    expect(referenceRateDay(basis, loan)).toBe('2026-02-28');
    expect(referenceRateDay(basis, { ...loan, disbursedOn: '2026-01-31' })).toBe('2025-12-31');
  });
});
