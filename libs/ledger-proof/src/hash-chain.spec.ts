import { Money } from '@ipledger/money';
import fc from 'fast-check';
import { canonicalEntry, entryHash, GENESIS_HASH, verifyChain, type ChainedEntry, type HashedEntry } from './hash-chain';

function buildChain(count: number): ChainedEntry[] {
  const chain: ChainedEntry[] = [];
  let previousHash = GENESIS_HASH;
  for (let n = 1; n <= count; n += 1) {
    const entry: HashedEntry = {
      sequence: BigInt(n),
      id: `je_${n.toString(16).padStart(32, '0')}`,
      eventId: `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`,
      eventType: 'LoanRepaid',
      description: `Repayment ${n}`,
      effectiveDate: '2026-06-02',
      reversesEntryId: null,
      correlationId: `corr-${n}`,
      postedAt: '2026-06-02T08:00:00.000Z',
      postings: [
        { position: 0, accountCode: 'bank:bank-a:cash', direction: 'DEBIT', amount: '1000000.01' },
        { position: 1, accountCode: 'loan:bank-a:ln_1:principal', direction: 'CREDIT', amount: '1000000.00' },
        { position: 2, accountCode: 'bank:bank-a:interest-income', direction: 'CREDIT', amount: '0.01' },
      ],
    };
    const hash = entryHash(previousHash, entry);
    chain.push({ ...entry, previousHash, hash });
    previousHash = hash;
  }
  return chain;
}

describe('the hash chain', () => {
  it('verifies an untouched chain from genesis and returns its head', () => {
    const chain = buildChain(5);
    expect(verifyChain(chain)).toEqual({ ok: true, head: { sequence: 5n, hash: chain[4].hash }, entriesChecked: 5 });
  });

  it('verifies an empty journal as the genesis head', () => {
    expect(verifyChain([])).toEqual({ ok: true, head: { sequence: 0n, hash: GENESIS_HASH }, entriesChecked: 0 });
  });

  it('hashes sha256(previous hash + newline + canonical form) in lower-case hex', () => {
    const [first] = buildChain(1);
    expect(first.previousHash).toBe('0'.repeat(64));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalEntry(first)).toBe(
      '["ipledger.journal-entry.v1","1","je_00000000000000000000000000000001","00000000-0000-4000-8000-000000000001","LoanRepaid",' +
        '"2026-06-02","","corr-1","Repayment 1","2026-06-02T08:00:00.000Z",' +
        '[["0","bank:bank-a:cash","DEBIT","1000000.01"],["1","loan:bank-a:ln_1:principal","CREDIT","1000000.00"],["2","bank:bank-a:interest-income","CREDIT","0.01"]]]',
    );
  });

  it('spells an amount as Money does, however it was given, and refuses what Money refuses', () => {
    const [first] = buildChain(1);
    const amount = fc
      .tuple(
        fc.constantFrom('', '-'),
        fc.constantFrom('', '0', '00'),
        fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 10n ** 29n })),
        fc.constantFrom('', '.', '.0', '.5', '.05', '.50', '.00', '.001'),
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(amount, (given) => {
        const entry = { ...first, postings: [{ ...first.postings[0], amount: given }] };
        let spelled: string | undefined;
        try {
          spelled = Money.of(given).toString();
        } catch {
          spelled = undefined;
        }
        if (spelled === undefined) expect(() => canonicalEntry(entry)).toThrow();
        else expect(canonicalEntry(entry)).toContain(`"DEBIT","${spelled}"]]]`);
      }),
      { numRuns: 2000 },
    );
  });

  it('does not depend on the order postings are listed in, only on their positions', () => {
    const [first] = buildChain(1);
    expect(entryHash(GENESIS_HASH, { ...first, postings: [...first.postings].reverse() })).toBe(first.hash);
  });

  it('detects one tampered amount at the entry that holds it', () => {
    const chain = buildChain(5);
    chain[2] = { ...chain[2], postings: chain[2].postings.map((p) => (p.position === 1 ? { ...p, amount: '1000001.00' } : p)) };
    expect(verifyChain(chain)).toEqual({ ok: false, sequence: 3n, reason: expect.stringMatching(/was altered/) });
  });

  it('detects a rewritten entry whose hash was recomputed, at the entry after it', () => {
    const chain = buildChain(5);
    const altered = { ...chain[1], description: 'Repayment 2 (edited)' };
    chain[1] = { ...altered, hash: entryHash(altered.previousHash, altered) };
    expect(verifyChain(chain)).toEqual({ ok: false, sequence: 3n, reason: expect.stringMatching(/previous hash/) });
  });

  it('detects a removed entry as a gap in the sequence', () => {
    const chain = buildChain(5);
    chain.splice(3, 1);
    expect(verifyChain(chain)).toEqual({ ok: false, sequence: 5n, reason: 'expected sequence 4, found 5' });
  });

  it('tells a description with separators apart from one without', () => {
    const [first] = buildChain(1);
    const tricky = { ...first, description: 'Repayment 1","2026-06-02' };
    expect(entryHash(GENESIS_HASH, tricky)).not.toBe(first.hash);
  });

  it('continues from a known head', () => {
    const chain = buildChain(4);
    expect(verifyChain(chain.slice(2), { sequence: 2n, hash: chain[1].hash })).toMatchObject({ ok: true, head: { sequence: 4n } });
  });
});
