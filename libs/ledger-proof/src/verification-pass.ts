// The rules of verifying a ledger stream (an audit file or the database, see ledger-stream.ts),
// applied one item at a time with constant memory: the hash chain (gap-free sequence, previous
// hash, recomputed hash), every checkpoint (signed by a given public key, and equal to the chain
// where it stands), and for a file its header and end line. The first failure names the entry and
// why. Shared by the stream verifier and the audit file verifier.
import { checkCheckpointSignature, type Checkpoint } from './checkpoint';
import { entryHash, GENESIS, type ChainedEntry, type ChainHead } from './hash-chain';
import { AUDIT_FORMAT, type LedgerStreamItem } from './ledger-stream';
import type { LedgerPublicKey } from './signing-key';

export interface StreamVerifierOptions {
  /** The keys checkpoints may be signed with (more than one after a rotation). */
  publicKeys: readonly LedgerPublicKey[];
  /** An audit file: it must start with its header and end with its end line. A database stream has neither. */
  file: boolean;
}

export interface StreamVerified {
  ok: true;
  entries: number;
  checkpoints: number;
  head: ChainHead;
  lastCheckpoint: Checkpoint | null;
  /** Entries after the newest checkpoint: covered by the chain only, not yet by a signature. */
  entriesAfterLastCheckpoint: number;
}

export interface StreamFailure {
  ok: false;
  /** The entry that does not match (for a damaged line: the one it seems to be, or the one expected there). */
  sequence: bigint | null;
  entryId: string | null;
  /** The line of the audit file, when reading one. */
  line: number | null;
  reason: string;
}

export type StreamVerification = StreamVerified | StreamFailure;

/** Mutable state of one pass: the head so far and counters, nothing that grows with the ledger. */
export class VerificationPass {
  head: ChainHead = GENESIS;
  headEntryId: string | null = null;
  headLine: number | null = null;
  entries = 0;
  checkpoints = 0;
  lastCheckpoint: Checkpoint | null = null;
  itemsSeen = 0;
  ended = false;

  constructor(private readonly options: StreamVerifierOptions) {}

  fail(reason: string, at: { sequence?: bigint | null; entryId?: string | null; line?: number | null }): StreamFailure {
    return { ok: false, sequence: at.sequence ?? null, entryId: at.entryId ?? null, line: at.line ?? null, reason };
  }

  /** "after entry 41 (line 56)", or "at the start" before any entry. */
  private where(): string {
    if (this.head.sequence === GENESIS.sequence) return 'before the first entry';
    return `after entry ${this.head.sequence}${this.headLine === null ? '' : ` (line ${this.headLine})`}`;
  }

  /** Checks one item; a failure when it breaks something, undefined when it fits. */
  check(item: LedgerStreamItem): StreamFailure | undefined {
    const line = item.line ?? null;
    this.itemsSeen += 1;
    if (this.ended)
      return this.fail(`line ${line ?? '?'} follows the end line: the file has content after its end`, {
        sequence: this.head.sequence,
        entryId: this.headEntryId,
        line,
      });
    if (this.options.file && this.itemsSeen === 1 && item.kind !== 'header' && item.kind !== 'unreadable') {
      return this.fail(`the file does not start with a ${AUDIT_FORMAT} header line`, { line });
    }
    switch (item.kind) {
      case 'unreadable': {
        const expected = this.head.sequence + 1n;
        return this.fail(`line ${item.line}, ${this.where()}, is ${item.reason}`, {
          sequence: item.sequence ?? expected,
          entryId: item.entryId ?? null,
          line: item.line,
        });
      }
      case 'header': {
        if (this.itemsSeen !== 1) return this.fail('a header line in the middle of the file', { sequence: this.head.sequence, line });
        const { keyId } = item.header;
        if (keyId !== null && !this.options.publicKeys.some((key) => key.keyId === keyId)) {
          const given = this.options.publicKeys.map((key) => key.keyId).join(', ') || 'none';
          return this.fail(`the file's checkpoints are signed with key ${keyId}; the public key given is ${given}`, { line });
        }
        return undefined;
      }
      case 'entry':
        return this.checkEntry(item.entry, line);
      case 'checkpoint':
        return this.checkCheckpoint(item.checkpoint, line);
      case 'end': {
        this.ended = true;
        const { end } = item;
        if (end.entries !== this.entries || end.checkpoints !== this.checkpoints) {
          return this.fail(
            `the end line counts ${end.entries} entries and ${end.checkpoints} checkpoints; the file holds ${this.entries} and ${this.checkpoints}`,
            { sequence: this.head.sequence, entryId: this.headEntryId, line },
          );
        }
        if (end.head.sequence !== this.head.sequence || end.head.hash !== this.head.hash) {
          return this.fail(
            `the end line names head ${end.head.sequence} ${end.head.hash}; the chain ends at ${this.head.sequence} ${this.head.hash}`,
            {
              sequence: this.head.sequence,
              entryId: this.headEntryId,
              line,
            },
          );
        }
        return undefined;
      }
    }
  }

  private checkEntry(entry: ChainedEntry, line: number | null): StreamFailure | undefined {
    const at = { sequence: entry.sequence, entryId: entry.id, line };
    const expected = this.head.sequence + 1n;
    if (entry.sequence !== expected) {
      return this.fail(
        `expected sequence ${expected} ${this.where()}, found ${entry.sequence}: entries are missing, repeated or out of order`,
        at,
      );
    }
    if (entry.previousHash !== this.head.hash) {
      return this.fail(
        `its previous hash ${entry.previousHash} differs from the hash of entry ${this.head.sequence} (${this.head.hash})`,
        at,
      );
    }
    const recomputed = entryHash(this.head.hash, entry);
    if (recomputed !== entry.hash) {
      return this.fail(`its stored hash ${entry.hash} differs from the recomputed ${recomputed}: the entry was altered`, at);
    }
    this.head = { sequence: entry.sequence, hash: entry.hash };
    this.headEntryId = entry.id;
    this.headLine = line;
    this.entries += 1;
    return undefined;
  }

  private checkCheckpoint(checkpoint: Checkpoint, line: number | null): StreamFailure | undefined {
    const at = { sequence: checkpoint.sequence, entryId: checkpoint.sequence === this.head.sequence ? this.headEntryId : null, line };
    const signature = checkCheckpointSignature(checkpoint, this.options.publicKeys);
    if (!signature.ok) return this.fail(signature.reason, at);
    if (checkpoint.sequence > this.head.sequence) {
      return this.fail(
        `checkpoint ${checkpoint.sequence} signs an entry that is not there: the chain ends at ${this.head.sequence} (entries removed?)`,
        at,
      );
    }
    if (checkpoint.sequence !== this.head.sequence) {
      return this.fail(`checkpoint ${checkpoint.sequence} stands ${this.where()}, not right after the entry it signs`, at);
    }
    if (checkpoint.hash !== this.head.hash) {
      return this.fail(
        `the checkpoint signed on ${checkpoint.signedAt} says its hash is ${checkpoint.hash}, the chain has ${this.head.hash}: the journal up to here was rewritten`,
        at,
      );
    }
    this.checkpoints += 1;
    this.lastCheckpoint = checkpoint;
    return undefined;
  }

  finish(): StreamVerification {
    if (this.options.file && this.itemsSeen === 0) return this.fail('the file is empty', { line: 1 });
    if (this.options.file && !this.ended) {
      return this.fail(`the file ends ${this.where()} without its end line: it was cut short`, {
        sequence: this.head.sequence,
        entryId: this.headEntryId,
        line: this.headLine,
      });
    }
    return {
      ok: true,
      entries: this.entries,
      checkpoints: this.checkpoints,
      head: this.head,
      lastCheckpoint: this.lastCheckpoint,
      entriesAfterLastCheckpoint: Number(this.head.sequence - (this.lastCheckpoint?.sequence ?? 0n)),
    };
  }
}
