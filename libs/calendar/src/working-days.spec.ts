import {
  addWorkingDays,
  countWorkingDays,
  isLate,
  isWorkingDay,
  PRC_2025,
  PRC_2026,
  PRC_CALENDAR,
  workingDayCalendar,
  type CalendarYear,
} from './working-days';

// A small explicit calendar, independent of the real one: one holiday on Wednesday 2024-01-03
// and a make-up working Saturday 2024-01-06.
const TEST_YEAR: CalendarYear = { year: 2024, source: 'test fixture', holidays: ['2024-01-03'], makeUpWorkingDays: ['2024-01-06'] };
const TEST_CALENDAR = workingDayCalendar([TEST_YEAR]);
const ONLY_2025 = workingDayCalendar([PRC_2025]);

describe('counting working days on a holiday calendar', () => {
  it('skips weekends and listed holidays and counts make-up working days', () => {
    const sut = addWorkingDays;
    expect(sut('2024-01-02', 1, TEST_CALENDAR)).toBe('2024-01-04'); // Wed 3rd is a holiday
    expect(sut('2024-01-05', 1, TEST_CALENDAR)).toBe('2024-01-06'); // Saturday worked
    expect(sut('2024-01-06', 1, TEST_CALENDAR)).toBe('2024-01-08'); // Sunday off
    expect(sut('2024-01-05', 0, TEST_CALENDAR)).toBe('2024-01-05');
  });

  it('knows the 2025 Spring Festival and National Day with their make-up days', () => {
    expect(isWorkingDay('2025-01-26', ONLY_2025)).toBe(true); // Sunday, 调休
    expect(isWorkingDay('2025-01-28', ONLY_2025)).toBe(false);
    expect(isWorkingDay('2025-02-04', ONLY_2025)).toBe(false);
    expect(isWorkingDay('2025-02-08', ONLY_2025)).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2025-10-08', ONLY_2025)).toBe(false);
    expect(isWorkingDay('2025-10-11', ONLY_2025)).toBe(true);
    expect(addWorkingDays('2025-01-24', 2, ONLY_2025)).toBe('2025-01-27');
    expect(addWorkingDays('2025-01-27', 1, ONLY_2025)).toBe('2025-02-05');
  });

  it('counts a filing deadline across the National Day holiday', () => {
    // Default on Friday 2025-09-26: Sun 9/28 is worked, 10/1–10/8 are off, Sat 10/11 is worked.
    expect(addWorkingDays('2025-09-26', 10, ONLY_2025)).toBe('2025-10-16');
    expect(isLate('2025-09-26', '2025-10-16', 10, ONLY_2025)).toBe(false);
    expect(isLate('2025-09-26', '2025-10-17', 10, ONLY_2025)).toBe(true);
  });

  it('counts a year nobody entered Monday to Friday and says the count is provisional', () => {
    const sut = countWorkingDays('2025-12-30', 5, ONLY_2025);
    // 12-31 (Wed), then 2026-01-01 (Thu, a holiday 2026 would know of), 01-02, 01-05, 01-06.
    expect(sut).toEqual({ date: '2026-01-06', provisionalYears: [2026], provisional: true });
    // With 2026 entered: 12-31, then 1/1 and 1/2 off, Sunday 1/4 worked (调休), 1/5, 1/6, 1/7.
    expect(countWorkingDays('2025-12-30', 5, PRC_CALENDAR)).toEqual({ date: '2026-01-07', provisionalYears: [], provisional: false });
    expect(countWorkingDays('2025-12-01', 3, ONLY_2025).provisional).toBe(false);
    expect(() => addWorkingDays('2025-01-01', -1, ONLY_2025)).toThrow(RangeError);
  });

  it('knows the 2026 calendar: the nine-day Spring Festival and its two make-up Saturdays', () => {
    const only2026 = workingDayCalendar([PRC_2026]);
    expect(isWorkingDay('2026-02-13', only2026)).toBe(true); // Friday before
    expect(isWorkingDay('2026-02-14', only2026)).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2026-02-16', only2026)).toBe(false);
    expect(isWorkingDay('2026-02-23', only2026)).toBe(false); // Monday, last day off
    expect(isWorkingDay('2026-02-24', only2026)).toBe(true);
    expect(isWorkingDay('2026-02-28', only2026)).toBe(true); // Saturday, 调休
  });

  it('counts across both years on the joined calendar', () => {
    expect(addWorkingDays('2026-02-12', 5, PRC_CALENDAR)).toBe('2026-02-26');
    expect(isLate('2026-02-12', '2026-02-26', 5, PRC_CALENDAR)).toBe(false);
    expect(isLate('2026-02-12', '2026-02-27', 5, PRC_CALENDAR)).toBe(true);
    expect(addWorkingDays('2026-02-20', 4, PRC_CALENDAR)).toBe('2026-02-27');
    expect(addWorkingDays('2026-02-20', 5, PRC_CALENDAR)).toBe('2026-02-28');
    expect(addWorkingDays('2025-12-29', 4, PRC_CALENDAR)).toBe('2026-01-05');
  });

  it('refuses a calendar that contradicts itself', () => {
    expect(() => workingDayCalendar([PRC_2025, PRC_2025])).toThrow(/entered twice/);
    expect(() => workingDayCalendar([{ ...TEST_YEAR, holidays: ['2023-12-31'] }])).toThrow(/not in 2024/);
    expect(() => workingDayCalendar([{ ...TEST_YEAR, makeUpWorkingDays: ['2024-01-05'] }])).toThrow(/is a weekday/);
  });
});
