import { fromDateString, toDateString, todayInChina } from './dates';

describe('business dates', () => {
  it('are judged by the calendar in China (UTC+8)', () => {
    expect(todayInChina(() => new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(todayInChina(() => new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
  });

  it('round-trip between YYYY-MM-DD and DATE columns', () => {
    expect(toDateString(fromDateString('2024-02-29'))).toBe('2024-02-29');
  });
});
