// Reads an audit file as stream items (see ledger-stream.ts): one per line with its line number,
// as parseAuditLine (audit-file.ts) reads it, most entry lines by the fast path of
// entry-line-fast-path.ts. Lines are read in large chunks (audit-file-lines.ts), never more than a
// chunk and one line in memory, so a file of any length can be read.
import type { Readable } from 'node:stream';
import { auditFileLines, lineText } from './audit-file-lines';
import { readAuditLine } from './entry-line-fast-path';
import type { LedgerStreamItem } from './ledger-stream';

/** The items of the audit file read from `input` (a path or a readable stream). */
export async function* readAuditFile(input: string | Readable): AsyncGenerator<LedgerStreamItem> {
  for await (const lines of auditFileLines(input)) {
    for (const line of lines) yield readAuditLine(lineText(line), line.number);
  }
}
