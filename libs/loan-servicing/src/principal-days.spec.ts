import { Money } from '@ipledger/money';
import { Dec } from '@ipledger/money';
import { buildSchedule, REPAYMENT_METHODS } from './repayment-schedule';
import { principalDaysBetween } from './principal-days';
import { exampleTerms } from './test-support/worked-example';

describe('principalDaysBetween', () => {
  // 等额本金 1,200,000.00 over 12 months from 2026-01-15: 100,000.00 of principal a month.
  const schedule = buildSchedule(exampleTerms({ method: 'equal-principal' }));

  it('sums each day’s opening principal: two whole periods', () => {
    // 2026-01-15 → 02-15: 31 days × 1,200,000.00; 02-15 → 03-15: 28 days × 1,100,000.00.
    expect(principalDaysBetween(schedule, '2026-01-15', '2026-03-15').toString()).toBe('68000000.00');
  });

  it('counts the first day and not the last (算头不算尾) across a due day', () => {
    // 02-01 → 02-15: 14 days × 1,200,000.00 = 16,800,000; 02-15 → 02-20: 5 days × 1,100,000.00 = 5,500,000.
    expect(principalDaysBetween(schedule, '2026-02-01', '2026-02-20').toString()).toBe('22300000.00');
  });

  it('is zero outside the loan’s life and for an empty stretch', () => {
    expect(principalDaysBetween(schedule, '2025-01-01', '2026-01-15').toString()).toBe('0.00');
    expect(principalDaysBetween(schedule, '2027-01-15', '2027-06-01').toString()).toBe('0.00');
    expect(principalDaysBetween(schedule, '2026-03-01', '2026-03-01').toString()).toBe('0.00');
  });

  it.each(REPAYMENT_METHODS)('for %s, each period’s principal-days × rate ÷ 360 is its scheduled interest', (method) => {
    const each = buildSchedule(exampleTerms({ method }));
    for (const instalment of each.instalments) {
      const days = principalDaysBetween(each, instalment.startsOn, instalment.dueOn);
      const interest = Money.of(new Dec(days.toString()).times('0.036').dividedBy(360).toFixed(2, Dec.ROUND_HALF_UP));
      expect(`${instalment.number} ${interest.toString()}`).toBe(`${instalment.number} ${instalment.interest.toString()}`);
    }
  });
});
