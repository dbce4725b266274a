// A made-up journal of any length, generated lazily (one entry at a time) with a checkpoint every
// N entries: for the verifier's tests and the verify benchmark, never for real data.
import type { ExportItem } from './audit-file-writer';
import { signCheckpoint } from './checkpoint';
import { entryHash, GENESIS_HASH, type HashedEntry } from './hash-chain';
import type { LedgerSigningKey } from './signing-key';

export interface SyntheticJournalOptions {
  entries: number;
  signingKey: LedgerSigningKey;
  /** A checkpoint after every this many entries (and none after the tail). */
  checkpointEvery: number;
}

function syntheticEntry(n: number): HashedEntry {
  const fen = BigInt(100_000_00 + ((n * 7919) % 5_000_000_00));
  const amount = `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
  return {
    sequence: BigInt(n),
    id: `je_${n.toString(16).padStart(32, '0')}`,
    eventId: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    eventType: 'LoanDisbursed',
    description: `Disbursement ${n}`,
    effectiveDate: '2026-06-02',
    reversesEntryId: null,
    correlationId: `corr-${n}`,
    postedAt: new Date(Date.UTC(2026, 5, 2) + n * 1000).toISOString(),
    postings: [
      { position: 0, accountCode: `loan:bank-a:ln_${n}:principal`, direction: 'DEBIT', amount },
      { position: 1, accountCode: 'bank:bank-a:cash', direction: 'CREDIT', amount },
    ],
  };
}

export function* syntheticJournal(options: SyntheticJournalOptions): Generator<ExportItem> {
  let previousHash = GENESIS_HASH;
  for (let n = 1; n <= options.entries; n += 1) {
    const entry = syntheticEntry(n);
    const hash = entryHash(previousHash, entry);
    yield { kind: 'entry', entry: { ...entry, previousHash, hash } };
    if (n % options.checkpointEvery === 0) {
      yield {
        kind: 'checkpoint',
        checkpoint: signCheckpoint({ sequence: entry.sequence, hash }, new Date(Date.UTC(2026, 5, 3)), options.signingKey),
      };
    }
    previousHash = hash;
  }
}
