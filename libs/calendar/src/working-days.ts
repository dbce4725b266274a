// Deadlines are counted in working days (工作日) on the PRC calendar: weekends are off, public
// holidays are off, and some weekends are make-up working days (调休). The State Council publishes
// each year's arrangement in the November before, so the calendar is data: years as published,
// entered by the bureau (risk-compensation keeps the maintained copy; these are the years shipped).
//
// A year nobody has entered yet is counted Monday to Friday and the count says it is provisional:
// refusing instead would stop every deadline that reaches into the new year from mid-December on.
import { addDays, dayOfWeek, isAfter, LocalDate, yearOf } from './local-date';

/** One year's arrangement as the State Council notice states it. */
export interface CalendarYear {
  readonly year: number;
  /** Where the dates come from, so a reader can check them. */
  readonly source: string;
  /** Weekdays that are days off (法定节假日 and the bridging days around them). */
  readonly holidays: readonly LocalDate[];
  /** Saturdays and Sundays that are working days (调休上班). */
  readonly makeUpWorkingDays: readonly LocalDate[];
}

/** The entered years, looked up by date. Build it with `workingDayCalendar`. */
export interface WorkingDayCalendar {
  readonly years: ReadonlyMap<number, CalendarYear>;
  readonly holidays: ReadonlySet<LocalDate>;
  readonly makeUpWorkingDays: ReadonlySet<LocalDate>;
}

/** Why a set of years cannot be a calendar (a date outside its year, a year twice, a weekday "made up"). */
export function calendarYearIssues(year: CalendarYear): string[] {
  const issues: string[] = [];
  if (!Number.isSafeInteger(year.year) || year.year < 1949 || year.year > 9999) issues.push(`year ${year.year} is not a calendar year`);
  for (const date of year.holidays) {
    if (yearOf(date) !== year.year) issues.push(`holiday ${date} is not in ${year.year}`);
  }
  for (const date of year.makeUpWorkingDays) {
    if (yearOf(date) !== year.year) issues.push(`make-up working day ${date} is not in ${year.year}`);
    else if (!isWeekend(date)) issues.push(`make-up working day ${date} is a weekday (only a Saturday or Sunday can be made up)`);
    if (year.holidays.includes(date)) issues.push(`${date} is listed both as a holiday and as a make-up working day`);
  }
  return issues;
}

export function workingDayCalendar(years: readonly CalendarYear[]): WorkingDayCalendar {
  const byYear = new Map<number, CalendarYear>();
  for (const year of years) {
    const issues = calendarYearIssues(year);
    if (issues.length > 0) throw new RangeError(`calendar year ${year.year}: ${issues.join('; ')}`);
    if (byYear.has(year.year)) throw new RangeError(`calendar year ${year.year} is entered twice`);
    byYear.set(year.year, year);
  }
  return {
    years: byYear,
    holidays: new Set(years.flatMap((year) => year.holidays)),
    makeUpWorkingDays: new Set(years.flatMap((year) => year.makeUpWorkingDays)),
  };
}

function isWeekend(date: LocalDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

export function isEnteredYear(year: number, calendar: WorkingDayCalendar): boolean {
  return calendar.years.has(year);
}

/** In a year not entered, Monday to Friday (see `countWorkingDays` for how that is flagged). */
export function isWorkingDay(date: LocalDate, calendar: WorkingDayCalendar): boolean {
  if (calendar.makeUpWorkingDays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return !isWeekend(date);
}

export interface WorkingDayCount {
  /** The n-th working day after the start (the start day itself is never counted). */
  readonly date: LocalDate;
  /** Years the count went through that are not entered: counted Monday to Friday. */
  readonly provisionalYears: readonly number[];
  readonly provisional: boolean;
}

export function countWorkingDays(date: LocalDate, workingDays: number, calendar: WorkingDayCalendar): WorkingDayCount {
  if (!Number.isSafeInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`working days must be a non-negative integer, got ${workingDays}`);
  }
  const provisionalYears = new Set<number>();
  let current = date;
  let counted = 0;
  while (counted < workingDays) {
    current = addDays(current, 1);
    if (!isEnteredYear(yearOf(current), calendar)) provisionalYears.add(yearOf(current));
    if (isWorkingDay(current, calendar)) counted += 1;
  }
  const years = [...provisionalYears].sort((a, b) => a - b);
  return { date: current, provisionalYears: years, provisional: years.length > 0 };
}

/** The n-th working day after `date` (the start day itself is never counted). */
export function addWorkingDays(date: LocalDate, workingDays: number, calendar: WorkingDayCalendar): LocalDate {
  return countWorkingDays(date, workingDays, calendar).date;
}

/** Filing on the last allowed working day is in time; any day after it is late. */
export function isLate(startedOn: LocalDate, filedOn: LocalDate, workingDays: number, calendar: WorkingDayCalendar): boolean {
  return isAfter(filedOn, addWorkingDays(startedOn, workingDays, calendar));
}

/**
 * The PRC public holidays of 2025 as published in the State Council General Office notice on the
 * 2025 holiday arrangements (国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号).
 */
export const PRC_2025: CalendarYear = {
  year: 2025,
  source: '国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)',
  holidays: [
    '2025-01-01', // 元旦
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31', // 春节 1/28–2/4
    '2025-02-03',
    '2025-02-04',
    '2025-04-04', // 清明 4/4–4/6
    '2025-05-01',
    '2025-05-02',
    '2025-05-05', // 劳动节 5/1–5/5
    '2025-06-02', // 端午 5/31–6/2
    '2025-10-01',
    '2025-10-02',
    '2025-10-03',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08', // 国庆·中秋 10/1–10/8
  ],
  makeUpWorkingDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};

/**
 * The PRC public holidays of 2026 as published in the State Council General Office notice of
 * 4 November 2025 (国务院办公厅关于2026年部分节假日安排的通知). Weekend days inside a holiday are
 * off anyway; only the weekdays off and the weekend working days change the count.
 */
export const PRC_2026: CalendarYear = {
  year: 2026,
  source: '国务院办公厅关于2026年部分节假日安排的通知 (2025年11月4日)',
  holidays: [
    '2026-01-01',
    '2026-01-02', // 元旦 1/1–1/3
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-23', // 春节 2/15–2/23
    '2026-04-06', // 清明 4/4–4/6
    '2026-05-01',
    '2026-05-04',
    '2026-05-05', // 劳动节 5/1–5/5
    '2026-06-19', // 端午 6/19–6/21
    '2026-09-25', // 中秋 9/25–9/27
    '2026-10-01',
    '2026-10-02',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07', // 国庆 10/1–10/7
  ],
  makeUpWorkingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

/** The years this release ships, each from its State Council notice. */
export const SHIPPED_CALENDAR_YEARS: readonly CalendarYear[] = [PRC_2025, PRC_2026];

/** The calendar of the shipped years alone (a service with a maintained copy builds its own). */
export const PRC_CALENDAR: WorkingDayCalendar = workingDayCalendar(SHIPPED_CALENDAR_YEARS);
