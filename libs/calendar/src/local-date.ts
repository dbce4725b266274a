// Calendar dates without a time of day ("2025-10-08"). Defaults, filings and disbursements are
// legal dates in China's one time zone; carrying them as instants would let a server's TZ move a
// filing across a deadline. All arithmetic here is on UTC midnight so it cannot drift.

/** An ISO calendar date, YYYY-MM-DD. */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') {
    return false;
  }
  const match = LOCAL_DATE.exec(value);
  if (match === null) {
    return false;
  }
  // Round-trips only for real dates: 2025-02-30 comes back as 2025-03-02.
  return toIso(toUtcMs(value)) === value;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return toIso(toUtcMs(date) + days * MS_PER_DAY);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** ISO dates compare correctly as strings; named so call sites read as date logic. */
export function isBefore(a: LocalDate, b: LocalDate): boolean {
  return a < b;
}

export function isAfter(a: LocalDate, b: LocalDate): boolean {
  return a > b;
}

/**
 * The date `months` calendar months after `date`, clamped to the end of the month when that
 * month is shorter: 2026-01-31 + 1 month = 2026-02-28; 2024-02-29 + 12 months = 2025-02-28.
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const match = LOCAL_DATE.exec(date);
  if (!match || !Number.isInteger(months) || months < 0) throw new RangeError(`cannot add ${months} months to ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const monthIndex = month - 1 + months;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${String(targetYear).padStart(4, '0')}-${pad(targetMonth)}-${pad(targetDay)}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Whole calendar days from `from` to `to`, counted 算头不算尾 (the first day counts, the last does
 * not): interest for a loan repaid on the day it was disbursed is for 0 days. 0 when `to` is not
 * after `from`.
 */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.max(0, Math.round((toUtcMs(to) - toUtcMs(from)) / MS_PER_DAY));
}

/** The same calendar day `years` later (29 Feb falls back to 28 Feb). */
export function addYears(date: LocalDate, years: number): LocalDate {
  const year = String(yearOf(date) + years).padStart(4, '0');
  const candidate = `${year}${date.slice(4)}`;
  return isLocalDate(candidate) ? candidate : `${year}-02-28`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function toUtcMs(date: LocalDate): number {
  const match = LOCAL_DATE.exec(date);
  if (match === null) {
    throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function toIso(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}
