// Where a posted entry goes in the chain: the next sequence number after the head, and the hash
// that links it to the head's (libs/ledger-proof/src/hash-chain.ts defines what is hashed). Pure:
// the caller holds the chain head's lock, so the sequence is gap-free and the chain unbroken.
import { entryHash, type ChainedEntry, type ChainHead, type HashedEntry } from '@ipledger/ledger-proof';
import type { JournalEntryDraft } from './journal-entry';

export interface EntryIdentity {
  /** The new entry's id (je_…). */
  id: string;
  /** When the ledger posted it (the server's clock). */
  postedAt: Date;
}

/** The draft as the entry after `head`: sequence head + 1, positions numbered, linked by hash. */
export function chainEntry(head: ChainHead, draft: JournalEntryDraft, identity: EntryIdentity): ChainedEntry {
  const hashed: HashedEntry = {
    sequence: head.sequence + 1n,
    id: identity.id,
    eventId: draft.eventId,
    eventType: draft.eventType,
    description: draft.description,
    effectiveDate: draft.effectiveDate,
    reversesEntryId: draft.reversesEntryId,
    correlationId: draft.correlationId,
    postedAt: identity.postedAt.toISOString(),
    postings: draft.postings.map((posting, position) => ({ position, ...posting })),
  };
  return { ...hashed, previousHash: head.hash, hash: entryHash(head.hash, hashed) };
}
