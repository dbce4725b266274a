import { BANK, LOAN, loanDefaulted, loanDisbursed, loanInterestAccrued, loanRepaid } from '../test-support/loan-events';
import { assertPostable, totalOf, UnbalancedEntryError, type JournalEntryDraft } from './journal-entry';
import { defaultEntry, disbursementEntry, interestAccrualEntry, repaymentEntry, reversalEntry } from './posting-rules';

const principal = `loan:${BANK}:${LOAN}:principal`;
const cash = `bank:${BANK}:cash`;
const interestIncome = `bank:${BANK}:interest-income`;
const principalDefaulted = `loan:${BANK}:${LOAN}:principal-defaulted`;
const interestReceivable = `loan:${BANK}:${LOAN}:interest-receivable`;

function expectBalanced(sut: JournalEntryDraft): void {
  expect(totalOf(sut.postings, 'DEBIT').toString()).toBe(totalOf(sut.postings, 'CREDIT').toString());
}

describe('posting a disbursement', () => {
  it('debits the loan’s principal and credits the bank’s cash with the principal, to the fen', () => {
    const event = loanDisbursed({ principal: '1000000.01' });
    const sut = disbursementEntry(event);
    expect(sut).toEqual({
      eventId: event.eventId,
      eventType: 'LoanDisbursed',
      description: `Loan ${LOAN} disbursed by ${BANK} to 重庆示例科技有限公司 (91350100M000100Y43)`,
      effectiveDate: '2026-03-02',
      correlationId: event.correlationId,
      reversesEntryId: null,
      postings: [
        { accountCode: principal, direction: 'DEBIT', amount: '1000000.01' },
        { accountCode: cash, direction: 'CREDIT', amount: '1000000.01' },
      ],
    });
  });

  it('carries the largest amount the contracts allow without rounding', () => {
    const sut = disbursementEntry(loanDisbursed({ principal: '999999999999999999.99' }));
    expect(sut.postings.map((posting) => posting.amount)).toEqual(['999999999999999999.99', '999999999999999999.99']);
  });

  it('refuses a zero principal: a posting always moves money', () => {
    expect(() => disbursementEntry(loanDisbursed({ principal: '0.00' }))).toThrow(UnbalancedEntryError);
  });
});

describe('posting a default', () => {
  it('reclassifies the outstanding principal: Dr principal-defaulted / Cr principal, no cash', () => {
    const event = loanDefaulted({ outstandingPrincipal: '666666.67', defaultedOn: '2026-09-30' });
    const sut = defaultEntry(event);
    expect(sut).toEqual({
      eventId: event.eventId,
      eventType: 'LoanDefaulted',
      description: `Loan ${LOAN} of ${BANK} (borrower 91350100M000100Y43) in default: principal 666666.67 reclassified as defaulted`,
      effectiveDate: '2026-09-30',
      correlationId: event.correlationId,
      reversesEntryId: null,
      postings: [
        { accountCode: principalDefaulted, direction: 'DEBIT', amount: '666666.67' },
        { accountCode: principal, direction: 'CREDIT', amount: '666666.67' },
      ],
    });
    expectBalanced(sut);
    expect(sut.postings.map((posting) => posting.accountCode)).not.toContain(cash);
  });

  it('posts the principal only: accrued interest is not income the bank received', () => {
    const sut = defaultEntry(loanDefaulted({ outstandingPrincipal: '0.01', accruedInterest: '99999.99' }));
    expect(sut.postings.map((posting) => posting.amount)).toEqual(['0.01', '0.01']);
  });
});

describe('posting a repayment', () => {
  it('debits cash with principal plus interest and credits principal and interest income', () => {
    const sut = repaymentEntry(loanRepaid({ principalAmount: '333333.33', interestAmount: '0.01', repaidOn: '2026-04-30' }));
    expect(sut.effectiveDate).toBe('2026-04-30');
    expect(sut.postings).toEqual([
      { accountCode: cash, direction: 'DEBIT', amount: '333333.34' },
      { accountCode: principal, direction: 'CREDIT', amount: '333333.33' },
      { accountCode: interestIncome, direction: 'CREDIT', amount: '0.01' },
    ]);
    expectBalanced(sut);
  });

  it('adds awkward amounts exactly, where binary floats would not', () => {
    const sut = repaymentEntry(loanRepaid({ principalAmount: '1000000.01', interestAmount: '0.02' }));
    expect(sut.postings[0]).toEqual({ accountCode: cash, direction: 'DEBIT', amount: '1000000.03' });
    const floats = repaymentEntry(loanRepaid({ principalAmount: '0.10', interestAmount: '0.20' }));
    expect(floats.postings[0].amount).toBe('0.30');
  });

  it('leaves out the interest leg of an interest-free repayment', () => {
    const sut = repaymentEntry(loanRepaid({ principalAmount: '500000.00', interestAmount: '0.00' }));
    expect(sut.postings).toEqual([
      { accountCode: cash, direction: 'DEBIT', amount: '500000.00' },
      { accountCode: principal, direction: 'CREDIT', amount: '500000.00' },
    ]);
  });

  it('posts only interest when no principal is repaid', () => {
    const sut = repaymentEntry(loanRepaid({ principalAmount: '0.00', interestAmount: '3625.00' }));
    expect(sut.postings).toEqual([
      { accountCode: cash, direction: 'DEBIT', amount: '3625.00' },
      { accountCode: interestIncome, direction: 'CREDIT', amount: '3625.00' },
    ]);
  });

  it('settles the interest accrued before from the receivable, and takes the rest (penalty, paid ahead) as income', () => {
    const sut = repaymentEntry(loanRepaid({ principalAmount: '1000.00', interestAmount: '3625.00', accruedInterestSettled: '3600.50' }));
    expect(sut.postings).toEqual([
      { accountCode: cash, direction: 'DEBIT', amount: '4625.00' },
      { accountCode: principal, direction: 'CREDIT', amount: '1000.00' },
      { accountCode: interestReceivable, direction: 'CREDIT', amount: '3600.50' },
      { accountCode: interestIncome, direction: 'CREDIT', amount: '24.50' },
    ]);
    expectBalanced(sut);
    const allAccrued = repaymentEntry(
      loanRepaid({ principalAmount: '0.00', interestAmount: '3625.00', accruedInterestSettled: '3625.00' }),
    );
    expect(allAccrued.postings).toEqual([
      { accountCode: cash, direction: 'DEBIT', amount: '3625.00' },
      { accountCode: interestReceivable, direction: 'CREDIT', amount: '3625.00' },
    ]);
  });

  it('refuses a settled part larger than the interest: the event contradicts itself', () => {
    expect(() => repaymentEntry(loanRepaid({ interestAmount: '10.00', accruedInterestSettled: '10.01' }))).toThrow(
      /accruedInterestSettled 10.01 is more than its interest 10.00/,
    );
  });

  it('refuses a repayment of nothing', () => {
    expect(() => repaymentEntry(loanRepaid({ principalAmount: '0.00', interestAmount: '0.00' }))).toThrow(/at least 2/);
  });
});

describe('posting a day’s interest accrual (按日计息)', () => {
  it('debits the loan’s interest receivable and credits the bank’s interest income, dated the last day accrued', () => {
    const sut = interestAccrualEntry(
      loanInterestAccrued({ accruedFrom: '2026-05-30', accruedUntil: '2026-06-02', days: 3, amount: '362.50' }),
    );
    expect(sut.effectiveDate).toBe('2026-06-01');
    expect(sut.postings).toEqual([
      { accountCode: interestReceivable, direction: 'DEBIT', amount: '362.50' },
      { accountCode: interestIncome, direction: 'CREDIT', amount: '362.50' },
    ]);
    expectBalanced(sut);
  });
});

describe('a correction', () => {
  it('reverses every leg and points at the entry it reverses', () => {
    const original = repaymentEntry(loanRepaid());
    const sut = reversalEntry(
      { id: 'je_0193c4a0b1c27d3e8f9a0b1c2d3e4f53', postings: original.postings },
      { eventId: 'b8f1c0de-0000-4000-8000-000000000001', type: 'RepaymentCorrected', correlationId: 'corr-x' },
      { description: 'Repayment recorded twice by the bank', effectiveDate: '2026-06-03' },
    );
    expect(sut.reversesEntryId).toBe('je_0193c4a0b1c27d3e8f9a0b1c2d3e4f53');
    expect(sut.postings.map((posting) => posting.direction)).toEqual(['CREDIT', 'DEBIT', 'DEBIT']);
    expect(sut.postings.map((posting) => posting.amount)).toEqual(original.postings.map((posting) => posting.amount));
  });
});

describe('the invariants every entry is checked against', () => {
  const valid = (): JournalEntryDraft => disbursementEntry(loanDisbursed({ principal: '100.00' }));

  it('accept a balanced entry', () => {
    const draft = valid();
    expect(assertPostable(draft)).toBe(draft);
  });

  it.each<[string, (draft: JournalEntryDraft) => JournalEntryDraft, RegExp]>([
    [
      'debits that differ from credits by one fen',
      (d) => ({ ...d, postings: [d.postings[0], { ...d.postings[1], amount: '99.99' }] }),
      /debits 100.00 differ from credits 99.99/,
    ],
    ['a single posting', (d) => ({ ...d, postings: [d.postings[0]] }), /at least 2/],
    ['a zero amount', (d) => ({ ...d, postings: d.postings.map((p) => ({ ...p, amount: '0.00' })) }), /greater than zero/],
    ['a negative amount', (d) => ({ ...d, postings: d.postings.map((p) => ({ ...p, amount: '-100.00' })) }), /greater than zero/],
    ['an amount with three decimals', (d) => ({ ...d, postings: d.postings.map((p) => ({ ...p, amount: '100.001' })) }), /two decimals/],
    ['an amount written as a float', (d) => ({ ...d, postings: d.postings.map((p) => ({ ...p, amount: '1e2' })) }), /two decimals/],
    [
      'an account outside the chart',
      (d) => ({ ...d, postings: [{ ...d.postings[0], accountCode: 'borrower:x:cash' }, d.postings[1]] }),
      /invalid account code/,
    ],
  ])('refuse %s', (_case, breakIt, message) => {
    expect(() => assertPostable(breakIt(valid()))).toThrow(message);
  });
});
