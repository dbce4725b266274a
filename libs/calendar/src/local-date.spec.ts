import { addDays, addMonths, addYears, dayOfWeek, daysBetween, isLocalDate } from './local-date';

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

  it('adds months, clamping to the end of a shorter month, and refuses nonsense', () => {
    expect(addMonths('2026-03-15', 12)).toBe('2027-03-15');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(() => addMonths('2026-1-1', 1)).toThrow(RangeError);
    expect(() => addMonths('2026-01-01', -1)).toThrow(RangeError);
    expect(() => addMonths('2026-01-01', 1.5)).toThrow(RangeError);
  });

  it('counts days 算头不算尾: the first day, not the last', () => {
    expect(daysBetween('2026-01-01', '2026-01-01')).toBe(0);
    expect(daysBetween('2026-01-01', '2026-01-31')).toBe(30);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(0);
  });
});
