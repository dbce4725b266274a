// Reads an audit file line by line (readline over a file stream): one stream item per line with
// its line number, never more than one line in memory, so a file of any length can be verified.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseAuditLine } from './audit-file';
import type { LedgerStreamItem } from './ledger-stream';

/** The items of the audit file read from `input` (a path or a readable stream). */
export async function* readAuditFile(input: string | Readable): AsyncGenerator<LedgerStreamItem> {
  const stream = typeof input === 'string' ? createReadStream(input, { encoding: 'utf8' }) : input;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      yield parseAuditLine(text, line);
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
