import { Prisma } from './database';
import { toValuation, type ValuationRow } from './valuation-records';
import { toValuationResponse } from './valuation-response';

const row: ValuationRow = {
  id: 'valuation-1',
  pledgeId: 'pledge-1',
  appraiserOrgId: 'appraiser-1',
  method: 'income',
  appraisedValue: new Prisma.Decimal('12000000.5'),
  valuationDate: new Date('2026-01-15T00:00:00.000Z'),
  validUntil: new Date('2027-01-14T00:00:00.000Z'),
  reportNumber: null,
  actorRole: 'appraiser',
  actorUserId: 'user-3',
  recordedAt: new Date('2026-01-15T06:07:08.009Z'),
};

describe('a valuation row read into the domain record', () => {
  it('carries the value as Money and DATE columns as calendar days', () => {
    const valuation = toValuation(row);
    expect(valuation.appraisedValue.toString()).toBe('12000000.50');
    expect(valuation.valuationDate).toBe('2026-01-15');
    expect(valuation.validUntil).toBe('2027-01-14');
  });

  it('refuses a method the contracts do not know', () => {
    expect(() => toValuation({ ...row, method: 'guesswork' })).toThrow();
  });
});

describe('the HTTP answer for a valuation', () => {
  it('gives the value with two decimals, days as YYYY-MM-DD and the recording instant as ISO-8601', () => {
    expect(toValuationResponse(toValuation(row))).toEqual({
      id: 'valuation-1',
      pledgeId: 'pledge-1',
      appraiserOrgId: 'appraiser-1',
      method: 'income',
      appraisedValue: '12000000.50',
      valuationDate: '2026-01-15',
      validUntil: '2027-01-14',
      reportNumber: null,
      recordedAt: '2026-01-15T06:07:08.009Z',
    });
  });
});
