import fc from 'fast-check';
import { addDays, daysBetween } from '@ipledger/calendar';
import { Money, Rate } from '@ipledger/money';
import { interestForDays } from './day-count';
import { rescheduleAfterPrepayment, type Prepayment, type PrepaymentChoice } from './early-repayment';
import { buildSchedule, type RepaymentSchedule, type ScheduledInstalment } from './repayment-schedule';
import { arbitraryTerms } from './test-support/arbitrary-terms';
import { exampleTerms, rowOf } from './test-support/worked-example';

// Every figure below was computed independently of this library with Python's decimal module,
// rounding half-up to the fen wherever the rules round (interest of a stretch of days, the level
// instalment), and is explained in the comments.

const terms = exampleTerms;
const row = rowOf;

const prepay = (on: string, principal: string, choice: PrepaymentChoice): Prepayment => ({ on, principal: Money.of(principal), choice });

describe('early repayment, worked examples', () => {
  // The 1,200,000.00 loan at 3.60 % for 12 months from 2026-01-15, ACT/360, 等额本息
  // (repayment-schedule.spec.ts): level instalment 101,960.71, total interest 23,764.09.
  // 200,000.00 of principal is prepaid on 2026-04-01, inside the third period (2026-03-15 →
  // 2026-04-15), which opened with 1,002,883.51 outstanding.
  //   Third period's interest, in two parts rounded separately:
  //     1,002,883.51 × 0.036 × 17 ÷ 360 (03-15 → 04-01) = 1,704.901967 → 1,704.90
  //       802,883.51 × 0.036 × 14 ÷ 360 (04-01 → 04-15) = 1,124.036914 → 1,124.04
  //     together 2,828.94 (instead of 3,108.94).
  //   Principal left after the prepayment: 1,002,883.51 − 200,000.00 = 802,883.51, over the ten
  //   due dates 2026-04-15 … 2027-01-15.
  const schedule = buildSchedule(terms());

  // 减少月供: the new level instalment on 802,883.51 over 10 months at 0.003 a month is
  // 802,883.51 × 0.003 ÷ (1 − 1.003⁻¹⁰) = 81,619.061187… → 81,619.06. The third instalment pays
  // 81,619.06 − 2,828.94 = 78,790.12 of principal, leaving 724,093.39; May's interest is
  // 724,093.39 × 0.036 × 30 ÷ 360 = 2,172.28, and so on; the last pays off 81,985.50.
  // Total interest: 3,720.00 + 3,084.93 (kept) + 17,927.69 = 20,732.62.
  it('减少月供: the same due dates, a new level instalment of 81,619.06 from the third period', () => {
    const after = rescheduleAfterPrepayment(schedule, prepay('2026-04-01', '200000.00', 'reduce-instalment'));
    expect(after.instalments.map(row)).toEqual([
      '1 2026-02-15 31 98240.71 3720.00 101960.71 1101759.29',
      '2 2026-03-15 28 98875.78 3084.93 101960.71 1002883.51',
      '3 2026-04-15 31 78790.12 2828.94 81619.06 724093.39',
      '4 2026-05-15 30 79446.78 2172.28 81619.06 644646.61',
      '5 2026-06-15 31 79620.66 1998.40 81619.06 565025.95',
      '6 2026-07-15 30 79923.98 1695.08 81619.06 485101.97',
      '7 2026-08-15 31 80115.24 1503.82 81619.06 404986.73',
      '8 2026-09-15 31 80363.60 1255.46 81619.06 324623.13',
      '9 2026-10-15 30 80645.19 973.87 81619.06 243977.94',
      '10 2026-11-15 31 80862.73 756.33 81619.06 163115.21',
      '11 2026-12-15 30 81129.71 489.35 81619.06 81985.50',
      '12 2027-01-15 31 81985.50 254.16 82239.66 0.00',
    ]);
    expect(after.instalments[2]?.openingPrincipal.toString()).toBe('1002883.51');
    expect(after.maturityDate).toBe('2027-01-15');
    expect(after.totalInterest.toString()).toBe('20732.62');
    expect(after.terms).toBe(schedule.terms);
  });

  // 缩短期限: every instalment stays 101,960.71. The third pays 101,960.71 − 2,828.94 = 99,131.77
  // of principal, leaving 703,751.74; May: 703,751.74 × 0.036 × 30 ÷ 360 = 2,111.26 of interest,
  // 99,849.45 of principal; … after October 100,275.83 is left, and the November instalment,
  // 100,275.83 + 310.86 = 100,586.69, pays it off: the loan ends 2026-11-15, two months early.
  // Total interest: 3,720.00 + 3,084.93 + 11,428.15 = 18,233.08.
  it('缩短期限: the same 101,960.71 a month, paid off on 2026-11-15 instead of 2027-01-15', () => {
    const after = rescheduleAfterPrepayment(schedule, prepay('2026-04-01', '200000.00', 'shorten-term'));
    expect(after.instalments.map(row)).toEqual([
      '1 2026-02-15 31 98240.71 3720.00 101960.71 1101759.29',
      '2 2026-03-15 28 98875.78 3084.93 101960.71 1002883.51',
      '3 2026-04-15 31 99131.77 2828.94 101960.71 703751.74',
      '4 2026-05-15 30 99849.45 2111.26 101960.71 603902.29',
      '5 2026-06-15 31 100088.61 1872.10 101960.71 503813.68',
      '6 2026-07-15 30 100449.27 1511.44 101960.71 403364.41',
      '7 2026-08-15 31 100710.28 1250.43 101960.71 302654.13',
      '8 2026-09-15 31 101022.48 938.23 101960.71 201631.65',
      '9 2026-10-15 30 101355.82 604.89 101960.71 100275.83',
      '10 2026-11-15 31 100275.83 310.86 100586.69 0.00',
    ]);
    expect(after.maturityDate).toBe('2026-11-15');
    expect(after.totalInterest.toString()).toBe('18233.08');
  });

  // The same loan 等额本金 (100,000.00 a month): the third period opened with 1,000,000.00, so its
  // interest is 1,000,000 × 0.036 × 17 ÷ 360 = 1,700.00 + 800,000 × 0.036 × 14 ÷ 360 = 1,120.00.
  // 减少月供: 800,000.00 ÷ 10 = 80,000.00 a month (May: 720,000 × 0.036 × 30 ÷ 360 = 2,160.00 …);
  // 缩短期限: still 100,000.00 a month, so eight instalments instead of ten.
  it('等额本金: 80,000.00 a month over the same dates, or 100,000.00 a month ending in November', () => {
    const equalPrincipal = buildSchedule(terms({ method: 'equal-principal' }));
    const reduced = rescheduleAfterPrepayment(equalPrincipal, prepay('2026-04-01', '200000.00', 'reduce-instalment'));
    expect(reduced.instalments.slice(2, 5).map(row)).toEqual([
      '3 2026-04-15 31 80000.00 2820.00 82820.00 720000.00',
      '4 2026-05-15 30 80000.00 2160.00 82160.00 640000.00',
      '5 2026-06-15 31 80000.00 1984.00 81984.00 560000.00',
    ]);
    expect(reduced.instalments.map(row)[11]).toBe('12 2027-01-15 31 80000.00 248.00 80248.00 0.00');
    expect(reduced.totalInterest.toString()).toBe('20604.00');

    const shortened = rescheduleAfterPrepayment(equalPrincipal, prepay('2026-04-01', '200000.00', 'shorten-term'));
    expect(shortened.instalments.slice(2).map(row)).toEqual([
      '3 2026-04-15 31 100000.00 2820.00 102820.00 700000.00',
      '4 2026-05-15 30 100000.00 2100.00 102100.00 600000.00',
      '5 2026-06-15 31 100000.00 1860.00 101860.00 500000.00',
      '6 2026-07-15 30 100000.00 1500.00 101500.00 400000.00',
      '7 2026-08-15 31 100000.00 1240.00 101240.00 300000.00',
      '8 2026-09-15 31 100000.00 930.00 100930.00 200000.00',
      '9 2026-10-15 30 100000.00 600.00 100600.00 100000.00',
      '10 2026-11-15 31 100000.00 310.00 100310.00 0.00',
    ]);
    expect([shortened.maturityDate, shortened.totalInterest.toString()]).toEqual(['2026-11-15', '18160.00']);
  });

  // 500,000.00 at 4.00 % from 2024-02-29, one payment at maturity 2025-02-28 (365 days). 100,000.00
  // prepaid on 2024-08-29: 500,000 × 0.04 × 182 ÷ 360 = 10,111.11 + 400,000 × 0.04 × 183 ÷ 360 =
  // 8,133.33; 400,000.00 still due at maturity, whichever the choice.
  it('到期一次还本付息: only the interest changes, the rest of the principal is due at maturity', () => {
    const bullet = buildSchedule(
      terms({ method: 'bullet', principal: Money.of('500000.00'), annualRate: Rate.of('0.04'), disbursedOn: '2024-02-29' }),
    );
    for (const choice of ['shorten-term', 'reduce-instalment'] as const) {
      const after = rescheduleAfterPrepayment(bullet, prepay('2024-08-29', '100000.00', choice));
      expect(after.instalments.map(row)).toEqual(['1 2025-02-28 365 400000.00 18244.44 418244.44 0.00']);
    }
  });

  // Prepaying all 1,002,883.51 on 2026-04-01: interest up to that day only, 1,704.90 (the second
  // part is interest on 0.00), no principal left for the third instalment, which is the last.
  it('a prepayment of everything outstanding makes the current instalment the last, with interest up to the day', () => {
    for (const choice of ['shorten-term', 'reduce-instalment'] as const) {
      const after = rescheduleAfterPrepayment(schedule, prepay('2026-04-01', '1002883.51', choice));
      expect(after.instalments.slice(2).map(row)).toEqual(['3 2026-04-15 31 0.00 1704.90 1704.90 0.00']);
      expect(after.maturityDate).toBe('2026-04-15');
    }
  });

  // On a due date the prepayment opens the next period: 2026-03-15's instalment is kept, and the
  // third period's interest is 802,883.51 × 0.036 × 31 ÷ 360 = 2,488.94 (0 days on the old principal).
  it('on a due date, falls at the start of the next period', () => {
    const after = rescheduleAfterPrepayment(schedule, prepay('2026-03-15', '200000.00', 'shorten-term'));
    expect(after.instalments.slice(0, 2)).toEqual(schedule.instalments.slice(0, 2));
    expect(after.instalments[2]?.interest.toString()).toBe('2488.94');
  });

  it('refuses a day outside the loan, a principal of nothing or more than is outstanding, and a second prepayment in a period', () => {
    expect(() => rescheduleAfterPrepayment(schedule, prepay('2026-01-15', '1.00', 'shorten-term'))).toThrow(
      /after the disbursement \(2026-01-15\) and before maturity \(2027-01-15\), got 2026-01-15/,
    );
    expect(() => rescheduleAfterPrepayment(schedule, prepay('2027-01-15', '1.00', 'shorten-term'))).toThrow(RangeError);
    expect(() => rescheduleAfterPrepayment(schedule, prepay('2026-02-30', '1.00', 'shorten-term'))).toThrow(RangeError);
    expect(() => rescheduleAfterPrepayment(schedule, prepay('2026-04-01', '0.00', 'reduce-instalment'))).toThrow(RangeError);
    expect(() => rescheduleAfterPrepayment(schedule, prepay('2026-04-01', '-5.00', 'reduce-instalment'))).toThrow(RangeError);
    expect(() => rescheduleAfterPrepayment(schedule, prepay('2026-04-01', '1002883.52', 'reduce-instalment'))).toThrow(
      /at most the 1002883.51 outstanding on 2026-04-01, got 1002883.52/,
    );
    const once = rescheduleAfterPrepayment(schedule, prepay('2026-04-01', '200000.00', 'reduce-instalment'));
    expect(() => rescheduleAfterPrepayment(once, prepay('2026-04-10', '1000.00', 'reduce-instalment'))).toThrow(/already has a prepayment/);
  });
});

/** Loan terms, a day strictly inside the loan, and a prepaid principal between 0.01 and everything outstanding on it. */
const arbitraryPrepayment = fc
  .record({
    terms: arbitraryTerms,
    day: fc.nat(),
    fen: fc.bigInt({ min: 0n, max: 1n << 62n }),
    everything: fc.boolean(),
    choice: fc.constantFrom<PrepaymentChoice>('shorten-term', 'reduce-instalment'),
  })
  .map(({ terms: drawn, day, fen, everything, choice }) => {
    const schedule = buildSchedule(drawn);
    const on = addDays(drawn.disbursedOn, 1 + (day % (daysBetween(drawn.disbursedOn, schedule.maturityDate) - 1)));
    const current = schedule.instalments.find((each) => each.dueOn > on) as ScheduledInstalment;
    const outstanding = current.openingPrincipal.toFen();
    // A loan of a few fen can have paid off its principal before the day: nothing to prepay then.
    if (outstanding === 0n) return undefined;
    const principal = Money.fromFen(everything ? outstanding : 1n + (fen % outstanding));
    return { schedule, prepayment: { on, principal, choice }, current };
  })
  .filter((drawn) => drawn !== undefined);

const principalOf = (schedule: RepaymentSchedule) => Money.sum(schedule.instalments.map((each) => each.principal));

describe('early repayment, properties', () => {
  it('keeps the instalments due by the day exactly, and returns the principal to the fen with nothing left after the last', () => {
    fc.assert(
      fc.property(arbitraryPrepayment, ({ schedule, prepayment }) => {
        const after = rescheduleAfterPrepayment(schedule, prepayment);
        const kept = schedule.instalments.filter((each) => each.dueOn <= prepayment.on);
        const last = after.instalments[after.instalments.length - 1];
        expect(after.instalments.slice(0, kept.length)).toEqual(kept);
        expect(principalOf(after).plus(prepayment.principal).toString()).toBe(schedule.terms.principal.toString());
        expect(last?.closingPrincipal.toString()).toBe('0.00');
        expect(last?.dueOn).toBe(after.maturityDate);
        expect(after.totalInterest.toString()).toBe(Money.sum(after.instalments.map((each) => each.interest)).toString());
      }),
      { numRuns: 300 },
    );
  });

  it('reduce-instalment keeps the due dates (but for a prepayment of everything), shorten-term never ends later', () => {
    fc.assert(
      fc.property(arbitraryPrepayment, ({ schedule, prepayment, current }) => {
        const after = rescheduleAfterPrepayment(schedule, prepayment);
        const dueDates = after.instalments.map((each) => each.dueOn);
        const oldDueDates = schedule.instalments.map((each) => each.dueOn);
        if (prepayment.principal.eq(current.openingPrincipal)) {
          expect(dueDates).toEqual(oldDueDates.slice(0, current.number));
        } else if (prepayment.choice === 'reduce-instalment') {
          expect(dueDates).toEqual(oldDueDates);
        } else {
          expect(oldDueDates.slice(0, dueDates.length)).toEqual(dueDates);
        }
        expect(after.maturityDate <= schedule.maturityDate).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('charges the split interest in the prepayment period and the interest on the opening principal after it; no amount is negative', () => {
    fc.assert(
      fc.property(arbitraryPrepayment, ({ schedule, prepayment, current }) => {
        const after = rescheduleAfterPrepayment(schedule, prepayment);
        const { annualRate, dayCount } = schedule.terms;
        const split = interestForDays(current.openingPrincipal, annualRate, daysBetween(current.startsOn, prepayment.on), dayCount).plus(
          interestForDays(
            current.openingPrincipal.minus(prepayment.principal),
            annualRate,
            daysBetween(prepayment.on, current.dueOn),
            dayCount,
          ),
        );
        let opening = current.openingPrincipal.minus(prepayment.principal);
        for (const each of after.instalments.slice(current.number - 1)) {
          const expected = each.number === current.number ? split : interestForDays(opening, annualRate, each.days, dayCount);
          expect(each.interest.toString()).toBe(expected.toString());
          expect(each.closingPrincipal.toString()).toBe(opening.minus(each.principal).toString());
          opening = each.closingPrincipal;
        }
        after.instalments.forEach((each, index) => {
          expect(each.number).toBe(index + 1);
          for (const amount of [each.openingPrincipal, each.principal, each.interest, each.amount, each.closingPrincipal]) {
            expect(amount.isNegative()).toBe(false);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('shorten-term asks no more of any later period than the old schedule did (等额本息 and 等额本金)', () => {
    fc.assert(
      fc.property(arbitraryPrepayment, ({ schedule, prepayment, current }) => {
        fc.pre(prepayment.choice === 'shorten-term' && ['equal-instalment', 'equal-principal'].includes(schedule.terms.method));
        const after = rescheduleAfterPrepayment(schedule, prepayment);
        for (const each of after.instalments.slice(current.number)) {
          const old = schedule.instalments[each.number - 1] as ScheduledInstalment;
          expect(each.amount.lte(old.amount)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('takes a second prepayment in a later period of the schedule it returned', () => {
    fc.assert(
      fc.property(
        arbitraryPrepayment,
        fc.nat(),
        fc.constantFrom<PrepaymentChoice>('shorten-term', 'reduce-instalment'),
        (drawn, day, choice) => {
          const { schedule, prepayment } = drawn;
          const once = rescheduleAfterPrepayment(schedule, prepayment);
          const next = once.instalments.find((each) => each.dueOn > prepayment.on && each.startsOn > prepayment.on);
          fc.pre(next !== undefined && next.openingPrincipal.isPositive() && daysBetween(next.startsOn, once.maturityDate) > 1);
          const on = addDays(next.startsOn, day % daysBetween(next.startsOn, once.maturityDate));
          const current = once.instalments.find((each) => each.dueOn > on) as ScheduledInstalment;
          fc.pre(current.openingPrincipal.isPositive());
          const twice = rescheduleAfterPrepayment(once, { on, principal: current.openingPrincipal.times('0.5'), choice });
          expect(principalOf(twice).plus(prepayment.principal).plus(current.openingPrincipal.times('0.5')).toString()).toBe(
            schedule.terms.principal.toString(),
          );
          expect(twice.instalments[twice.instalments.length - 1]?.closingPrincipal.toString()).toBe('0.00');
        },
      ),
      { numRuns: 200 },
    );
  });
});
