// A made-up, correctly chained and signed audit export, for the tests of the verifier and of the
// CLI (no database needed).
import { signCheckpoint, type LedgerSigningKey } from '@ipledger/ledger-proof';
import { AUDIT_CHECKPOINT_VERSION, AUDIT_GENESIS_HASH, chainAuditEntry, type ChainedAuditEntry } from './audit-chain';
import { auditCheckpointLine, auditEndLine, auditEntryLine, auditHeaderLine } from './audit-export';

/** `count` chained entries: odd ones succeeded commands, even ones 404 probes of another bank's loan. */
export function syntheticAuditTrail(count: number): ChainedAuditEntry[] {
  const entries: ChainedAuditEntry[] = [];
  let head = { sequence: 0n, hash: AUDIT_GENESIS_HASH };
  for (let index = 1; index <= count; index += 1) {
    const probe = index % 2 === 0;
    const entry = chainAuditEntry(head, {
      auditId: `aud_${index.toString(16).padStart(32, '0')}`,
      eventId: `00000000-0000-7000-8000-${index.toString().padStart(12, '0')}`,
      at: new Date(Date.UTC(2026, 0, 5, 2, 0, index)).toISOString(),
      service: 'lending',
      method: probe ? 'GET' : 'POST',
      path: '/api/loans/{loanId}',
      targetId: `ln_${index}`,
      actorOrgId: 'bank-cq-rural',
      actorRole: 'bank',
      actorUserId: 'li.wei',
      requestId: `req-${index}`,
      correlationId: `corr-${index}`,
      outcome: probe ? 'refused' : 'succeeded',
      status: probe ? 404 : 201,
      reason: probe ? 'not-found: no loan ln_x' : null,
      sourceAddress: '198.51.100.7',
      userAgent: 'curl/8.5.0',
      recordedAt: new Date(Date.UTC(2026, 0, 5, 2, 1, index)).toISOString(),
    });
    entries.push(entry);
    head = { sequence: entry.sequence, hash: entry.hash };
  }
  return entries;
}

/** The export lines of `entries`, with a checkpoint signed by `signingKey` after every `checkpointEvery` entries. */
export function syntheticAuditExport(entries: readonly ChainedAuditEntry[], signingKey: LedgerSigningKey, checkpointEvery = 2): string[] {
  const lines = [auditHeaderLine(signingKey.keyId, new Date('2026-01-06T00:00:00.000Z'))];
  let checkpoints = 0;
  for (const entry of entries) {
    lines.push(auditEntryLine(entry));
    if (entry.sequence % BigInt(checkpointEvery) === 0n) {
      lines.push(auditCheckpointLine(signCheckpoint(entry, new Date('2026-01-05T03:00:00.000Z'), signingKey, AUDIT_CHECKPOINT_VERSION)));
      checkpoints += 1;
    }
  }
  const last = entries[entries.length - 1];
  lines.push(
    auditEndLine({
      entries: entries.length,
      checkpoints,
      head: last ? { sequence: last.sequence, hash: last.hash } : { sequence: 0n, hash: AUDIT_GENESIS_HASH },
    }),
  );
  return lines;
}
