import { buildSchedule } from '@ipledger/loan-servicing';
import { Money, Rate } from '@ipledger/money';
import { allocateRepayment } from './repayment-allocation';

// 1,200,000.00 at 3.60 % 等额本金 from 2026-01-15 (libs/loan-servicing's worked example): the first
// instalment is 100,000.00 principal and 3,720.00 interest, due 2026-02-15; the second 100,000.00
// and 3,080.00, due 2026-03-15. Unpaid until 2026-03-01, the penalty interest is 217.81.
const schedule = buildSchedule({
  principal: Money.of('1200000.00'),
  annualRate: Rate.of('0.036'),
  disbursedOn: '2026-01-15',
  termMonths: 12,
  method: 'equal-principal',
  dayCount: 'ACT/360',
  periodMonths: 1,
});
const split = (amount: string, repaidOn: string, recorded: { paidOn: string; amount: string }[] = []) => {
  const decision = allocateRepayment(
    schedule,
    recorded.map((payment) => ({ paidOn: payment.paidOn, amount: Money.of(payment.amount) })),
    Money.of(amount),
    repaidOn,
  );
  return decision.ok
    ? [decision.split.principalAmount.toString(), decision.split.interestAmount.toString(), decision.split.penaltyAmount.toString()]
    : decision.issue;
};

describe('one amount split by the schedule (还款顺序)', () => {
  it('pays the penalty first, then the overdue instalment’s interest, then its principal', () => {
    // 103,937.81 = 217.81 penalty + 3,720.00 interest + 100,000.00 principal.
    expect(split('103937.81', '2026-03-01')).toEqual(['100000.00', '3937.81', '217.81']);
    // 1,000.00 covers the penalty and 782.19 of the interest; no principal.
    expect(split('1000.00', '2026-03-01')).toEqual(['0.00', '1000.00', '217.81']);
  });

  it('settles an instalment paid on its due day with no penalty, and goes on to the next one', () => {
    expect(split('103720.00', '2026-02-15')).toEqual(['100000.00', '3720.00', '0.00']);
    // Paid ahead: the second instalment's interest, then its principal.
    expect(split('4000.00', '2026-02-20', [{ paidOn: '2026-02-15', amount: '103720.00' }])).toEqual(['920.00', '3080.00', '0.00']);
  });

  it('refuses more than everything the schedule asks for, naming the field and how much is too much', () => {
    const everything = Money.sum(schedule.instalments.map((instalment) => instalment.amount));
    const refused = split(everything.plus(Money.of('0.01')).toString(), '2026-01-15');
    expect(refused).toEqual({
      field: 'amount',
      code: 'repayment-beyond-schedule',
      rule: `还款 ${everything.plus(Money.of('0.01')).toString()} 元超出还款计划截至结清的全部应还款 ${everything.toString()} 元（多出 0.01 元）；提前还款另行约定`,
    });
    expect(split(everything.toString(), '2026-01-15')).toEqual(['1200000.00', schedule.totalInterest.toString(), '0.00']);
  });
});
