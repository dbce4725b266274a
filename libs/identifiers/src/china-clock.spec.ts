import { currentYearInChina } from './china-clock';

describe('the current year in China', () => {
  it('turns at midnight Beijing time (16:00 UTC)', () => {
    expect(currentYearInChina(new Date('2025-12-31T15:59:59Z'))).toBe(2025);
    expect(currentYearInChina(new Date('2025-12-31T16:00:00Z'))).toBe(2026);
  });
});
