/** Dates on the wire are calendar dates (YYYY-MM-DD); PostgreSQL DATE columns come back as UTC midnight. */
export function toDateString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function fromDateString(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

const CHINA_STANDARD_TIME_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * Today's calendar date in China (UTC+8, no daylight saving): business dates such as "not in the
 * future" are judged by the users' calendar, not the server's UTC date.
 */
export function todayInChina(clock: () => Date = () => new Date()): string {
  return toDateString(new Date(clock().getTime() + CHINA_STANDARD_TIME_OFFSET_MS));
}
