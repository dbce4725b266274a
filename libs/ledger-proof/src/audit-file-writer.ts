// Writes an audit file from a stream of entries and checkpoints (in sequence order, each
// checkpoint after the entry it signs): header first, end line last with the counts and head.
// Waits for the output to drain, so memory stays flat however long the ledger.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { checkpointLine, endLine, entryLine, headerLine } from './audit-file';
import type { Checkpoint } from './checkpoint';
import { CHECKPOINT_VERSION } from './checkpoint';
import { CANONICAL_VERSION, GENESIS, type ChainedEntry, type ChainHead } from './hash-chain';
import { AUDIT_FORMAT, type AuditEnd } from './ledger-stream';

export type ExportItem = { kind: 'entry'; entry: ChainedEntry } | { kind: 'checkpoint'; checkpoint: Checkpoint };

async function writeLine(out: Writable, text: string): Promise<void> {
  if (!out.write(`${text}\n`, 'utf8')) await once(out, 'drain');
}

/**
 * Writes `items` to `out` as an audit file and returns what its end line says. `keyId` is the key
 * of the newest checkpoint (null when there is none). Does not end `out`.
 */
export async function writeAuditFile(
  items: AsyncIterable<ExportItem>,
  out: Writable,
  header: { exportedAt: Date; keyId: string | null },
): Promise<AuditEnd> {
  await writeLine(
    out,
    headerLine({
      format: AUDIT_FORMAT,
      exportedAt: header.exportedAt.toISOString(),
      keyId: header.keyId,
      entryForm: CANONICAL_VERSION,
      checkpointForm: CHECKPOINT_VERSION,
    }),
  );
  let head: ChainHead = GENESIS;
  let entries = 0;
  let checkpoints = 0;
  for await (const item of items) {
    if (item.kind === 'entry') {
      await writeLine(out, entryLine(item.entry));
      head = { sequence: item.entry.sequence, hash: item.entry.hash };
      entries += 1;
    } else {
      await writeLine(out, checkpointLine(item.checkpoint));
      checkpoints += 1;
    }
  }
  const end: AuditEnd = { entries, checkpoints, head };
  await writeLine(out, endLine(end));
  return end;
}
