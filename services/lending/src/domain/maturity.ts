// Calendar arithmetic on YYYY-MM-DD dates (no time zones: the dates are contract dates).

/**
 * The date `months` calendar months after `date`, clamped to the end of the month when that
 * month is shorter: 2026-01-31 + 1 month = 2026-02-28; 2024-02-29 + 12 months = 2025-02-28.
 */
export function addMonths(date: string, months: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
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

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** A loan matures `termMonths` after it is disbursed. */
export function maturityDate(disbursedOn: string, termMonths: number): string {
  return addMonths(disbursedOn, termMonths);
}
