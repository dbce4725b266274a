import { Money } from '@ipledger/money';
import { interestBoundIssue, maxInterestThrough, principalDays, type InterestHistory } from './interest-bounds';

// 1,000,000.00 at 3.60 % a year for 10 days: 100.00 a day at the contract rate, 200.00 a day with
// the penalty tolerance, so 2,000.00 for the whole term.
const history = (repayments: InterestHistory['repayments'] = []): InterestHistory => ({
  principal: Money.of('1000000.00'),
  annualInterestRate: '0.036000',
  disbursedOn: '2026-01-01',
  maturityDate: '2026-01-11',
  repayments,
});

describe('the interest a loan can have earned', () => {
  it('is the whole term’s interest on the principal up to maturity, even on the disbursement day (early repayment)', () => {
    expect(maxInterestThrough(history(), '2026-01-01').toString()).toBe('2000.00');
    expect(maxInterestThrough(history(), '2026-01-11').toString()).toBe('2000.00');
  });

  it('is the outstanding principal × days × twice the contract rate / 360', () => {
    // 30 days × 200.00
    expect(maxInterestThrough(history(), '2026-01-31').toString()).toBe('6000.00');
  });

  it('follows the principal down after each repayment', () => {
    const repaid = history([
      { repaidOn: '2026-01-11', outstandingAfter: Money.of('500000.00') },
      { repaidOn: '2026-01-21', outstandingAfter: Money.of('0.00') },
    ]);
    // 10 days of 1,000,000.00, 10 days of 500,000.00, nothing after.
    expect(principalDays(repaid, '2026-03-01').toString()).toBe('15000000.00');
    expect(maxInterestThrough(repaid, '2026-03-01').toString()).toBe('3000.00');
    // Only repayments up to the end day count.
    expect(maxInterestThrough(repaid, '2026-01-11').toString()).toBe('2000.00');
  });

  it('rounds once, half-up to the fen', () => {
    const odd = { ...history(), principal: Money.of('1000.00'), annualInterestRate: '0.043500', maturityDate: '2026-01-02' };
    // 1,000.00 × 1 × 0.087 / 360 = 0.241666… → 0.24
    expect(maxInterestThrough(odd, '2026-01-02').toString()).toBe('0.24');
  });

  it('accepts interest up to the bound, counting what was paid before, and refuses a fen more, naming the field and the figures', () => {
    expect(
      interestBoundIssue('interestAmount', '本次还息', Money.of('4000.00'), Money.of('2000.00'), history(), '2026-01-31'),
    ).toBeUndefined();
    const issue = interestBoundIssue('interestAmount', '本次还息', Money.of('4000.01'), Money.of('2000.00'), history(), '2026-01-31');
    expect(issue).toEqual({
      field: 'interestAmount',
      code: 'interest-above-accrual-bound',
      rule: '本次还息 4000.01 元不合理：按合同年利率 0.036000 的 2 倍（含罚息），以全期本金或自放款日 2026-01-01 至 2026-01-31 的未还本金计，利息至多 6000.00 元，已收利息 2000.00 元，至多还可为 4000.00 元',
    });
  });

  it('refuses five times the principal as interest on a loan disbursed today', () => {
    const issue = interestBoundIssue('interestAmount', '本次还息', Money.of('5000000.00'), Money.zero(), history(), '2026-01-01');
    expect(issue?.code).toBe('interest-above-accrual-bound');
  });
});
