// The audit file (NDJSON, format ipledger.ledger-audit.v1): a header line, one line per journal
// entry with its postings (amounts as strings), each checkpoint line right after the entry it
// signs, and an end line with the counts and the head. Encoding and decoding of single lines.
import { z } from 'zod';
import type { Checkpoint } from './checkpoint';
import type { ChainedEntry } from './hash-chain';
import { AUDIT_FORMAT, type AuditEnd, type AuditHeader, type LedgerStreamItem } from './ledger-stream';

const Sequence = z
  .string({ error: 'must be a sequence number as a decimal string' })
  .regex(/^(0|[1-9]\d{0,18})$/, { message: 'must be a sequence number as a decimal string' });
const Hash = z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hex digits' });
const Instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, { message: 'must be an ISO-8601 UTC time with milliseconds' });
const Amount = z
  .string({ error: 'must be an amount with two decimals, as a string' })
  .regex(/^\d{1,18}\.\d{2}$/, { message: 'must be an amount with two decimals, as a string' });

const HeaderLine = z.strictObject({
  kind: z.literal('header'),
  format: z.literal(AUDIT_FORMAT, { message: `must be ${AUDIT_FORMAT}` }),
  exportedAt: Instant,
  keyId: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .nullable(),
  entryForm: z.string(),
  checkpointForm: z.string(),
});

const EntryLine = z.strictObject({
  kind: z.literal('entry'),
  sequence: Sequence,
  id: z.string().min(1),
  eventId: z.string(),
  eventType: z.string(),
  description: z.string(),
  effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }),
  reversesEntryId: z.string().nullable(),
  correlationId: z.string(),
  postedAt: Instant,
  previousHash: Hash,
  hash: Hash,
  postings: z.array(
    z.strictObject({
      position: z.number().int().min(0),
      accountCode: z.string().min(1),
      direction: z.enum(['DEBIT', 'CREDIT']),
      amount: Amount,
    }),
  ),
});

const CheckpointLine = z.strictObject({
  kind: z.literal('checkpoint'),
  sequence: Sequence,
  hash: Hash,
  signedAt: Instant,
  keyId: z.string(),
  signature: z.string(),
});

const EndLine = z.strictObject({
  kind: z.literal('end'),
  entries: z.number().int().min(0),
  checkpoints: z.number().int().min(0),
  head: z.strictObject({ sequence: Sequence, hash: z.string() }),
});

const Line = z.discriminatedUnion('kind', [HeaderLine, EntryLine, CheckpointLine, EndLine]);

export function headerLine(header: AuditHeader): string {
  return JSON.stringify({ kind: 'header', ...header });
}

export function entryLine(entry: ChainedEntry): string {
  return JSON.stringify({
    kind: 'entry',
    sequence: entry.sequence.toString(10),
    id: entry.id,
    eventId: entry.eventId,
    eventType: entry.eventType,
    description: entry.description,
    effectiveDate: entry.effectiveDate,
    reversesEntryId: entry.reversesEntryId,
    correlationId: entry.correlationId,
    postedAt: entry.postedAt,
    previousHash: entry.previousHash,
    hash: entry.hash,
    postings: entry.postings.map((posting) => ({
      position: posting.position,
      accountCode: posting.accountCode,
      direction: posting.direction,
      amount: posting.amount,
    })),
  });
}

export function checkpointLine(checkpoint: Checkpoint): string {
  return JSON.stringify({
    kind: 'checkpoint',
    sequence: checkpoint.sequence.toString(10),
    hash: checkpoint.hash,
    signedAt: checkpoint.signedAt,
    keyId: checkpoint.keyId,
    signature: checkpoint.signature,
  });
}

export function endLine(end: AuditEnd): string {
  return JSON.stringify({
    kind: 'end',
    entries: end.entries,
    checkpoints: end.checkpoints,
    head: { sequence: end.head.sequence.toString(10), hash: end.head.hash },
  });
}

/** The sequence and id a damaged line seems to carry, when they can be made out of its text. */
function salvage(text: string): { sequence?: bigint; entryId?: string } {
  const sequence = /"sequence":"(\d{1,19})"/.exec(text)?.[1];
  const entryId = /"kind":"entry"/.test(text) ? /"id":"([^"\\]{1,200})"/.exec(text)?.[1] : undefined;
  return { ...(sequence === undefined ? {} : { sequence: BigInt(sequence) }), ...(entryId === undefined ? {} : { entryId }) };
}

/** One line of an audit file as a stream item; a line that cannot be read becomes an `unreadable` item naming why. */
export function parseAuditLine(text: string, line: number): LedgerStreamItem {
  if (text.trim() === '') return { kind: 'unreadable', line, reason: 'empty line' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      kind: 'unreadable',
      line,
      reason: `not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      ...salvage(text),
    };
  }
  const parsed = Line.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`).join('; ');
    return { kind: 'unreadable', line, reason: `not a valid line of ${AUDIT_FORMAT} (${problems})`, ...salvage(text) };
  }
  const value = parsed.data;
  switch (value.kind) {
    case 'header':
      return {
        kind: 'header',
        line,
        header: {
          format: value.format,
          exportedAt: value.exportedAt,
          keyId: value.keyId,
          entryForm: value.entryForm,
          checkpointForm: value.checkpointForm,
        },
      };
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
