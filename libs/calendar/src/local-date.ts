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

/** The same calendar day `years` later (29 Feb falls back to 28 Feb). */
export function addYears(date: LocalDate, years: number): LocalDate {
  const year = String(yearOf(date) + years).padStart(4, '0');
  const candidate = `${year}${date.slice(4)}`;
  return isLocalDate(candidate) ? candidate : `${year}-02-28`;
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
