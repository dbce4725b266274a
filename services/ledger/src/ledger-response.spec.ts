import { Money } from '@ipledger/money';
import type { LedgerAccount, PostedEntry } from './ledger-records';
import { toAccountResponse, toEntryResponse, toTrialBalanceResponse } from './ledger-response';

const liability: LedgerAccount = {
  code: '2001-fund-2025',
  type: 'liability',
  normalSide: 'CREDIT',
  partyType: 'fund',
  partyId: '2025',
  debitsPosted: Money.of('300.25'),
  creditsPosted: Money.of('100'),
};

describe('ledger responses', () => {
  it('writes amounts with two decimals and the balance signed on the normal side', () => {
    expect(toAccountResponse(liability)).toEqual({
      code: '2001-fund-2025',
      type: 'liability',
      normalSide: 'CREDIT',
      partyType: 'fund',
      partyId: '2025',
      debitsPosted: '300.25',
      creditsPosted: '100.00',
      balance: '-200.25',
    });
  });

  it('writes an entry with its sequence as a string, its day as YYYY-MM-DD and the instant in ISO', () => {
    const entry: PostedEntry = {
      id: 'je_1',
      sequence: 12n,
      eventId: '0190a5a4-0000-7000-8000-000000000001',
      eventType: 'LoanRepaid',
      description: '还款',
      effectiveDate: '2025-11-03',
      reversesEntryId: null,
      correlationId: 'corr-1',
      previousHash: 'a'.repeat(64),
      hash: 'b'.repeat(64),
      postedAt: new Date('2025-11-03T01:02:03.004Z'),
      postings: [{ position: 0, accountCode: '1001-bank-bk_1', direction: 'DEBIT', amount: Money.of('5') }],
    };
    const response = toEntryResponse(entry);
    expect([response.sequence, response.effectiveDate, response.postedAt, response.postings]).toEqual([
      '12',
      '2025-11-03',
      '2025-11-03T01:02:03.004Z',
      [{ accountCode: '1001-bank-bk_1', direction: 'DEBIT', amount: '5.00' }],
    ]);
  });

  it('calls the trial balance balanced only when the totals are equal', () => {
    const head = { sequence: 3n, hash: 'c'.repeat(64) };
    const equal = toTrialBalanceResponse({ totalDebits: Money.of('10'), totalCredits: Money.of('10.00'), accountCount: 2 }, head);
    const unequal = toTrialBalanceResponse({ totalDebits: Money.of('10'), totalCredits: Money.of('9.99'), accountCount: 2 }, head);
    expect(equal).toEqual({ totalDebits: '10.00', totalCredits: '10.00', balanced: true, entryCount: '3', accountCount: 2 });
    expect(unequal.balanced).toBe(false);
  });
});
