import fc from 'fast-check';
import { addDays, daysBetween } from '@ipledger/calendar';
import { Money, Rate } from '@ipledger/money';
import { interestAccruedBefore, interestAccruedBetween, interestAccruedOn } from './interest-accrual';
import { buildSchedule } from './repayment-schedule';
import { rescheduleAfterPrepayment } from './early-repayment';
import { arbitraryTerms } from './test-support/arbitrary-terms';

// 1,000,000.00 at 4.35 % interest-only from 2026-03-31 (repayment-schedule.spec.ts): April's
// interest is 3,625.00 for 30 days, 120.8333… a day.
const schedule = buildSchedule({
  principal: Money.of('1000000.00'),
  annualRate: Rate.of('0.0435'),
  disbursedOn: '2026-03-31',
  termMonths: 6,
  method: 'interest-only',
  dayCount: 'ACT/360',
  periodMonths: 1,
});

describe('daily interest accrual, worked example', () => {
  it('accrues 120.83 on most days and 120.84 on every third, so that April adds up to 3,625.00', () => {
    // Before the n-th day: round(120.8333… × n): 120.83, 241.67, 362.50 → the days accrue 120.83, 120.84, 120.83.
    expect(interestAccruedOn(schedule, '2026-03-31').toString()).toBe('120.83');
    expect(interestAccruedOn(schedule, '2026-04-01').toString()).toBe('120.84');
    expect(interestAccruedOn(schedule, '2026-04-02').toString()).toBe('120.83');
    expect(interestAccruedBetween(schedule, '2026-03-31', '2026-04-30').toString()).toBe('3625.00');
  });

  it('accrues nothing before the disbursement and nothing from maturity on', () => {
    expect(interestAccruedOn(schedule, '2026-03-30').toString()).toBe('0.00');
    expect(interestAccruedOn(schedule, '2026-09-30').toString()).toBe('0.00');
    expect(interestAccruedBefore(schedule, '2027-01-01').toString()).toBe(schedule.totalInterest.toString());
  });
});

describe('daily interest accrual, properties', () => {
  it('adds up over every period, day by day, to exactly the interest the schedule charges for it', () => {
    fc.assert(
      fc.property(arbitraryTerms, (terms) => {
        const built = buildSchedule(terms);
        return built.instalments.every((instalment) => {
          let sum = Money.zero();
          for (let day = instalment.startsOn; day < instalment.dueOn; day = addDays(day, 1)) sum = sum.plus(interestAccruedOn(built, day));
          return sum.eq(instalment.interest);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('over any stretch equals the sum of its parts however it is split, and never goes negative', () => {
    fc.assert(
      fc.property(arbitraryTerms, fc.nat(1200), fc.nat(1200), fc.nat(1200), (terms, a, b, c) => {
        const built = buildSchedule(terms);
        const [first, middle, last] = [a, b, c].sort((x, y) => x - y).map((offset) => addDays(terms.disbursedOn, offset - 30)) as [
          string,
          string,
          string,
        ];
        const whole = interestAccruedBetween(built, first, last);
        const parts = interestAccruedBetween(built, first, middle).plus(interestAccruedBetween(built, middle, last));
        return whole.eq(parts) && !interestAccruedOn(built, middle).isNegative() && daysBetween(first, last) >= 0;
      }),
    );
  });

  it('after a prepayment, adds up day by day to every row of the new schedule and never goes negative', () => {
    fc.assert(
      fc.property(arbitraryTerms, fc.nat(1000), fc.integer({ min: 1, max: 99 }), fc.boolean(), (terms, offset, percent, shorten) => {
        const built = buildSchedule(terms);
        const on = addDays(terms.disbursedOn, 1 + (offset % Math.max(1, daysBetween(terms.disbursedOn, built.maturityDate) - 1)));
        const current = built.instalments.find((instalment) => instalment.dueOn > on);
        if (current === undefined) return true;
        const principal = current.openingPrincipal.times(Rate.of(`0.${String(percent).padStart(2, '0')}`));
        if (!principal.isPositive()) return true;
        const after = rescheduleAfterPrepayment(built, { on, principal, choice: shorten ? 'shorten-term' : 'reduce-instalment' });
        return after.instalments.every((instalment) => {
          let sum = Money.zero();
          for (let day = instalment.startsOn; day < instalment.dueOn; day = addDays(day, 1)) {
            const accrued = interestAccruedOn(after, day);
            if (accrued.isNegative()) return false;
            sum = sum.plus(accrued);
          }
          return sum.eq(instalment.interest);
        });
      }),
      { numRuns: 40 },
    );
  });
});
