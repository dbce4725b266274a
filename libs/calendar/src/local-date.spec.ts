import { addDays, addYears, dayOfWeek, isLocalDate } from './local-date';

describe('calendar dates', () => {
  it('accepts only real dates in YYYY-MM-DD', () => {
    expect(isLocalDate('2025-02-28')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-2-28')).toBe(false);
    expect(isLocalDate(20250228)).toBe(false);
  });

  it('adds days and years across month ends and leap days', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2025-06-30', -3)).toBe('2022-06-30');
    expect(dayOfWeek('2025-10-01')).toBe(3);
  });
});
