// The worked example of docs/servicing.md, shared by the specs: 1,200,000.00 at 3.60 % for 12
// months from 2026-01-15, ACT/360, 等额本息 unless overridden; and a schedule's rows as one line
// each, so that a test lists them as the docs do. Test-only (test-support/ is left out of the build).
import { Money, Rate } from '@ipledger/money';
import type { ScheduledInstalment, ScheduleTerms } from '../repayment-schedule';

export const exampleTerms = (overrides: Partial<ScheduleTerms> = {}): ScheduleTerms => ({
  principal: Money.of('1200000.00'),
  annualRate: Rate.of('0.036'),
  disbursedOn: '2026-01-15',
  termMonths: 12,
  method: 'equal-instalment',
  dayCount: 'ACT/360',
  periodMonths: 1,
  ...overrides,
});

/** number, due day, days, principal, interest, amount, closing principal. */
export const rowOf = (each: ScheduledInstalment): string =>
  [
    each.number,
    each.dueOn,
    each.days,
    each.principal.toString(),
    each.interest.toString(),
    each.amount.toString(),
    each.closingPrincipal.toString(),
  ].join(' ');
