import { buildSchedule, servicingPosition } from '@ipledger/loan-servicing';
import { Money, Rate } from '@ipledger/money';
import { arrearsOf, scheduleDisagreements } from './schedule-arrears';

// 1,200,000.00 at 3.60 % 等额本金 from 2026-01-15 (libs/loan-servicing's worked example): the first
// instalment, 100,000.00 principal and 3,720.00 interest, is due 2026-02-15; the second, 100,000.00
// and 3,080.00 (1,100,000.00 × 0.036 × 28 ÷ 360), 2026-03-15. Penalty interest on 103,720.00 in
// arrears at 3.60 % × 1.5 ÷ 360 a day: 15.558; 14 days to 2026-03-01 make 217.812 → 217.81.
const schedule = buildSchedule({
  principal: Money.of('1200000.00'),
  annualRate: Rate.of('0.036'),
  disbursedOn: '2026-01-15',
  termMonths: 12,
  method: 'equal-principal',
  dayCount: 'ACT/360',
  periodMonths: 1,
});
const arrearsOn = (day: string, payments: { paidOn: string; amount: string }[] = []) =>
  arrearsOf(
    servicingPosition(
      schedule,
      payments.map((payment) => ({ paidOn: payment.paidOn, amount: Money.of(payment.amount) })),
      day,
    ),
  );
const claim = (overdueSince: string, overdueInterest: string) => ({ overdueSince, overdueInterest: Money.of(overdueInterest) });

describe('what the schedule has in arrears', () => {
  it('has nothing before the first due day is passed, and names the next due day', () => {
    expect(arrearsOn('2026-02-15')).toEqual({
      asOf: '2026-02-15',
      overdueSince: null,
      daysPastDue: 0,
      oldestUnpaid: null,
      interestInArrears: Money.of('0.00'),
      nextDueOn: '2026-02-15',
    });
  });

  it('counts from the day after the oldest unpaid due day, with its interest and the penalty interest', () => {
    expect(arrearsOn('2026-03-01')).toEqual({
      asOf: '2026-03-01',
      overdueSince: '2026-02-16',
      daysPastDue: 14,
      oldestUnpaid: { number: 1, dueOn: '2026-02-15' },
      // 3,720.00 unpaid interest + 217.81 penalty.
      interestInArrears: Money.of('3937.81'),
      nextDueOn: '2026-03-15',
    });
  });

  it('has nothing once the instalment is paid on its due day', () => {
    expect(arrearsOn('2026-03-01', [{ paidOn: '2026-02-15', amount: '103720.00' }]).overdueSince).toBeNull();
  });
});

describe('a bank’s overdue report checked against the schedule', () => {
  it('agrees when it dates the arrears from the schedule’s day or later, with no more interest than is in arrears', () => {
    const arrears = arrearsOn('2026-03-01');
    expect(scheduleDisagreements(claim('2026-02-16', '3937.81'), arrears)).toEqual([]);
    // A grace period the bank grants: a later first overdue day is its own affair.
    expect(scheduleDisagreements(claim('2026-02-20', '100.00'), arrears)).toEqual([]);
  });

  it('refuses a report on a loan whose schedule has nothing overdue, naming the next due day', () => {
    expect(scheduleDisagreements(claim('2026-02-01', '0.00'), arrearsOn('2026-02-10'))).toEqual([
      {
        field: 'overdueSince',
        code: 'not-overdue-by-schedule',
        rule: '按还款计划，截至 2026-02-10 没有到期未还的分期，贷款未逾期；下一期 2026-02-15 到期',
      },
    ]);
  });

  it('refuses arrears dated before the schedule’s first overdue day and interest beyond the schedule’s, each on its field', () => {
    expect(scheduleDisagreements(claim('2026-02-15', '3937.82'), arrearsOn('2026-03-01'))).toEqual([
      {
        field: 'overdueSince',
        code: 'overdue-before-schedule',
        rule: '逾期起始日 2026-02-15 早于还款计划的最早逾期日 2026-02-16（第 1 期 2026-02-15 到期未还清）',
      },
      {
        field: 'overdueInterest',
        code: 'overdue-interest-beyond-schedule',
        rule: '逾期利息 3937.82 超过还款计划下逾期未付的利息与罚息 3937.81（截至 2026-03-01）',
      },
    ]);
  });
});
