// Filing deadlines are counted in working days (工作日) on the PRC calendar: weekends are off,
// public holidays are off, and some weekends are make-up working days (调休). That calendar is
// published each year by the State Council, so it is data here, never a rule in code.
import { addDays, dayOfWeek, isAfter, isBefore, LocalDate } from './local-date';

export interface HolidayCalendar {
  readonly name: string;
  /** Where the dates come from, so a reader can check them. */
  readonly source: string;
  /** The calendar only knows holidays in [coversFrom, coversTo]; counting outside it is refused. */
  readonly coversFrom: LocalDate;
  readonly coversTo: LocalDate;
  /** Weekdays that are days off (法定节假日 and the bridging days around them). */
  readonly holidays: readonly LocalDate[];
  /** Saturdays and Sundays that are working days (调休上班). */
  readonly makeUpWorkingDays: readonly LocalDate[];
}

export class CalendarNotCoveredError extends Error {
  readonly code = 'calendar-not-covered';
  constructor(date: LocalDate, calendar: HolidayCalendar) {
    super(
      `the holiday calendar "${calendar.name}" covers ${calendar.coversFrom}..${calendar.coversTo} only; ` +
        `counting working days at ${date} needs the next year's State Council holiday notice added to it`,
    );
    this.name = 'CalendarNotCoveredError';
  }
}

export function isWorkingDay(date: LocalDate, calendar: HolidayCalendar): boolean {
  // Silently treating an unknown year's holidays as working days would move deadlines, so refuse.
  if (isBefore(date, calendar.coversFrom) || isAfter(date, calendar.coversTo)) {
    throw new CalendarNotCoveredError(date, calendar);
  }
  if (calendar.makeUpWorkingDays.includes(date)) {
    return true;
  }
  if (calendar.holidays.includes(date)) {
    return false;
  }
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6;
}

/** The n-th working day after `date` (the start day itself is never counted). */
export function addWorkingDays(date: LocalDate, workingDays: number, calendar: HolidayCalendar): LocalDate {
  if (!Number.isSafeInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`working days must be a non-negative integer, got ${workingDays}`);
  }
  let current = date;
  let counted = 0;
  while (counted < workingDays) {
    current = addDays(current, 1);
    if (isWorkingDay(current, calendar)) {
      counted += 1;
    }
  }
  return current;
}

/** Filing on the last allowed working day is in time; any day after it is late. */
export function isLate(startedOn: LocalDate, filedOn: LocalDate, workingDays: number, calendar: HolidayCalendar): boolean {
  return isAfter(filedOn, addWorkingDays(startedOn, workingDays, calendar));
}

/**
 * The PRC public holidays of 2025 as published in the State Council General Office notice on the
 * 2025 holiday arrangements (国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号).
 * 2026 is deliberately left out: its dates are not certain enough here, and a wrong holiday
 * would move a legal deadline. Add it from the published notice before counting into 2026.
 */
export const PRC_CALENDAR_2025: HolidayCalendar = {
  name: 'PRC 2025',
  source: '国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)',
  coversFrom: '2025-01-01',
  coversTo: '2025-12-31',
  holidays: [
    '2025-01-01', // 元旦
    '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', // 春节 1/28–2/4
    '2025-02-03', '2025-02-04',
    '2025-04-04', // 清明 4/4–4/6
    '2025-05-01', '2025-05-02', '2025-05-05', // 劳动节 5/1–5/5
    '2025-06-02', // 端午 5/31–6/2
    '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08', // 国庆·中秋 10/1–10/8
  ],
  makeUpWorkingDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};
