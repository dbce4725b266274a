import { maturityDate } from './maturity';

describe('the maturity date of a loan', () => {
  it('is the same day termMonths later', () => {
    expect(maturityDate('2026-03-15', 12)).toBe('2027-03-15');
    expect(maturityDate('2026-03-15', 1)).toBe('2026-04-15');
  });

  it('crosses year ends', () => {
    expect(maturityDate('2026-11-30', 3)).toBe('2027-02-28');
    expect(maturityDate('2026-12-01', 36)).toBe('2029-12-01');
  });

  it('clamps to the end of a shorter month', () => {
    expect(maturityDate('2026-01-31', 1)).toBe('2026-02-28');
    expect(maturityDate('2028-01-31', 1)).toBe('2028-02-29');
    expect(maturityDate('2026-03-31', 6)).toBe('2026-09-30');
  });

  it('moves 29 February to 28 February in a common year', () => {
    expect(maturityDate('2024-02-29', 12)).toBe('2025-02-28');
    expect(maturityDate('2024-02-29', 48)).toBe('2028-02-29');
  });
});
