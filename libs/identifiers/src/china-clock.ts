// "In the future" is judged on the calendar of the issuing office (Beijing time, UTC+8): on the
// morning of 1 January in Beijing, the UTC year is still the previous one.
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

export function currentYearInChina(now: Date = new Date()): number {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).getUTCFullYear();
}
