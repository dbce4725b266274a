/** Dates on the wire are calendar dates (YYYY-MM-DD); PostgreSQL DATE columns come back as UTC midnight. */
export function toDateString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function fromDateString(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function todayUtc(clock: () => Date = () => new Date()): string {
  return toDateString(clock());
}
