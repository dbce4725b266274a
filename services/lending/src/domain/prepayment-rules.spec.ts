import { buildSchedule } from '@ipledger/loan-servicing';
import { Money, Rate } from '@ipledger/money';
import { decidePrepayment } from './prepayment-rules';
import type { ScheduleArrears } from './schedule-arrears';

const schedule = buildSchedule({
  principal: Money.of('1200000.00'),
  annualRate: Rate.of('0.036'),
  disbursedOn: '2026-01-15',
  termMonths: 12,
  method: 'equal-instalment',
  dayCount: 'ACT/360',
  periodMonths: 1,
});
const current: ScheduleArrears = {
  asOf: '2026-01-25',
  overdueSince: null,
  daysPastDue: 0,
  oldestUnpaid: null,
  interestInArrears: Money.zero(),
  nextDueOn: '2026-02-15',
};
const input = (principal: string, overrides: Partial<Parameters<typeof decidePrepayment>[0]> = {}) => ({
  outstandingPrincipal: Money.of('1200000.00'),
  arrears: current,
  schedule,
  prepayment: { on: '2026-01-25', principal: Money.of(principal), choice: 'shorten-term' as const },
  ...overrides,
});

describe('an early repayment (提前还款)', () => {
  it('makes the schedule anew from the day: 300,000.00 prepaid leaves 900,000.00 to schedule, over fewer periods', () => {
    const decision = decidePrepayment(input('300000.00'));
    if (!decision.ok) throw new Error(decision.issue.rule);
    expect(Money.sum(decision.schedule.instalments.map((each) => each.principal)).toString()).toBe('900000.00');
    expect(decision.schedule.instalments.length).toBeLessThan(12);
    expect(decision.schedule.maturityDate < schedule.maturityDate).toBe(true);
  });

  it('refuses while an instalment is unpaid after its due day, naming it', () => {
    const decision = decidePrepayment(input('1000.00', { arrears: { ...current, oldestUnpaid: { number: 1, dueOn: '2026-02-15' } } }));
    expect(decision).toEqual({ ok: false, issue: expect.objectContaining({ field: 'principalAmount', code: 'arrears-first' }) });
    expect(!decision.ok && decision.issue.rule).toContain('instalment 1, due 2026-02-15');
  });

  it('refuses more than is outstanding, and a day the schedule cannot take', () => {
    expect(decidePrepayment(input('1200000.01'))).toEqual({
      ok: false,
      issue: expect.objectContaining({ code: 'prepayment-beyond-outstanding' }),
    });
    const atMaturity = decidePrepayment(
      input('1000.00', { prepayment: { on: schedule.maturityDate, principal: Money.of('1000.00'), choice: 'shorten-term' } }),
    );
    expect(atMaturity).toEqual({ ok: false, issue: expect.objectContaining({ code: 'prepayment-not-schedulable' }) });
  });
});
