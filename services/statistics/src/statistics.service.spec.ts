import { Money } from '@ipledger/money';
import { defaultRate, yearElapsedPercent } from './statistics.service';

const counter = (metric: 'loans-disbursed' | 'loans-defaulted', count: number) => ({ year: 2025, metric, count, amount: Money.zero() });

describe('derived figures', () => {
  it('gives the default rate half-up in percent, null when no loan was disbursed', () => {
    expect(defaultRate([counter('loans-disbursed', 3), counter('loans-defaulted', 2)], 2025)).toBe('66.67');
    expect(defaultRate([counter('loans-disbursed', 4)], 2025)).toBe('0.00');
    expect(defaultRate([counter('loans-defaulted', 1)], 2025)).toBeNull();
  });

  it('gives the share of the year gone', () => {
    expect(yearElapsedPercent(2024, '2025-03-01')).toBe('100.00');
    expect(yearElapsedPercent(2026, '2025-03-01')).toBe('0.00');
    expect(yearElapsedPercent(2025, '2025-12-31')).toBe('100.00');
    expect(yearElapsedPercent(2025, '2025-01-01')).toBe('0.27');
  });
});
