// The audit export (NDJSON, format ipledger.audit-export.v1), written by the audit service for the
// bureau and read by `ipledger audit verify`: a header line, one line per chained entry in
// sequence order, each checkpoint right after the entry it signs, and an end line with the counts
// and the head. Encoding and decoding of single lines.
import { z } from 'zod';
import type { Checkpoint } from '@ipledger/ledger-proof';
import { AUDIT_CHECKPOINT_VERSION, AUDIT_ENTRY_VERSION, type ChainedAuditEntry } from './audit-chain';

export const AUDIT_EXPORT_FORMAT = 'ipledger.audit-export.v1';
export const AUDIT_EXPORT_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';

export interface AuditExportHeader {
  format: typeof AUDIT_EXPORT_FORMAT;
  exportedAt: string;
  /** The key id of the audit service's current signing key. */
  keyId: string;
  entryForm: string;
  checkpointForm: string;
}

export interface AuditExportEnd {
  entries: number;
  checkpoints: number;
  head: { sequence: bigint; hash: string };
}

export type AuditExportItem =
  | { kind: 'header'; line: number; header: AuditExportHeader }
  | { kind: 'entry'; line: number; entry: ChainedAuditEntry }
  | { kind: 'checkpoint'; line: number; checkpoint: Checkpoint }
  | { kind: 'end'; line: number; end: AuditExportEnd }
  | { kind: 'unreadable'; line: number; reason: string; sequence?: bigint };

const Sequence = z.string().regex(/^(0|[1-9]\d{0,18})$/, { message: 'must be a sequence number as a decimal string' });
const Hash = z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hex digits' });
const Instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, { message: 'must be an ISO-8601 UTC time with milliseconds' });
const Text = z.string();
const MaybeText = z.string().nullable();

const HeaderLine = z.strictObject({
  kind: z.literal('header'),
  format: z.literal(AUDIT_EXPORT_FORMAT, { message: `must be ${AUDIT_EXPORT_FORMAT}` }),
  exportedAt: Instant,
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  entryForm: Text,
  checkpointForm: Text,
});

const EntryLine = z.strictObject({
  kind: z.literal('entry'),
  sequence: Sequence,
  auditId: Text,
  eventId: Text,
  at: Instant,
  service: Text,
  method: Text,
  path: Text,
  targetId: MaybeText,
  actorOrgId: MaybeText,
  actorRole: MaybeText,
  actorUserId: MaybeText,
  requestId: Text,
  correlationId: Text,
  outcome: Text,
  status: z.number().int(),
  reason: MaybeText,
  sourceAddress: MaybeText,
  userAgent: MaybeText,
  recordedAt: Instant,
  previousHash: Hash,
  hash: Hash,
});

const CheckpointLine = z.strictObject({
  kind: z.literal('checkpoint'),
  sequence: Sequence,
  hash: Hash,
  signedAt: Instant,
  keyId: Text,
  signature: Text,
});

const EndLine = z.strictObject({
  kind: z.literal('end'),
  entries: z.number().int().min(0),
  checkpoints: z.number().int().min(0),
  head: z.strictObject({ sequence: Sequence, hash: Text }),
});

const Line = z.discriminatedUnion('kind', [HeaderLine, EntryLine, CheckpointLine, EndLine]);

export function auditHeaderLine(keyId: string, exportedAt: Date): string {
  const header: AuditExportHeader = {
    format: AUDIT_EXPORT_FORMAT,
    exportedAt: exportedAt.toISOString(),
    keyId,
    entryForm: `sha256(previousHash + "\\n" + JSON [${AUDIT_ENTRY_VERSION}, sequence, auditId, eventId, at, service, method, path, targetId, actorOrgId, actorRole, actorUserId, requestId, correlationId, outcome, status, reason, sourceAddress, userAgent, recordedAt])`,
    checkpointForm: `Ed25519 over "${AUDIT_CHECKPOINT_VERSION}\\n<sequence>\\n<hash>\\n<signedAt>"`,
  };
  return JSON.stringify({ kind: 'header', ...header });
}

export function auditEntryLine(entry: ChainedAuditEntry): string {
  const { sequence, ...rest } = entry;
  return JSON.stringify({ kind: 'entry', sequence: sequence.toString(10), ...rest });
}

export function auditCheckpointLine(checkpoint: Checkpoint): string {
  return JSON.stringify({ kind: 'checkpoint', ...checkpoint, sequence: checkpoint.sequence.toString(10) });
}

export function auditEndLine(end: AuditExportEnd): string {
  return JSON.stringify({
    kind: 'end',
    entries: end.entries,
    checkpoints: end.checkpoints,
    head: { sequence: end.head.sequence.toString(10), hash: end.head.hash },
  });
}

/** One line of an export as an item; a line that cannot be read becomes `unreadable` naming why. */
export function parseAuditExportLine(text: string, line: number): AuditExportItem {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'unreadable', line, reason: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = Line.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`).join('; ');
    const sequence = /"sequence":"(\d{1,19})"/.exec(text)?.[1];
    return {
      kind: 'unreadable',
      line,
      reason: `not a valid line of ${AUDIT_EXPORT_FORMAT} (${problems})`,
      ...(sequence === undefined ? {} : { sequence: BigInt(sequence) }),
    };
  }
  const value = parsed.data;
  switch (value.kind) {
    case 'header': {
      const { kind: _kind, ...header } = value;
      return { kind: 'header', line, header };
    }
    case 'entry': {
      const { kind: _kind, sequence, ...rest } = value;
      return { kind: 'entry', line, entry: { ...rest, sequence: BigInt(sequence) } };
    }
    case 'checkpoint': {
      const { kind: _kind, sequence, ...rest } = value;
      return { kind: 'checkpoint', line, checkpoint: { ...rest, sequence: BigInt(sequence) } };
    }
    case 'end':
      return {
        kind: 'end',
        line,
        end: {
          entries: value.entries,
          checkpoints: value.checkpoints,
          head: { sequence: BigInt(value.head.sequence), hash: value.head.hash },
        },
      };
  }
}
