// What a verifier reads, wherever it comes from (an audit file, the ledger's database): entries
// and checkpoints in sequence order, a checkpoint right after the entry it signs; a file adds its
// header and end lines, and reports a line it could not read instead of throwing.
import type { Checkpoint } from './checkpoint';
import type { ChainedEntry, ChainHead } from './hash-chain';

export interface AuditHeader {
  format: typeof AUDIT_FORMAT;
  exportedAt: string;
  /** The key that signed the newest checkpoint at export time; null when there was none. */
  keyId: string | null;
  /** The versions of the hashed entry form and of the signed checkpoint message. */
  entryForm: string;
  checkpointForm: string;
}

export interface AuditEnd {
  entries: number;
  checkpoints: number;
  head: ChainHead;
}

export const AUDIT_FORMAT = 'ipledger.ledger-audit.v1';

/** `line` is the 1-based line of an audit file; absent for items read from a database. */
export type LedgerStreamItem =
  | { kind: 'header'; header: AuditHeader; line?: number }
  | { kind: 'entry'; entry: ChainedEntry; line?: number }
  | { kind: 'checkpoint'; checkpoint: Checkpoint; line?: number }
  | { kind: 'end'; end: AuditEnd; line?: number }
  /** A line that is not valid JSON or not a valid line of the format; sequence and id when they could be made out. */
  | { kind: 'unreadable'; line: number; reason: string; sequence?: bigint; entryId?: string };
