import fc from 'fast-check';
import { Money, Rate } from '@ipledger/money';
import { interestForDays } from './day-count';
import { buildSchedule, levelInstalment, type ScheduleTerms } from './repayment-schedule';
import { arbitraryTerms } from './test-support/arbitrary-terms';
import { exampleTerms, rowOf } from './test-support/worked-example';

const terms = exampleTerms;

/** One row per instalment: number, due day, days, principal, interest, amount, closing principal. */
const rows = (scheduleTerms: ScheduleTerms) => buildSchedule(scheduleTerms).instalments.map(rowOf);

describe('a repayment schedule, worked examples', () => {
  // 1,200,000.00 at 3.60 % for 12 months from 2026-01-15, ACT/360. Periodic rate 0.036 / 12 = 0.003;
  // level instalment 1,200,000 × 0.003 / (1 − 1.003^−12) = 101,960.7085… → 101,960.71. Each month's
  // interest is on its actual days: February (28 days) 1,101,759.29 × 0.036 × 28 / 360 = 3,084.93.
  it('等额本息: a level instalment, interest for the actual days first, the last pays off the rest', () => {
    expect(levelInstalment(Money.of('1200000.00'), Rate.of('0.036'), 1, 12).toString()).toBe('101960.71');
    expect(rows(terms())).toEqual([
      '1 2026-02-15 31 98240.71 3720.00 101960.71 1101759.29',
      '2 2026-03-15 28 98875.78 3084.93 101960.71 1002883.51',
      '3 2026-04-15 31 98851.77 3108.94 101960.71 904031.74',
      '4 2026-05-15 30 99248.61 2712.10 101960.71 804783.13',
      '5 2026-06-15 31 99465.88 2494.83 101960.71 705317.25',
      '6 2026-07-15 30 99844.76 2115.95 101960.71 605472.49',
      '7 2026-08-15 31 100083.75 1876.96 101960.71 505388.74',
      '8 2026-09-15 31 100394.00 1566.71 101960.71 404994.74',
      '9 2026-10-15 30 100745.73 1214.98 101960.71 304249.01',
      '10 2026-11-15 31 101017.54 943.17 101960.71 203231.47',
      '11 2026-12-15 30 101351.02 609.69 101960.71 101880.45',
      '12 2027-01-15 31 101880.45 315.83 102196.28 0.00',
    ]);
    expect(buildSchedule(terms()).totalInterest.toString()).toBe('23764.09');
  });

  // The same loan repaid 100,000.00 of principal a month: interest 1,200,000 × 0.036 × 31 / 360 =
  // 3,720.00 in January, 1,100,000 × 0.036 × 28 / 360 = 3,080.00 in February, …
  it('等额本金: the same principal every month plus the interest on what is left', () => {
    expect(rows(terms({ method: 'equal-principal' }))).toEqual([
      '1 2026-02-15 31 100000.00 3720.00 103720.00 1100000.00',
      '2 2026-03-15 28 100000.00 3080.00 103080.00 1000000.00',
      '3 2026-04-15 31 100000.00 3100.00 103100.00 900000.00',
      '4 2026-05-15 30 100000.00 2700.00 102700.00 800000.00',
      '5 2026-06-15 31 100000.00 2480.00 102480.00 700000.00',
      '6 2026-07-15 30 100000.00 2100.00 102100.00 600000.00',
      '7 2026-08-15 31 100000.00 1860.00 101860.00 500000.00',
      '8 2026-09-15 31 100000.00 1550.00 101550.00 400000.00',
      '9 2026-10-15 30 100000.00 1200.00 101200.00 300000.00',
      '10 2026-11-15 31 100000.00 930.00 100930.00 200000.00',
      '11 2026-12-15 30 100000.00 600.00 100600.00 100000.00',
      '12 2027-01-15 31 100000.00 310.00 100310.00 0.00',
    ]);
  });

  // 1,000,000.00 at 4.35 % from 31 March: due days keep to the month's end (30 April, 31 May, …);
  // a 30-day month's interest is 1,000,000 × 0.0435 × 30 / 360 = 3,625.00, a 31-day one 3,745.83.
  it('先息后本: interest every month, the principal at maturity', () => {
    expect(
      rows(
        terms({
          method: 'interest-only',
          principal: Money.of('1000000.00'),
          annualRate: Rate.of('0.0435'),
          disbursedOn: '2026-03-31',
          termMonths: 6,
        }),
      ),
    ).toEqual([
      '1 2026-04-30 30 0.00 3625.00 3625.00 1000000.00',
      '2 2026-05-31 31 0.00 3745.83 3745.83 1000000.00',
      '3 2026-06-30 30 0.00 3625.00 3625.00 1000000.00',
      '4 2026-07-31 31 0.00 3745.83 3745.83 1000000.00',
      '5 2026-08-31 31 0.00 3745.83 3745.83 1000000.00',
      '6 2026-09-30 30 1000000.00 3625.00 1003625.00 0.00',
    ]);
  });

  // 500,000.00 at 4.00 % from 29 February 2024 for a year: due 28 February 2025, 365 days.
  // ACT/360: 500,000 × 0.04 × 365 / 360 = 20,277.78; ACT/365: exactly 20,000.00.
  it('到期一次还本付息: one payment at maturity, its interest by the day count', () => {
    const bullet = terms({ method: 'bullet', principal: Money.of('500000.00'), annualRate: Rate.of('0.04'), disbursedOn: '2024-02-29' });
    expect(rows(bullet)).toEqual(['1 2025-02-28 365 500000.00 20277.78 520277.78 0.00']);
    expect(rows({ ...bullet, dayCount: 'ACT/365' })).toEqual(['1 2025-02-28 365 500000.00 20000.00 520000.00 0.00']);
  });

  it('pays quarterly when the contract says so, ending with a shorter period at maturity', () => {
    const quarterly = buildSchedule(terms({ method: 'interest-only', termMonths: 7, periodMonths: 3 }));
    expect(quarterly.instalments.map((each) => each.dueOn)).toEqual(['2026-04-15', '2026-07-15', '2026-08-15']);
    expect(quarterly.maturityDate).toBe('2026-08-15');
  });

  it('at 0 % splits the principal evenly and charges nothing', () => {
    const free = buildSchedule(terms({ annualRate: Rate.of('0'), principal: Money.of('100.00'), termMonths: 3 }));
    expect(free.instalments.map((each) => each.amount.toString())).toEqual(['33.33', '33.33', '33.34']);
    expect(free.totalInterest.toString()).toBe('0.00');
  });

  it('refuses terms no loan can have', () => {
    expect(() => buildSchedule(terms({ principal: Money.of('0.00') }))).toThrow(RangeError);
    expect(() => buildSchedule(terms({ termMonths: 0 }))).toThrow(RangeError);
    expect(() => buildSchedule(terms({ termMonths: 1.5 }))).toThrow(RangeError);
    expect(() => buildSchedule(terms({ periodMonths: 2 as never }))).toThrow(RangeError);
  });
});

describe('a repayment schedule, properties', () => {
  it('returns exactly the principal, to the fen, and ends at maturity with nothing outstanding', () => {
    fc.assert(
      fc.property(arbitraryTerms, (scheduleTerms) => {
        const schedule = buildSchedule(scheduleTerms);
        const returned = Money.sum(schedule.instalments.map((each) => each.principal));
        const last = schedule.instalments[schedule.instalments.length - 1];
        return returned.eq(scheduleTerms.principal) && last?.closingPrincipal.isZero() === true && last.dueOn === schedule.maturityDate;
      }),
    );
  });

  it('charges each period the interest on its opening principal for its actual days, and never lets principal go negative', () => {
    fc.assert(
      fc.property(arbitraryTerms, (scheduleTerms) => {
        const schedule = buildSchedule(scheduleTerms);
        let opening = scheduleTerms.principal;
        let startsOn = scheduleTerms.disbursedOn;
        for (const each of schedule.instalments) {
          const interest = interestForDays(opening, scheduleTerms.annualRate, each.days, scheduleTerms.dayCount);
          if (!each.openingPrincipal.eq(opening) || each.startsOn !== startsOn || !each.interest.eq(interest)) return false;
          if (each.principal.isNegative() || each.closingPrincipal.isNegative()) return false;
          opening = each.closingPrincipal;
          startsOn = each.dueOn;
        }
        return true;
      }),
    );
  });

  it('等额本息 instalments are level but for the last (a loan of 1,000.00 or more: a few fen can run out before the end)', () => {
    fc.assert(
      fc.property(arbitraryTerms, fc.bigInt({ min: 100_000n, max: 5_000_000_000n }), (scheduleTerms, fen) => {
        const principal = Money.fromFen(fen);
        const schedule = buildSchedule({ ...scheduleTerms, principal, method: 'equal-instalment', annualRate: Rate.of('0.0435') });
        const amounts = new Set(schedule.instalments.slice(0, -1).map((each) => each.amount.toString()));
        return amounts.size <= 1;
      }),
    );
  });
});
