import { LPR_HISTORY, lprHistoryEnds, lprOn } from './reference-rates';

describe('the LPR as dated data', () => {
  it('is the latest publication on or before the day asked about', () => {
    expect(lprOn('2025-05-19').toString()).toBe('0.031');
    expect(lprOn('2025-05-20').toString()).toBe('0.03');
    expect(lprOn('2024-02-20', '5Y+').toString()).toBe('0.0395');
    expect(lprOn('2024-02-19', '5Y+').toString()).toBe('0.042');
    expect(lprOn('2019-08-20').toString()).toBe('0.0425');
  });

  it('refuses a day before the reform and a non-date, and says where the table ends', () => {
    expect(() => lprOn('2019-08-19')).toThrow(/no LPR is in force on 2019-08-19: the table starts on 2019-08-20/);
    expect(() => lprOn('2025-13-01')).toThrow(RangeError);
    expect(lprHistoryEnds()).toBe('2025-05-20');
  });

  it('lists each change once, oldest first', () => {
    const days = LPR_HISTORY.map((publication) => publication.effectiveOn);
    expect([...days].sort()).toEqual(days);
    expect(new Set(days).size).toBe(days.length);
  });
});
