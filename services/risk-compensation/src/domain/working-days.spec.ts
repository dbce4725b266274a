import {
  addWorkingDays,
  CalendarNotCoveredError,
  HolidayCalendar,
  isLate,
  isWorkingDay,
  joinCalendars,
  PRC_CALENDAR,
  PRC_CALENDAR_2025,
  PRC_CALENDAR_2026,
} from './working-days';

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

describe('the 2026 calendar and the joined calendar', () => {
  it('knows the 2026 Spring Festival and its make-up Saturdays', () => {
    expect(isWorkingDay('2026-02-13', PRC_CALENDAR_2026)).toBe(true); // Friday before
    expect(isWorkingDay('2026-02-14', PRC_CALENDAR_2026)).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2026-02-16', PRC_CALENDAR_2026)).toBe(false);
    expect(isWorkingDay('2026-02-23', PRC_CALENDAR_2026)).toBe(false); // Monday, last day off
    expect(isWorkingDay('2026-02-24', PRC_CALENDAR_2026)).toBe(true);
    expect(isWorkingDay('2026-02-28', PRC_CALENDAR_2026)).toBe(true); // Saturday, 调休
  });

  it('counts across the Spring Festival: one working day late is late', () => {
    // Default on Thursday 2026-02-12: Fri 13 (1), Sat 14 调休 (2), off from the 15th to Mon 23rd, Tue 24 (3), Wed 25 (4), Thu 26 (5)
    expect(addWorkingDays('2026-02-12', 5, PRC_CALENDAR)).toBe('2026-02-26');
    expect(isLate('2026-02-12', '2026-02-26', 5, PRC_CALENDAR)).toBe(false);
    expect(isLate('2026-02-12', '2026-02-27', 5, PRC_CALENDAR)).toBe(true);
    // From a holiday (Fri 20): Tue 24, Wed 25, Thu 26, Fri 27, then the 调休 Saturday 28 is the 5th working day, not Mon 2 March.
    expect(addWorkingDays('2026-02-20', 4, PRC_CALENDAR)).toBe('2026-02-27');
    expect(addWorkingDays('2026-02-20', 5, PRC_CALENDAR)).toBe('2026-02-28');
  });

  it('counts from December 2025 into January 2026 across New Year', () => {
    // Tue 30, Wed 31, (Jan 1-3 off), Sun 4 (调休), Mon 5
    expect(addWorkingDays('2025-12-29', 4, PRC_CALENDAR)).toBe('2026-01-05');
  });

  it('refuses to count into a year nobody entered, and refuses gaps between joined years', () => {
    expect(() => addWorkingDays('2026-12-28', 10, PRC_CALENDAR)).toThrow(CalendarNotCoveredError);
    expect(() => joinCalendars([PRC_CALENDAR_2026, PRC_CALENDAR_2025])).toThrow(RangeError);
  });
});
