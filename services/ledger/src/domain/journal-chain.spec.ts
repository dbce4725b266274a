import { GENESIS, verifyChain } from '@ipledger/ledger-proof';
import { chainEntry } from './journal-chain';
import type { JournalEntryDraft } from './journal-entry';

function draft(n: number): JournalEntryDraft {
  return {
    eventId: `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`,
    eventType: 'LoanRepaid',
    description: `Repayment ${n}`,
    effectiveDate: '2026-06-02',
    correlationId: `corr-${n}`,
    reversesEntryId: null,
    postings: [
      { accountCode: 'bank:bank-a:cash', direction: 'DEBIT', amount: '100.01' },
      { accountCode: 'bank:bank-a:interest-income', direction: 'CREDIT', amount: '100.01' },
    ],
  };
}

const at = (n: number) => ({ id: `je_${n.toString(16).padStart(32, '0')}`, postedAt: new Date(Date.UTC(2026, 5, 2, 8, 0, n)) });

describe('chainEntry: where a posted entry goes in the chain', () => {
  it('takes the sequence after the head, links to its hash and numbers the postings', () => {
    const entry = chainEntry(GENESIS, draft(1), at(1));
    expect(entry).toMatchObject({
      sequence: 1n,
      previousHash: GENESIS.hash,
      postedAt: '2026-06-02T08:00:01.000Z',
      postings: [
        { position: 0, accountCode: 'bank:bank-a:cash' },
        { position: 1, accountCode: 'bank:bank-a:interest-income' },
      ],
    });
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.hash).not.toBe(GENESIS.hash);
  });

  it('builds a chain the verifier accepts, entry after entry', () => {
    const chain = [];
    let head = GENESIS;
    for (let n = 1; n <= 4; n += 1) {
      const entry = chainEntry(head, draft(n), at(n));
      chain.push(entry);
      head = { sequence: entry.sequence, hash: entry.hash };
    }
    expect(verifyChain(chain)).toEqual({ ok: true, head, entriesChecked: 4 });
  });

  it('gives another hash when anything hashed differs (here only the posting time)', () => {
    const once = chainEntry(GENESIS, draft(1), at(1));
    const later = chainEntry(GENESIS, draft(1), { ...at(1), postedAt: new Date(Date.UTC(2026, 5, 2, 8, 0, 2)) });
    expect(later.hash).not.toBe(once.hash);
  });
});
