// The audit trail's hash chain: each entry's hash covers its canonical form and the hash of the
// entry before it, sequenced gap-free from 1 by the audit service. Rewriting, removing or
// inserting an entry changes every hash after it; signed checkpoints (the ledger's checkpoint
// code, under the audit chain's own version tag) pin the head. The canonical form must stay
// byte-identical: every stored hash depends on it.
import { createHash } from 'node:crypto';

export const AUDIT_GENESIS_HASH = '0'.repeat(64);
/** Bumped if the canonical form ever changes; part of what is hashed. */
export const AUDIT_ENTRY_VERSION = 'ipledger.audit-entry.v1';
/** The first line of what an audit checkpoint signs (a ledger checkpoint's says ledger). */
export const AUDIT_CHECKPOINT_VERSION = 'ipledger.audit-checkpoint.v1';

/** What the hash covers: every stored field of an entry. Times are ISO-8601 UTC with milliseconds. */
export interface HashedAuditEntry {
  sequence: bigint;
  auditId: string;
  eventId: string;
  at: string;
  service: string;
  method: string;
  path: string;
  targetId: string | null;
  actorOrgId: string | null;
  actorRole: string | null;
  actorUserId: string | null;
  requestId: string;
  correlationId: string;
  outcome: string;
  status: number;
  reason: string | null;
  sourceAddress: string | null;
  userAgent: string | null;
  recordedAt: string;
}

export interface ChainedAuditEntry extends HashedAuditEntry {
  previousHash: string;
  hash: string;
}

/** A JSON array in a fixed order (free text cannot forge a separator; null stays null). */
export function canonicalAuditEntry(entry: HashedAuditEntry): string {
  return JSON.stringify([
    AUDIT_ENTRY_VERSION,
    entry.sequence.toString(10),
    entry.auditId,
    entry.eventId,
    entry.at,
    entry.service,
    entry.method,
    entry.path,
    entry.targetId,
    entry.actorOrgId,
    entry.actorRole,
    entry.actorUserId,
    entry.requestId,
    entry.correlationId,
    entry.outcome,
    String(entry.status),
    entry.reason,
    entry.sourceAddress,
    entry.userAgent,
    entry.recordedAt,
  ]);
}

/** sha256(previousHash + "\n" + canonical form), lower-case hex. */
export function auditEntryHash(previousHash: string, entry: HashedAuditEntry): string {
  return createHash('sha256')
    .update(`${previousHash}\n${canonicalAuditEntry(entry)}`, 'utf8')
    .digest('hex');
}

/** Chains `entry` after the head (sequence, hash). */
export function chainAuditEntry(head: { sequence: bigint; hash: string }, entry: Omit<HashedAuditEntry, 'sequence'>): ChainedAuditEntry {
  const sequenced = { ...entry, sequence: head.sequence + 1n };
  return { ...sequenced, previousHash: head.hash, hash: auditEntryHash(head.hash, sequenced) };
}
