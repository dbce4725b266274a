// The hash chain over the journal: each entry's hash covers its own canonical form and the hash of
// the entry before it, so rewriting any posted entry changes every hash after it. The chain proves
// something only against a head kept elsewhere (the chain_head row, and the signed checkpoints of
// checkpoint.ts): verifyChain returns the head it computed so callers can compare. The canonical
// form must stay byte-identical: every stored hash depends on it.
import { Money } from '@ipledger/money';
import { sha256Hex } from './sha256';

export const GENESIS_HASH = '0'.repeat(64);
export const GENESIS_SEQUENCE = 0n;
/** Bumped if the canonical form ever changes; part of what is hashed. */
export const CANONICAL_VERSION = 'ipledger.journal-entry.v1';

/** Which side of the account a posting is on. */
export type Direction = 'DEBIT' | 'CREDIT';

export interface ChainedPosting {
  position: number;
  accountCode: string;
  direction: Direction;
  amount: string;
}

/** What the hash covers: everything about an entry except the hashes themselves. */
export interface HashedEntry {
  sequence: bigint;
  id: string;
  eventId: string;
  eventType: string;
  description: string;
  effectiveDate: string;
  reversesEntryId: string | null;
  correlationId: string;
  /** ISO-8601 with milliseconds, UTC (what PostgreSQL's timestamptz(3) gives back). */
  postedAt: string;
  postings: readonly ChainedPosting[];
}

export interface ChainedEntry extends HashedEntry {
  previousHash: string;
  hash: string;
}

/** An amount as Money spells it (two decimals, no leading zeros, no "-0.00"); at most MAX_TOTAL's 28 integer digits. */
const MONEY_SPELLING = /^(?!-0\.00$)-?(?:0|[1-9]\d{0,27})\.\d{2}$/;

/** Money's spelling of an amount: most amounts already have it, and Money.of costs a microsecond. */
function canonicalAmount(amount: string): string {
  return MONEY_SPELLING.test(amount) ? amount : Money.of(amount).toString();
}

/** The postings sorted by position (a stable sort); most are listed so already, and then are not copied. */
function inPositionOrder(postings: readonly ChainedPosting[]): readonly ChainedPosting[] {
  for (let i = 1; i < postings.length; i += 1) {
    if (!(postings[i].position >= postings[i - 1].position)) return [...postings].sort((a, b) => a.position - b.position);
  }
  return postings;
}

/**
 * The canonical form: a JSON array in a fixed field order (so free text such as the description
 * cannot be confused with a separator), amounts with exactly two decimals, postings in position
 * order, the sequence as a decimal string.
 */
export function canonicalEntry(entry: HashedEntry): string {
  const postings = inPositionOrder(entry.postings).map((posting) => [
    String(posting.position),
    posting.accountCode,
    posting.direction,
    canonicalAmount(posting.amount),
  ]);
  return JSON.stringify([
    CANONICAL_VERSION,
    entry.sequence.toString(10),
    entry.id,
    entry.eventId,
    entry.eventType,
    entry.effectiveDate,
    entry.reversesEntryId ?? '',
    entry.correlationId,
    entry.description,
    entry.postedAt,
    postings,
  ]);
}

/** sha256(previousHash + "\n" + canonical form), lower-case hex. */
export function entryHash(previousHash: string, entry: HashedEntry): string {
  return sha256Hex(`${previousHash}\n${canonicalEntry(entry)}`);
}

export interface ChainHead {
  sequence: bigint;
  hash: string;
}

export const GENESIS: ChainHead = { sequence: GENESIS_SEQUENCE, hash: GENESIS_HASH };

export type ChainVerification = { ok: true; head: ChainHead; entriesChecked: number } | { ok: false; sequence: bigint; reason: string };

/**
 * Recomputes the chain over `entries` (in sequence order) starting after `from` (genesis by
 * default): every sequence follows the previous one, every entry names the previous hash and
 * its stored hash is the recomputed one. Returns the first entry that breaks and why.
 */
export function verifyChain(entries: Iterable<ChainedEntry>, from: ChainHead = GENESIS): ChainVerification {
  let head = from;
  let entriesChecked = 0;
  for (const entry of entries) {
    const expectedSequence = head.sequence + 1n;
    if (entry.sequence !== expectedSequence) {
      return { ok: false, sequence: entry.sequence, reason: `expected sequence ${expectedSequence}, found ${entry.sequence}` };
    }
    if (entry.previousHash !== head.hash) {
      return {
        ok: false,
        sequence: entry.sequence,
        reason: `previous hash ${entry.previousHash} differs from the hash of entry ${head.sequence} (${head.hash})`,
      };
    }
    const recomputed = entryHash(head.hash, entry);
    if (recomputed !== entry.hash) {
      return {
        ok: false,
        sequence: entry.sequence,
        reason: `stored hash ${entry.hash} differs from the recomputed ${recomputed}: the entry was altered`,
      };
    }
    head = { sequence: entry.sequence, hash: entry.hash };
    entriesChecked += 1;
  }
  return { ok: true, head, entriesChecked };
}
