// Dates of facts that happened outside the system (a disbursement, a repayment, a loan falling
// overdue or into default, a deal's contract): the caller states them, the server bounds them.
// Never in the future (today is the server's, in China), never before the facts they follow, and
// not further back than a configured limit (BACKDATING_LIMIT_DAYS). The date a command is
// received, decided, approved or paid is never the caller's: it is the server clock's today.
// Pure; every broken rule comes back at once.
import { addDays, type LocalDate } from './local-date';

/**
 * 4 years: the longest loan runs 36 months, and a fact of its last day may still be reported up
 * to a year later (a migration of history; the demo seed's three years, begun in January).
 */
export const DEFAULT_BACKDATING_LIMIT_DAYS = 1461;

export interface BackdatingBounds {
  /** Today in China, from the server's clock. */
  readonly today: LocalDate;
  /** How many days back a caller may date an outside fact (BACKDATING_LIMIT_DAYS). */
  readonly limitDays: number;
}

/** A fact the dated one follows: the date must not be before it. */
export interface EarlierFact {
  readonly date: LocalDate;
  /** Reads in "must not be before <what> (<date>)", e.g. "the loan was disbursed". */
  readonly what: string;
}

/** One broken rule on one field (the contracts' FieldIssue has this shape). */
export interface DateIssue {
  field: string;
  rule: string;
}

/** The earliest date a caller may give for an outside fact today. */
export function earliestBackdate(bounds: BackdatingBounds): LocalDate {
  return addDays(bounds.today, -bounds.limitDays);
}

export function outsideFactDateIssues(
  field: string,
  date: LocalDate,
  bounds: BackdatingBounds,
  follows: readonly EarlierFact[] = [],
): DateIssue[] {
  const issues: DateIssue[] = [];
  if (date > bounds.today) issues.push({ field, rule: `must not be in the future (today is ${bounds.today})` });
  const earliest = earliestBackdate(bounds);
  if (date < earliest) {
    issues.push({ field, rule: `must not be more than ${bounds.limitDays} days back (BACKDATING_LIMIT_DAYS): on or after ${earliest}` });
  }
  for (const fact of follows) {
    if (date < fact.date) issues.push({ field, rule: `must not be before ${fact.what} (${fact.date})` });
  }
  return issues;
}
