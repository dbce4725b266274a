// Reads an audit file in large chunks and splits it into lines the way readline splits text
// ("\n", "\r\n" and a lone "\r" end a line; a last line without a line end counts when it is not
// empty), a batch of lines per chunk instead of readline's event per line. Lines are split on
// bytes and decoded one at a time by the reader, as UTF-8 (an invalid sequence reads as U+FFFD, as
// a file stream's decoder reads it): a line end is one ASCII byte, never part of a character, so
// this is the text readline gives. Only a chunk and one line are held, however long the file.
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

const LF = 0x0a;
const CR = 0x0d;

/** Read into one buffer, reused: a fresh buffer per read, as a file stream takes, costs more than the reading. */
export const AUDIT_FILE_CHUNK_BYTES = 1 << 20;

/** One line, without its line end: bytes[start, end), valid until the next batch is asked for. `number` is 1-based. */
export interface AuditFileLine {
  bytes: Buffer;
  start: number;
  end: number;
  number: number;
}

/** The text of a line. */
export function lineText(line: AuditFileLine): string {
  return line.bytes.toString('utf8', line.start, line.end);
}

/** Splits chunks of bytes, fed in order, into lines. A chunk may be reused once its lines are read. */
export class LineSplitter {
  /** The bytes of a line begun in earlier chunks (copied: the chunk may be reused). */
  private begun: Buffer[] = [];
  /** The last chunk ended with "\r": a "\n" first in the next one belongs to that line end. */
  private afterCarriageReturn = false;
  private lines = 0;

  /** The lines `chunk` completes. */
  split(chunk: Buffer): AuditFileLine[] {
    const lines: AuditFileLine[] = [];
    if (chunk.length === 0) return lines;
    let from = this.afterCarriageReturn && chunk[0] === LF ? 1 : 0;
    this.afterCarriageReturn = false;
    let lf = chunk.indexOf(LF, from);
    let cr = chunk.indexOf(CR, from);
    while (lf !== -1 || cr !== -1) {
      const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      lines.push(this.complete(chunk, from, end));
      from = end + 1;
      if (end === cr) {
        if (from === chunk.length) this.afterCarriageReturn = true;
        else if (chunk[from] === LF) from += 1;
        cr = chunk.indexOf(CR, from);
      }
      if (lf !== -1 && lf < from) lf = chunk.indexOf(LF, from);
    }
    if (from < chunk.length) this.begun.push(Buffer.from(chunk.subarray(from)));
    return lines;
  }

  /** The last line when the bytes ended without a line end. */
  end(): AuditFileLine[] {
    if (this.begun.length === 0) return [];
    const bytes = Buffer.concat(this.begun);
    this.begun = [];
    this.lines += 1;
    return [{ bytes, start: 0, end: bytes.length, number: this.lines }];
  }

  private complete(chunk: Buffer, start: number, end: number): AuditFileLine {
    this.lines += 1;
    if (this.begun.length === 0) return { bytes: chunk, start, end, number: this.lines };
    const bytes = Buffer.concat([...this.begun, chunk.subarray(start, end)]);
    this.begun = [];
    return { bytes, start: 0, end: bytes.length, number: this.lines };
  }
}

/** The bytes of `input` in chunks; a path's are read into one buffer, so each chunk is valid until the next is asked for. */
async function* chunksOf(input: string | Readable): AsyncGenerator<Buffer> {
  if (typeof input !== 'string') {
    try {
      for await (const chunk of input)
        yield typeof chunk === 'string' || !Buffer.isBuffer(chunk) ? Buffer.from(chunk as string | Uint8Array) : chunk;
    } finally {
      input.destroy();
    }
    return;
  }
  const file = await open(input, 'r');
  try {
    const buffer = Buffer.allocUnsafe(AUDIT_FILE_CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

/**
 * The lines of the audit file read from `input` (a path, or a stream of bytes or strings; a string
 * is read as its UTF-8 bytes), a batch per chunk read. Closes the input when the caller stops early.
 */
export async function* auditFileLines(input: string | Readable): AsyncGenerator<AuditFileLine[]> {
  const splitter = new LineSplitter();
  for await (const chunk of chunksOf(input)) {
    const lines = splitter.split(chunk);
    if (lines.length > 0) yield lines;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}
