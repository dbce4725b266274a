import { BANK, LOAN, loanDisbursed, loanRepaid } from '../test-support/loan-events';
import { applyPostings, balanceOf, PostingRefusedError, type AccountTotals } from './balances';
import { disbursementEntry, repaymentEntry } from './posting-rules';

const principal = (debits: string, credits = '0.00'): AccountTotals => ({
  code: `loan:${BANK}:${LOAN}:principal`,
  normalSide: 'DEBIT',
  allowNegative: false,
  debitsPosted: debits,
  creditsPosted: credits,
});
const cash = (debits = '0.00', credits = '0.00'): AccountTotals => ({
  code: `bank:${BANK}:cash`,
  normalSide: 'DEBIT',
  allowNegative: true,
  debitsPosted: debits,
  creditsPosted: credits,
});
const income = (): AccountTotals => ({
  code: `bank:${BANK}:interest-income`,
  normalSide: 'CREDIT',
  allowNegative: false,
  debitsPosted: '0.00',
  creditsPosted: '0.00',
});

describe('balances', () => {
  it('are signed on the normal side', () => {
    expect(balanceOf(principal('100.00', '30.01')).toString()).toBe('69.99');
    expect(balanceOf({ ...income(), creditsPosted: '5.00' }).toString()).toBe('5.00');
    expect(balanceOf(cash('0.00', '100.00')).toString()).toBe('-100.00');
  });

  it('move by the entry’s legs, and a bank’s cash may go negative', () => {
    const sut = applyPostings([principal('0.00'), cash()], disbursementEntry(loanDisbursed({ principal: '1000000.01' })));
    expect(sut.map((account) => [account.code, balanceOf(account).toString()])).toEqual([
      [`loan:${BANK}:${LOAN}:principal`, '1000000.01'],
      [`bank:${BANK}:cash`, '-1000000.01'],
    ]);
  });

  it('refuse to repay more principal than is owed', () => {
    const repayment = repaymentEntry(loanRepaid({ principalAmount: '100.01', interestAmount: '1.00' }));
    expect(() => applyPostings([principal('100.00'), cash(), income()], repayment)).toThrow(PostingRefusedError);
    expect(() => applyPostings([principal('100.00'), cash(), income()], repayment)).toThrow(
      `loan:${BANK}:${LOAN}:principal would go to -0.01 (from 100.00); it may not go below zero on its debit side`,
    );
  });

  it('refuse a leg on an account that was not locked', () => {
    expect(() => applyPostings([cash()], disbursementEntry(loanDisbursed()))).toThrow(/is not open/);
  });
});
