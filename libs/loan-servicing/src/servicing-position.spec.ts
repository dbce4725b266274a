import fc from 'fast-check';
import { addDays } from '@ipledger/calendar';
import { Money, Rate } from '@ipledger/money';
import { buildSchedule } from './repayment-schedule';
import { arbitraryTerms } from './test-support/arbitrary-terms';
import { servicingPosition, type ReceivedPayment } from './servicing-position';

// 1,200,000.00 at 3.60 % 等额本金 from 2026-01-15 (repayment-schedule.spec.ts): the first
// instalment, 100,000.00 principal and 3,720.00 interest, is due on 2026-02-15. Penalty rate
// 3.60 % × 1.5 = 5.40 %, a day 0.054 / 360 = 0.00015: on 103,720.00 that is 15.558 a day.
const schedule = buildSchedule({
  principal: Money.of('1200000.00'),
  annualRate: Rate.of('0.036'),
  disbursedOn: '2026-01-15',
  termMonths: 12,
  method: 'equal-principal',
  dayCount: 'ACT/360',
  periodMonths: 1,
});
const paid = (paidOn: string, amount: string): ReceivedPayment => ({ paidOn, amount: Money.of(amount) });

describe('where a loan stands, worked examples', () => {
  it('is current when every instalment is paid on its due day: no penalty, nothing overdue', () => {
    const position = servicingPosition(schedule, [paid('2026-02-15', '103720.00'), paid('2026-03-15', '103080.00')], '2026-03-20');

    expect(position.instalments.slice(0, 3).map((each) => [each.state, each.settledOn])).toEqual([
      ['settled', '2026-02-15'],
      ['settled', '2026-03-15'],
      ['upcoming', null],
    ]);
    expect([position.daysPastDue, position.bucket, position.riskClass, position.overdueSince]).toEqual([0, 'C', 'normal', null]);
    expect(position.penaltyAccrued.toString()).toBe('0.00');
    expect(position.outstandingPrincipal.toString()).toBe('1000000.00');
  });

  // Unpaid from 2026-02-15 to 2026-03-01: 14 days of penalty, 15.558 × 14 = 217.812 → 217.81.
  it('slips overdue by itself: days past due from the due day, penalty interest on principal and interest', () => {
    const position = servicingPosition(schedule, [], '2026-03-01');

    expect(position.instalments[0]?.state).toBe('overdue');
    expect([position.overdueSince, position.daysPastDue, position.bucket, position.riskClass]).toEqual([
      '2026-02-16',
      14,
      'M1',
      'special-mention',
    ]);
    expect([position.overduePrincipal.toString(), position.overdueInterest.toString(), position.penaltyAccrued.toString()]).toEqual([
      '100000.00',
      '3720.00',
      '217.81',
    ]);
    expect(servicingPosition(schedule, [], '2026-02-15').instalments[0]?.state).toBe('due-today');
  });

  it('allocates a late payment to penalty first, then interest, then principal', () => {
    const position = servicingPosition(schedule, [paid('2026-03-01', '103937.81')], '2026-03-01');

    expect(position.allocations).toEqual([
      {
        paidOn: '2026-03-01',
        amount: Money.of('103937.81'),
        penalty: Money.of('217.81'),
        interest: Money.of('3720.00'),
        principal: Money.of('100000.00'),
        excess: Money.of('0.00'),
        parts: [{ number: 1, interest: Money.of('3720.00'), principal: Money.of('100000.00') }],
      },
    ]);
    expect([position.daysPastDue, position.penaltyLeft.toString(), position.instalments[0]?.settledOn]).toEqual([0, '0.00', '2026-03-01']);
  });

  // 50,000.00 on 2026-02-20: penalty for 5 days, 77.79; interest 3,720.00; principal 46,202.21.
  // 53,797.79 stays overdue: 53,797.79 × 0.00015 = 8.0696685 a day for 9 days to 2026-03-01,
  // 72.6270165; penalty accrued 77.79 + 72.6270165 = 150.4170165 → 150.42, of which 72.63 unpaid.
  it('charges penalty on what is left after a partial payment', () => {
    const position = servicingPosition(schedule, [paid('2026-02-20', '50000.00')], '2026-03-01');

    expect(position.allocations[0]).toMatchObject({
      penalty: Money.of('77.79'),
      interest: Money.of('3720.00'),
      principal: Money.of('46202.21'),
    });
    expect([position.overduePrincipal.toString(), position.penaltyAccrued.toString(), position.penaltyLeft.toString()]).toEqual([
      '53797.79',
      '150.42',
      '72.63',
    ]);
    expect(position.daysPastDue).toBe(14);
  });

  it('settles an instalment paid before its due day, and counts anything beyond the whole schedule as excess', () => {
    const early = servicingPosition(schedule, [paid('2026-02-10', '103720.00')], '2026-02-16');
    expect([early.instalments[0]?.state, early.instalments[0]?.settledOn, early.daysPastDue]).toEqual(['settled', '2026-02-10', 0]);

    const everything = Money.sum(schedule.instalments.map((each) => each.amount));
    const overpaid = servicingPosition(schedule, [paid('2026-01-20', everything.plus(Money.of('5.00')).toString())], '2026-01-20');
    expect([overpaid.allocations[0]?.excess.toString(), overpaid.outstandingPrincipal.toString()]).toEqual(['5.00', '0.00']);
  });

  it('moves through the buckets and risk classes as the days pass (五级分类 floor)', () => {
    const bullet = buildSchedule({ ...schedule.terms, method: 'bullet' });
    const daysLate = (days: number) => servicingPosition(bullet, [], addDays(bullet.maturityDate, days));
    expect([daysLate(30).bucket, daysLate(31).bucket, daysLate(181).bucket]).toEqual(['M1', 'M2', 'M7+']);
    expect([daysLate(90).riskClass, daysLate(91).riskClass, daysLate(271).riskClass, daysLate(361).riskClass]).toEqual([
      'special-mention',
      'substandard',
      'doubtful',
      'loss',
    ]);
  });

  it('ignores payments after the day asked about', () => {
    expect(servicingPosition(schedule, [paid('2026-02-15', '103720.00')], '2026-02-14').allocations).toEqual([]);
  });
});

describe('where a loan stands, properties', () => {
  it('a loan paid on every due day closes on maturity with no penalty', () => {
    fc.assert(
      fc.property(arbitraryTerms, (terms) => {
        const built = buildSchedule(terms);
        const position = servicingPosition(
          built,
          built.instalments.map((each) => ({ paidOn: each.dueOn, amount: each.amount })),
          built.maturityDate,
        );
        return (
          position.outstandingPrincipal.isZero() &&
          position.penaltyAccrued.isZero() &&
          position.daysPastDue === 0 &&
          position.instalments.every((each) => each.state === 'settled')
        );
      }),
      { numRuns: 50 },
    );
  });

  it('every yuan received is allocated exactly once: penalty + interest + principal + excess', () => {
    const payments = fc.array(fc.record({ offset: fc.integer({ min: -30, max: 1300 }), fen: fc.bigInt({ min: 1n, max: 200_000_000n }) }), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(arbitraryTerms, payments, (terms, drawn) => {
        const built = buildSchedule(terms);
        const received = drawn.map((each) => ({ paidOn: addDays(terms.disbursedOn, each.offset), amount: Money.fromFen(each.fen) }));
        const position = servicingPosition(built, received, addDays(terms.disbursedOn, 1300));
        const principalAllocated = Money.sum(position.allocations.map((each) => each.principal));
        return (
          position.allocations.length === received.length &&
          position.allocations.every((each) => each.penalty.plus(each.interest).plus(each.principal).plus(each.excess).eq(each.amount)) &&
          principalAllocated.plus(position.outstandingPrincipal).eq(terms.principal) &&
          !position.penaltyLeft.isNegative()
        );
      }),
      { numRuns: 40 },
    );
  });
});
