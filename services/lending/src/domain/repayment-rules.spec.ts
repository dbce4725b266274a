import { Money } from '@ipledger/money';
import { decideRepayment, type LoanBalance, type Repayment } from './repayment-rules';

const loan = (overrides: Partial<LoanBalance> = {}): LoanBalance => ({
  loanId: 'ln_1',
  status: 'ACTIVE',
  outstandingPrincipal: Money.of('1000000.00'),
  interestPaid: Money.of('0.00'),
  disbursedOn: '2026-01-15',
  lastRepaidOn: null,
  interestHistory: {
    principal: Money.of('1000000.00'),
    annualInterestRate: '0.043500',
    disbursedOn: '2026-01-15',
    maturityDate: '2026-02-14',
    repayments: [],
  },
  ...overrides,
});

const repayment = (principal: string, interest = '0.00', repaidOn = '2026-03-15'): Repayment => ({
  principalAmount: Money.of(principal),
  interestAmount: Money.of(interest),
  repaidOn,
});

const TODAY = '2026-03-20';
const BOUNDS = { today: TODAY, limitDays: 1461 };

function outcomeOf(balance: LoanBalance, paid: Repayment) {
  const decision = decideRepayment(balance, paid, BOUNDS);
  if (!decision.ok) throw new Error(`expected the repayment to be accepted: ${JSON.stringify(decision.refusal)}`);
  return decision.outcome;
}

describe('a repayment', () => {
  it('reduces the outstanding principal exactly to the fen and adds the interest paid', () => {
    const outcome = outcomeOf(loan({ interestPaid: Money.of('100.10') }), repayment('333333.33', '3625.01'));
    expect(outcome.outstandingAfter.toString()).toBe('666666.67');
    expect(outcome.interestPaidAfter.toString()).toBe('3725.11');
    expect(outcome).toMatchObject({ statusAfter: 'ACTIVE', closes: false });
  });

  it('may repay interest only', () => {
    const outcome = outcomeOf(loan(), repayment('0.00', '3625.00'));
    expect(outcome.outstandingAfter.toString()).toBe('1000000.00');
    expect(outcome.closes).toBe(false);
  });

  it('closes the loan when principal reaches exactly 0.00', () => {
    const outcome = outcomeOf(loan({ outstandingPrincipal: Money.of('0.01') }), repayment('0.01', '0.00'));
    expect(outcome.outstandingAfter.toString()).toBe('0.00');
    expect(outcome).toMatchObject({ statusAfter: 'CLOSED', closes: true });
  });

  it('leaves the loan open one fen short of zero', () => {
    const outcome = outcomeOf(loan(), repayment('999999.99'));
    expect(outcome.outstandingAfter.toString()).toBe('0.01');
    expect(outcome.closes).toBe(false);
  });

  it('refuses to repay more principal than is outstanding, even by a fen', () => {
    expect(decideRepayment(loan(), repayment('1000000.01'), BOUNDS)).toEqual({
      ok: false,
      refusal: {
        kind: 'rule-violated',
        message: 'repayment of principal 1000000.01 exceeds the outstanding 1000000.00 of loan ln_1',
        currentState: 'ACTIVE',
      },
    });
  });

  it('refuses a repayment on a CLOSED loan, naming the state', () => {
    expect(decideRepayment(loan({ status: 'CLOSED', outstandingPrincipal: Money.of('0.00') }), repayment('0.00', '10.00'), BOUNDS)).toEqual(
      {
        ok: false,
        refusal: {
          kind: 'illegal-transition',
          message: 'loan ln_1 is CLOSED; only an ACTIVE or OVERDUE loan can be repaid',
          currentState: 'CLOSED',
        },
      },
    );
  });

  it('is taken on an OVERDUE loan, which stays OVERDUE until it closes at zero', () => {
    expect(outcomeOf(loan({ status: 'OVERDUE' }), repayment('1.00', '5.00'))).toMatchObject({ statusAfter: 'OVERDUE', closes: false });
    expect(outcomeOf(loan({ status: 'OVERDUE', outstandingPrincipal: Money.of('1.00') }), repayment('1.00'))).toMatchObject({
      statusAfter: 'CLOSED',
      closes: true,
    });
  });

  it('refuses a repayment on a DEFAULTED loan, naming the state', () => {
    expect(decideRepayment(loan({ status: 'DEFAULTED' }), repayment('1.00'), BOUNDS)).toEqual({
      ok: false,
      refusal: {
        kind: 'illegal-transition',
        message: 'loan ln_1 is DEFAULTED; only an ACTIVE or OVERDUE loan can be repaid',
        currentState: 'DEFAULTED',
      },
    });
  });

  it('may not be dated before the disbursement', () => {
    expect(decideRepayment(loan(), repayment('1.00', '0.00', '2026-01-14'), BOUNDS)).toEqual({
      ok: false,
      refusal: { kind: 'invalid', issues: [{ field: 'repaidOn', rule: 'must not be before the loan was disbursed (2026-01-15)' }] },
    });
    expect(decideRepayment(loan(), repayment('1.00', '0.00', '2026-01-15'), BOUNDS).ok).toBe(true);
  });

  it('may not be dated before the last repayment, but on its day', () => {
    expect(decideRepayment(loan({ lastRepaidOn: '2026-03-01' }), repayment('1.00', '0.00', '2026-02-28'), BOUNDS)).toEqual({
      ok: false,
      refusal: { kind: 'invalid', issues: [{ field: 'repaidOn', rule: 'must not be before the last repayment (2026-03-01)' }] },
    });
    expect(decideRepayment(loan({ lastRepaidOn: '2026-03-01' }), repayment('1.00', '0.00', '2026-03-01'), BOUNDS).ok).toBe(true);
  });

  it('may not be dated further back than the backdating limit', () => {
    const old = loan({ disbursedOn: '2020-01-01' });
    expect(decideRepayment(old, repayment('1.00', '0.00', '2022-03-19'), { today: TODAY, limitDays: 1461 })).toEqual({
      ok: false,
      refusal: {
        kind: 'invalid',
        issues: [{ field: 'repaidOn', rule: 'must not be more than 1461 days back (BACKDATING_LIMIT_DAYS): on or after 2022-03-20' }],
      },
    });
    expect(decideRepayment(old, repayment('1.00', '0.00', '2026-03-10'), { today: TODAY, limitDays: 10 }).ok).toBe(true);
    expect(decideRepayment(old, repayment('1.00', '0.00', '2026-03-09'), { today: TODAY, limitDays: 10 })).toMatchObject({ ok: false });
  });

  it('may not be dated in the future', () => {
    expect(decideRepayment(loan(), repayment('1.00', '0.00', '2026-03-21'), BOUNDS)).toMatchObject({
      ok: false,
      refusal: { kind: 'invalid', issues: [{ field: 'repaidOn', rule: 'must not be in the future (today is 2026-03-20)' }] },
    });
  });

  it('adds up: partial repayments that sum to the principal close the loan on the last one', () => {
    let balance = loan({ outstandingPrincipal: Money.of('100000.00') });
    const parts = ['33333.33', '33333.33', '33333.34'];
    const closings = parts.map((part) => {
      const outcome = outcomeOf(balance, repayment(part, '12.34'));
      balance = loan({
        outstandingPrincipal: outcome.outstandingAfter,
        interestPaid: outcome.interestPaidAfter,
        status: outcome.statusAfter,
      });
      return outcome.closes;
    });
    expect(closings).toEqual([false, false, true]);
    expect(balance.interestPaid.toString()).toBe('37.02');
    expect(balance.status).toBe('CLOSED');
  });
});

describe('plausibility of the interest repaid', () => {
  it('refuses interest of five times the principal on a loan disbursed the same day, as a broken rule naming the field', () => {
    const decision = decideRepayment(loan(), repayment('0.00', '5000000.00', '2026-01-15'), BOUNDS);
    expect(decision.ok || decision.refusal).toMatchObject({
      kind: 'rule-violated',
      currentState: 'ACTIVE',
      details: [{ field: 'interestAmount', code: 'interest-above-accrual-bound' }],
    });
  });

  it('accepts interest up to the outstanding principal × days × twice the rate / 360, counting what was paid before', () => {
    // 1,000,000.00 × 59 days × 0.087 / 360 = 14,258.33
    expect(decideRepayment(loan(), repayment('0.00', '14258.33'), BOUNDS).ok).toBe(true);
    expect(decideRepayment(loan(), repayment('0.00', '14258.34'), BOUNDS).ok).toBe(false);
    expect(decideRepayment(loan({ interestPaid: Money.of('14258.33') }), repayment('0.00', '0.01'), BOUNDS).ok).toBe(false);
  });
});
