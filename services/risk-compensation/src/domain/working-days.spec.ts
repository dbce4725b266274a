import { addWorkingDays, CalendarNotCoveredError, HolidayCalendar, isLate, isWorkingDay, PRC_CALENDAR_2025 } from './working-days';

// A small explicit calendar, independent of the real one: one holiday on Wednesday 2024-01-03
// and a make-up working Saturday 2024-01-06.
const TEST_CALENDAR: HolidayCalendar = {
  name: 'test',
  source: 'test fixture',
  coversFrom: '2024-01-01',
  coversTo: '2024-01-31',
  holidays: ['2024-01-03'],
  makeUpWorkingDays: ['2024-01-06'],
};

describe('counting working days on a holiday calendar', () => {
  it('skips weekends and listed holidays and counts make-up working days', () => {
    const sut = addWorkingDays;
    expect(sut('2024-01-02', 1, TEST_CALENDAR)).toBe('2024-01-04'); // Wed 3rd is a holiday
    expect(sut('2024-01-05', 1, TEST_CALENDAR)).toBe('2024-01-06'); // Saturday worked
    expect(sut('2024-01-06', 1, TEST_CALENDAR)).toBe('2024-01-08'); // Sunday off
    expect(sut('2024-01-05', 0, TEST_CALENDAR)).toBe('2024-01-05');
  });

  it('knows the 2025 Spring Festival and National Day arrangements', () => {
    expect(isWorkingDay('2025-01-26', PRC_CALENDAR_2025)).toBe(true); // Sunday, 调休
    expect(isWorkingDay('2025-01-28', PRC_CALENDAR_2025)).toBe(false);
    expect(isWorkingDay('2025-02-04', PRC_CALENDAR_2025)).toBe(false);
    expect(isWorkingDay('2025-02-08', PRC_CALENDAR_2025)).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2025-10-08', PRC_CALENDAR_2025)).toBe(false);
    expect(isWorkingDay('2025-10-11', PRC_CALENDAR_2025)).toBe(true);
    expect(addWorkingDays('2025-01-24', 2, PRC_CALENDAR_2025)).toBe('2025-01-27');
    expect(addWorkingDays('2025-01-27', 1, PRC_CALENDAR_2025)).toBe('2025-02-05');
  });

  it('puts a 10-working-day deadline from Friday 2025-09-26 on 2025-10-16, across the National Day holiday', () => {
    // Sep 28 (Sun, worked), 29, 30, then Oct 1–8 off, Oct 9, 10, 11 (Sat, worked), 13, 14, 15, 16.
    expect(addWorkingDays('2025-09-26', 10, PRC_CALENDAR_2025)).toBe('2025-10-16');
    expect(isLate('2025-09-26', '2025-10-16', 10, PRC_CALENDAR_2025)).toBe(false);
    expect(isLate('2025-09-26', '2025-10-17', 10, PRC_CALENDAR_2025)).toBe(true);
  });

  it('refuses to count outside the years the calendar knows, rather than guess holidays', () => {
    expect(() => addWorkingDays('2025-12-30', 5, PRC_CALENDAR_2025)).toThrow(CalendarNotCoveredError);
    expect(() => addWorkingDays('2025-01-01', -1, PRC_CALENDAR_2025)).toThrow(RangeError);
  });
});
