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

/**
 * The PRC public holidays of 2026 as published in the State Council General Office notice of
 * 4 November 2025 (国务院办公厅关于2026年部分节假日安排的通知). Weekend days inside a holiday are
 * off anyway; only the weekdays off and the weekend working days change the count.
 */
export const PRC_CALENDAR_2026: HolidayCalendar = {
  name: 'PRC 2026',
  source: '国务院办公厅关于2026年部分节假日安排的通知 (2025年11月4日)',
  coversFrom: '2026-01-01',
  coversTo: '2026-12-31',
  holidays: [
    '2026-01-01', '2026-01-02', // 元旦 1/1–1/3
    '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23', // 春节 2/15–2/23
    '2026-04-06', // 清明 4/4–4/6
    '2026-05-01', '2026-05-04', '2026-05-05', // 劳动节 5/1–5/5
    '2026-06-19', // 端午 6/19–6/21
    '2026-09-25', // 中秋 9/25–9/27
    '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', // 国庆 10/1–10/7
  ],
  makeUpWorkingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

/**
 * Consecutive years' calendars as one. They must follow each other without a gap, so a count can
 * never cross a year nobody entered.
 */
export function joinCalendars(calendars: readonly HolidayCalendar[]): HolidayCalendar {
  if (calendars.length === 0) throw new RangeError('joinCalendars needs at least one calendar');
  calendars.slice(1).forEach((calendar, index) => {
    if (addDays(calendars[index].coversTo, 1) !== calendar.coversFrom) {
      throw new RangeError(`${calendar.name} must start the day after ${calendars[index].name} ends`);
    }
  });
  return {
    name: calendars.map((calendar) => calendar.name).join(' + '),
    source: calendars.map((calendar) => calendar.source).join('; '),
    coversFrom: calendars[0].coversFrom,
    coversTo: calendars[calendars.length - 1].coversTo,
    holidays: calendars.flatMap((calendar) => calendar.holidays),
    makeUpWorkingDays: calendars.flatMap((calendar) => calendar.makeUpWorkingDays),
  };
}

/**
 * The calendar filing deadlines are counted on. 2027 is not in it yet: the State Council publishes
 * each year's notice in the November before, and a deadline that reaches into 2027 is refused
 * (CalendarNotCoveredError) until that notice is entered here as data.
 */
export const PRC_CALENDAR: HolidayCalendar = joinCalendars([PRC_CALENDAR_2025, PRC_CALENDAR_2026]);
