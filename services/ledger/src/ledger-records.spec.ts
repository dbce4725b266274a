import { Money } from '@ipledger/money';
import { Prisma } from './database';
import { toLedgerAccount, toPostedEntry, type AccountRow, type EntryRow } from './ledger-records';

const accountRow: AccountRow = {
  code: '1001-bank-bk_1',
  type: 'asset',
  normalSide: 'DEBIT',
  partyType: 'bank',
  partyId: 'bk_1',
  allowNegative: false,
  debitsPosted: new Prisma.Decimal('1500'),
  creditsPosted: new Prisma.Decimal('0.5'),
  openedAt: new Date('2025-01-01T08:00:00.000Z'),
};

const entryRow: EntryRow = {
  id: 'je_1',
  sequence: 7n,
  eventId: '0190a5a4-0000-7000-8000-000000000001',
  eventType: 'LoanDisbursed',
  description: '放款',
  effectiveDate: new Date('2025-10-08T00:00:00.000Z'),
  reversesEntryId: null,
  correlationId: 'corr-1',
  previousHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
  postedAt: new Date('2025-10-08T03:04:05.678Z'),
  postings: [
    { entryId: 'je_1', position: 0, accountCode: '1200-loan-ln_1', direction: 'DEBIT', amount: new Prisma.Decimal('100') },
    { entryId: 'je_1', position: 1, accountCode: '1001-bank-bk_1', direction: 'CREDIT', amount: new Prisma.Decimal('100.00') },
  ],
};

describe('ledger records (the repository boundary)', () => {
  it('maps an account row to Money totals and its kinds', () => {
    const account = toLedgerAccount(accountRow);
    expect(account.debitsPosted).toBeInstanceOf(Money);
    expect([account.type, account.normalSide, account.debitsPosted.toString(), account.creditsPosted.toString()]).toEqual([
      'asset',
      'DEBIT',
      '1500.00',
      '0.50',
    ]);
  });

  it('maps an entry row: the DATE as a calendar day, the legs as Money in position order', () => {
    const entry = toPostedEntry(entryRow);
    expect(entry.effectiveDate).toBe('2025-10-08');
    expect(entry.sequence).toBe(7n);
    expect(entry.postings.map((leg) => [leg.position, leg.direction, leg.amount.toString()])).toEqual([
      [0, 'DEBIT', '100.00'],
      [1, 'CREDIT', '100.00'],
    ]);
  });
});
