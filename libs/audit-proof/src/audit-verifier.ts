// Verifies an audit export in one pass with constant memory: the header, the hash chain (sequence
// gap-free from 1, each previous hash, each recomputed hash), every checkpoint (signed by one of
// the given public keys under the audit chain's tag, and equal to the chain where it stands) and
// the end line (counts and head). Stops at the FIRST failure and says where and why.
import { checkCheckpointSignature, type Checkpoint, type LedgerPublicKey } from '@ipledger/ledger-proof';
import { AUDIT_CHECKPOINT_VERSION, AUDIT_GENESIS_HASH, auditEntryHash, type ChainedAuditEntry } from './audit-chain';
import { AUDIT_EXPORT_FORMAT, parseAuditExportLine, type AuditExportItem } from './audit-export';

export interface AuditVerified {
  ok: true;
  entries: number;
  checkpoints: number;
  head: { sequence: bigint; hash: string };
  lastCheckpoint: Checkpoint | null;
  /** Entries after the newest checkpoint: covered by the chain only, not yet by a signature. */
  entriesAfterLastCheckpoint: number;
}

export interface AuditVerificationFailure {
  ok: false;
  /** The entry that does not match, or the one expected where the break is. */
  sequence: bigint | null;
  auditId: string | null;
  line: number | null;
  reason: string;
}

export type AuditVerification = AuditVerified | AuditVerificationFailure;

class Pass {
  head = { sequence: 0n, hash: AUDIT_GENESIS_HASH };
  headAuditId: string | null = null;
  entries = 0;
  checkpoints = 0;
  lastCheckpoint: Checkpoint | null = null;
  items = 0;
  ended = false;

  constructor(private readonly publicKeys: readonly LedgerPublicKey[]) {}

  private fail(
    reason: string,
    at: { sequence?: bigint | null; auditId?: string | null; line?: number | null } = {},
  ): AuditVerificationFailure {
    return { ok: false, sequence: at.sequence ?? null, auditId: at.auditId ?? null, line: at.line ?? null, reason };
  }

  private where(): string {
    return this.head.sequence === 0n ? 'before the first entry' : `after entry ${this.head.sequence}`;
  }

  check(item: AuditExportItem): AuditVerificationFailure | undefined {
    this.items += 1;
    const line = item.line;
    if (this.ended) return this.fail(`line ${line} follows the end line: the export has content after its end`, { line });
    if (this.items === 1 && item.kind !== 'header')
      return this.fail(`the export does not start with a ${AUDIT_EXPORT_FORMAT} header line`, { line });
    switch (item.kind) {
      case 'unreadable':
        return this.fail(`line ${line}, ${this.where()}, is ${item.reason}`, { sequence: item.sequence ?? this.head.sequence + 1n, line });
      case 'header': {
        if (this.items !== 1) return this.fail('a header line in the middle of the export', { line });
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
            `the end line counts ${end.entries} entries and ${end.checkpoints} checkpoints; the export holds ${this.entries} and ${this.checkpoints}`,
            { line },
          );
        }
        if (end.head.sequence !== this.head.sequence || end.head.hash !== this.head.hash) {
          return this.fail(
            `the end line names head ${end.head.sequence} ${end.head.hash}; the chain ends at ${this.head.sequence} ${this.head.hash}`,
            { line },
          );
        }
        return undefined;
      }
    }
  }

  private checkEntry(entry: ChainedAuditEntry, line: number): AuditVerificationFailure | undefined {
    const at = { sequence: entry.sequence, auditId: entry.auditId, line };
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
    const recomputed = auditEntryHash(this.head.hash, entry);
    if (recomputed !== entry.hash)
      return this.fail(`its stored hash ${entry.hash} differs from the recomputed ${recomputed}: the entry was altered`, at);
    this.head = { sequence: entry.sequence, hash: entry.hash };
    this.headAuditId = entry.auditId;
    this.entries += 1;
    return undefined;
  }

  private checkCheckpoint(checkpoint: Checkpoint, line: number): AuditVerificationFailure | undefined {
    const at = { sequence: checkpoint.sequence, auditId: checkpoint.sequence === this.head.sequence ? this.headAuditId : null, line };
    const signature = checkCheckpointSignature(checkpoint, this.publicKeys, AUDIT_CHECKPOINT_VERSION);
    if (!signature.ok) return this.fail(signature.reason, at);
    if (checkpoint.sequence > this.head.sequence) {
      return this.fail(
        `checkpoint ${checkpoint.sequence} signs an entry that is not there: the chain ends at ${this.head.sequence} (entries removed?)`,
        at,
      );
    }
    if (checkpoint.sequence !== this.head.sequence)
      return this.fail(`checkpoint ${checkpoint.sequence} stands ${this.where()}, not right after the entry it signs`, at);
    if (checkpoint.hash !== this.head.hash) {
      return this.fail(
        `the checkpoint signed on ${checkpoint.signedAt} says the hash is ${checkpoint.hash}, the chain has ${this.head.hash}: the trail up to here was rewritten`,
        at,
      );
    }
    this.checkpoints += 1;
    this.lastCheckpoint = checkpoint;
    return undefined;
  }

  finish(): AuditVerification {
    if (this.items === 0) return this.fail('the export is empty', { line: 1 });
    if (!this.ended)
      return this.fail(`the export ends ${this.where()} without its end line: it was cut short`, { sequence: this.head.sequence });
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

/** Verifies the lines of an audit export (blank lines ignored); the counts and head, or the first failure. */
export async function verifyAuditExport(
  lines: AsyncIterable<string> | Iterable<string>,
  publicKeys: readonly LedgerPublicKey[],
): Promise<AuditVerification> {
  const pass = new Pass(publicKeys);
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    const failure = pass.check(parseAuditExportLine(text, number));
    if (failure !== undefined) return failure;
  }
  return pass.finish();
}
