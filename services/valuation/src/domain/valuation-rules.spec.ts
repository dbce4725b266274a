import type { SubmitValuationRequest } from '@ipledger/contracts';
import { checkValuationDates } from './valuation-rules';

const report = (overrides: Partial<SubmitValuationRequest> = {}): SubmitValuationRequest => ({
  pledgeId: 'pl_0193c4a0b1c27d3e8f9a0b1c2d3e4f50',
  method: 'income',
  appraisedValue: '8000000.00',
  valuationDate: '2026-03-01',
  validUntil: '2027-03-01',
  ...overrides,
});

describe('a valuation report', () => {
  it('is accepted when dated today or earlier and valid afterwards', () => {
    expect(checkValuationDates(report(), { today: '2026-03-01', limitDays: 1461 })).toEqual([]);
  });

  it('may not be dated in the future', () => {
    expect(
      checkValuationDates(report({ valuationDate: '2026-03-02', validUntil: '2027-01-01' }), { today: '2026-03-01', limitDays: 1461 }),
    ).toEqual([{ field: 'valuationDate', rule: 'must not be in the future (today is 2026-03-01)' }]);
  });

  it('may not be dated further back than the back-dating limit', () => {
    expect(checkValuationDates(report({ valuationDate: '2026-02-19' }), { today: '2026-03-01', limitDays: 10 })).toEqual([]);
    expect(checkValuationDates(report({ valuationDate: '2026-02-18' }), { today: '2026-03-01', limitDays: 10 })).toEqual([
      { field: 'valuationDate', rule: 'must not be more than 10 days back (BACKDATING_LIMIT_DAYS): on or after 2026-02-19' },
    ]);
  });

  it('must stay valid after its valuation date', () => {
    expect(checkValuationDates(report({ validUntil: '2026-03-01' }), { today: '2026-12-31', limitDays: 1461 })).toEqual([
      { field: 'validUntil', rule: 'must be after valuationDate' },
    ]);
  });
});
