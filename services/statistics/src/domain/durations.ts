// Days from application to registration, kept as a histogram per year (days → how many pledges),
// so the median and the 90th percentile are exact without keeping every pledge's row in the query.
// Nearest-rank method: the p-th percentile is the smallest value with at least p % of the
// observations at or below it.

export type Histogram = ReadonlyMap<number, number>;

export function percentile(histogram: Histogram, p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`a percentile is in (0, 100], got ${p}`);
  const total = [...histogram.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (const days of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(days) ?? 0;
    if (seen >= rank) return days;
  }
  return null;
}

/** Whole days between two dates (YYYY-MM-DD), never negative. */
export function daysBetween(from: string, to: string): number {
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  return Math.max(0, days);
}
