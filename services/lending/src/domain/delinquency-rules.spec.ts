import { Money } from '@ipledger/money';
import { decideDefault, decideOverdue, type DelinquencyLoan, type DefaultReport, type OverdueReport } from './delinquency-rules';
import type { ScheduleArrears } from './schedule-arrears';

const loan = (overrides: Partial<DelinquencyLoan> = {}): DelinquencyLoan => ({
  loanId: 'ln_1',
  status: 'ACTIVE',
  outstandingPrincipal: Money.of('1000000.00'),
  disbursedOn: '2026-01-15',
  overdueSince: null,
  lastRepaidOn: null,
  interestPaid: Money.of('0.00'),
  interestHistory: {
    principal: Money.of('1000000.00'),
    annualInterestRate: '0.043500',
    disbursedOn: '2026-01-15',
    maturityDate: '2026-02-14',
    repayments: [],
  },
  ...overrides,
});

const overdue = (overdueSince = '2026-03-01', daysPastDue = 19): OverdueReport => ({
  overdueSince,
  daysPastDue,
  overdueInterest: Money.of('3625.00'),
});
const inDefault = (defaultedOn = '2026-03-20'): DefaultReport => ({ defaultedOn, accruedInterest: Money.of('7250.00') });

const TODAY = '2026-03-20';
const BOUNDS = { today: TODAY, limitDays: 1461 };

/** A schedule in arrears since the disbursement with plenty of interest unpaid: it refuses no report (its own tests are below). */
const NO_LIMIT: ScheduleArrears = {
  asOf: TODAY,
  overdueSince: '2020-01-01',
  daysPastDue: 2270,
  oldestUnpaid: { number: 1, dueOn: '2019-12-31' },
  interestInArrears: Money.of('99999999.99'),
  nextDueOn: null,
};

describe('an overdue report', () => {
  it('moves an ACTIVE loan to OVERDUE', () => {
    expect(decideOverdue(loan(), overdue(), BOUNDS, NO_LIMIT)).toEqual({
      ok: true,
      outcome: { statusBefore: 'ACTIVE', statusAfter: 'OVERDUE', changesStatus: true },
    });
  });

  it('updates an OVERDUE loan without changing its state', () => {
    expect(decideOverdue(loan({ status: 'OVERDUE', overdueSince: '2026-03-01' }), overdue('2026-03-01', 20), BOUNDS, NO_LIMIT)).toEqual({
      ok: true,
      outcome: { statusBefore: 'OVERDUE', statusAfter: 'OVERDUE', changesStatus: false },
    });
  });

  it('may be dated from the disbursement day to today, not before, not after', () => {
    expect(decideOverdue(loan(), overdue('2026-01-15'), BOUNDS, NO_LIMIT).ok).toBe(true);
    expect(decideOverdue(loan(), overdue(TODAY, 1), BOUNDS, NO_LIMIT).ok).toBe(true);
    expect(decideOverdue(loan(), overdue('2026-01-14'), BOUNDS, NO_LIMIT)).toEqual({
      ok: false,
      refusal: { kind: 'invalid', issues: [{ field: 'overdueSince', rule: 'must not be before the loan was disbursed (2026-01-15)' }] },
    });
    expect(decideOverdue(loan(), overdue('2026-03-21'), BOUNDS, NO_LIMIT)).toEqual({
      ok: false,
      refusal: { kind: 'invalid', issues: [{ field: 'overdueSince', rule: 'must not be in the future (today is 2026-03-20)' }] },
    });
  });

  it('may follow a repayment (a loan in arrears may still be paid down), but not be dated beyond the backdating limit', () => {
    expect(decideOverdue(loan({ lastRepaidOn: '2026-03-10' }), overdue('2026-03-01'), BOUNDS, NO_LIMIT).ok).toBe(true);
    expect(decideOverdue(loan({ disbursedOn: '2020-01-01' }), overdue('2022-03-19'), BOUNDS, NO_LIMIT)).toEqual({
      ok: false,
      refusal: {
        kind: 'invalid',
        issues: [{ field: 'overdueSince', rule: 'must not be more than 1461 days back (BACKDATING_LIMIT_DAYS): on or after 2022-03-20' }],
      },
    });
    expect(decideOverdue(loan({ disbursedOn: '2020-01-01' }), overdue('2022-03-20'), BOUNDS, NO_LIMIT).ok).toBe(true);
  });

  it('is refused on a DEFAULTED or CLOSED loan, naming the state', () => {
    expect(decideOverdue(loan({ status: 'DEFAULTED' }), overdue(), BOUNDS, NO_LIMIT)).toEqual({
      ok: false,
      refusal: {
        kind: 'illegal-transition',
        message: 'loan ln_1 is DEFAULTED; only an ACTIVE or OVERDUE loan can be reported overdue',
        currentState: 'DEFAULTED',
      },
    });
    expect(decideOverdue(loan({ status: 'CLOSED' }), overdue(), BOUNDS, NO_LIMIT)).toMatchObject({
      ok: false,
      refusal: { currentState: 'CLOSED' },
    });
  });
});

describe('a default report', () => {
  it('defaults an ACTIVE or an OVERDUE loan', () => {
    expect(decideDefault(loan(), inDefault(), BOUNDS)).toEqual({
      ok: true,
      outcome: { statusBefore: 'ACTIVE', statusAfter: 'DEFAULTED', changesStatus: true },
    });
    expect(decideDefault(loan({ status: 'OVERDUE', overdueSince: '2026-03-01' }), inDefault('2026-03-01'), BOUNDS)).toEqual({
      ok: true,
      outcome: { statusBefore: 'OVERDUE', statusAfter: 'DEFAULTED', changesStatus: true },
    });
  });

  it('may not be dated before the loan became overdue', () => {
    expect(decideDefault(loan({ status: 'OVERDUE', overdueSince: '2026-03-01' }), inDefault('2026-02-28'), BOUNDS)).toEqual({
      ok: false,
      refusal: { kind: 'invalid', issues: [{ field: 'defaultedOn', rule: 'must not be before the loan became overdue (2026-03-01)' }] },
    });
  });

  it('may not be dated before the last repayment: the principal it carries is the one after it', () => {
    expect(decideDefault(loan({ lastRepaidOn: '2026-03-10' }), inDefault('2026-03-09'), BOUNDS)).toEqual({
      ok: false,
      refusal: { kind: 'invalid', issues: [{ field: 'defaultedOn', rule: 'must not be before the last repayment (2026-03-10)' }] },
    });
    expect(decideDefault(loan({ lastRepaidOn: '2026-03-10' }), inDefault('2026-03-10'), BOUNDS).ok).toBe(true);
  });

  it('reports every broken date rule at once', () => {
    expect(
      decideDefault(loan({ status: 'OVERDUE', overdueSince: '2026-03-01', lastRepaidOn: '2026-03-10' }), inDefault('2026-02-01'), BOUNDS),
    ).toEqual({
      ok: false,
      refusal: {
        kind: 'invalid',
        issues: [
          { field: 'defaultedOn', rule: 'must not be before the loan became overdue (2026-03-01)' },
          { field: 'defaultedOn', rule: 'must not be before the last repayment (2026-03-10)' },
        ],
      },
    });
  });

  it('may not be dated before the disbursement nor in the future', () => {
    expect(decideDefault(loan(), inDefault('2026-01-14'), BOUNDS)).toMatchObject({
      ok: false,
      refusal: { kind: 'invalid', issues: [{ field: 'defaultedOn', rule: 'must not be before the loan was disbursed (2026-01-15)' }] },
    });
    expect(decideDefault(loan(), inDefault('2026-03-21'), BOUNDS)).toMatchObject({
      ok: false,
      refusal: { kind: 'invalid', issues: [{ field: 'defaultedOn', rule: 'must not be in the future (today is 2026-03-20)' }] },
    });
  });

  it('is refused on a loan already DEFAULTED or CLOSED, naming the state', () => {
    expect(decideDefault(loan({ status: 'DEFAULTED' }), inDefault(), BOUNDS)).toEqual({
      ok: false,
      refusal: {
        kind: 'illegal-transition',
        message: 'loan ln_1 is DEFAULTED; only an ACTIVE or OVERDUE loan can be reported in default',
        currentState: 'DEFAULTED',
      },
    });
    expect(decideDefault(loan({ status: 'CLOSED', outstandingPrincipal: Money.of('0.00') }), inDefault(), BOUNDS)).toMatchObject({
      ok: false,
      refusal: { kind: 'illegal-transition', currentState: 'CLOSED' },
    });
  });
});

describe('plausibility of a delinquency report against the loan', () => {
  it('refuses more days past due than from the first overdue day to today, naming the field and the rule', () => {
    // 2026-03-01 to 2026-03-20 inclusive: 20 days.
    expect(decideOverdue(loan(), overdue('2026-03-01', 20), BOUNDS, NO_LIMIT).ok).toBe(true);
    expect(decideOverdue(loan(), overdue('2026-03-01', 36_500), BOUNDS, NO_LIMIT)).toEqual({
      ok: false,
      refusal: {
        kind: 'invalid',
        issues: [
          {
            field: 'daysPastDue',
            code: 'days-past-due-beyond-dates',
            rule: '逾期天数 36500 天超过逾期起始日 2026-03-01 至今日 2026-03-20 的 20 天',
          },
        ],
      },
    });
  });

  it('refuses overdue interest above what the loan can have earned by today, less what was paid', () => {
    // 1,000,000.00 × 64 days × 0.087 / 360 = 15,466.67
    const report = { ...overdue(), overdueInterest: Money.of('15466.68') };
    const refused = decideOverdue(loan(), report, BOUNDS, NO_LIMIT);
    expect(refused.ok || refused.refusal).toMatchObject({
      kind: 'rule-violated',
      currentState: 'ACTIVE',
      details: [{ field: 'overdueInterest', code: 'interest-above-accrual-bound' }],
    });
    expect(decideOverdue(loan(), { ...report, overdueInterest: Money.of('15466.67') }, BOUNDS, NO_LIMIT).ok).toBe(true);
    expect(
      decideOverdue(loan({ interestPaid: Money.of('0.01') }), { ...report, overdueInterest: Money.of('15466.67') }, BOUNDS, NO_LIMIT).ok,
    ).toBe(false);
  });

  it('refuses accrued interest at default above what the loan can have earned: before maturity, the whole term at twice the rate', () => {
    // 1,000,000.00 × 30 days (the term) × 0.087 / 360 = 7,250.00
    expect(decideDefault(loan(), { defaultedOn: '2026-01-15', accruedInterest: Money.of('7250.00') }, BOUNDS).ok).toBe(true);
    const refused = decideDefault(loan(), { defaultedOn: '2026-01-15', accruedInterest: Money.of('7250.01') }, BOUNDS);
    expect(refused.ok || refused.refusal).toMatchObject({
      kind: 'rule-violated',
      details: [{ field: 'accruedInterest', code: 'interest-above-accrual-bound' }],
    });
  });
});

describe('an overdue report against the loan’s schedule', () => {
  const nothingDue: ScheduleArrears = {
    asOf: TODAY,
    overdueSince: null,
    daysPastDue: 0,
    oldestUnpaid: null,
    interestInArrears: Money.of('0.00'),
    nextDueOn: '2026-04-15',
  };

  it('is refused with 409 when the schedule has nothing overdue, after the dates and the state were judged', () => {
    expect(decideOverdue(loan(), overdue(), BOUNDS, nothingDue)).toEqual({
      ok: false,
      refusal: {
        kind: 'rule-violated',
        message: '逾期报告与还款计划不符：按还款计划，截至 2026-03-20 没有到期未还的分期，贷款未逾期；下一期 2026-04-15 到期',
        currentState: 'ACTIVE',
        details: [
          {
            field: 'overdueSince',
            code: 'not-overdue-by-schedule',
            rule: '按还款计划，截至 2026-03-20 没有到期未还的分期，贷款未逾期；下一期 2026-04-15 到期',
          },
        ],
      },
    });
    expect(decideOverdue(loan(), overdue('2026-03-21'), BOUNDS, nothingDue)).toMatchObject({ ok: false, refusal: { kind: 'invalid' } });
    expect(decideOverdue(loan({ status: 'CLOSED' }), overdue(), BOUNDS, nothingDue)).toMatchObject({
      ok: false,
      refusal: { kind: 'illegal-transition' },
    });
  });
});
