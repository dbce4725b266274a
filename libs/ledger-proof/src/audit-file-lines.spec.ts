import fc from 'fast-check';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { auditFileLines, lineText, LineSplitter } from './audit-file-lines';

/** Text with every kind of line end, empty lines, and characters of 1 to 4 UTF-8 bytes. */
const text = fc.string({ unit: fc.constantFrom('a', '{', ' ', 'é', '中', '😀', '\u2028', '\n', '\r', '\r\n', '\n\n'), maxLength: 40 });
/** Where to cut its bytes into chunks, as fractions of its length. */
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });

function chunksOf(bytes: Buffer, fractions: readonly number[]): Buffer[] {
  const at = [...new Set(fractions.map((fraction) => Math.floor(fraction * bytes.length)))].sort((a, b) => a - b);
  return [0, ...at].map((start, index) => bytes.subarray(start, at[index] ?? bytes.length));
}

function split(chunks: readonly Buffer[]): { number: number; text: string }[] {
  const splitter = new LineSplitter();
  return [...chunks.flatMap((chunk) => splitter.split(chunk)), ...splitter.end()].map((line) => ({
    number: line.number,
    text: lineText(line),
  }));
}

async function readlineLines(chunks: readonly Buffer[]): Promise<{ number: number; text: string }[]> {
  const lines: { number: number; text: string }[] = [];
  for await (const line of createInterface({ input: Readable.from(chunks), crlfDelay: Infinity }))
    lines.push({ number: lines.length + 1, text: line });
  return lines;
}

describe('splitting an audit file into lines', () => {
  it('splits as readline does, wherever the chunks are cut (in a character, between "\\r" and "\\n")', async () => {
    await fc.assert(
      fc.asyncProperty(text, cuts, async (content, fractions) => {
        const chunks = chunksOf(Buffer.from(content, 'utf8'), fractions);
        expect(split(chunks)).toEqual(await readlineLines(chunks));
      }),
      { numRuns: 500 },
    );
  });

  it('numbers lines from 1, an empty line too, and ends a last line that has no line end', () => {
    expect(split([Buffer.from('a\n\nb\r\nc\rd')])).toEqual([
      { number: 1, text: 'a' },
      { number: 2, text: '' },
      { number: 3, text: 'b' },
      { number: 4, text: 'c' },
      { number: 5, text: 'd' },
    ]);
  });

  it('reads a stream of strings as their UTF-8 bytes, and closes it when the reader stops early', async () => {
    const input = Readable.from(['first\nsec', 'ond\nthird\n']);
    const lines: string[] = [];
    for await (const batch of auditFileLines(input)) {
      lines.push(...batch.map(lineText));
      break;
    }
    expect(lines).toEqual(['first']);
    expect(input.destroyed).toBe(true);
  });
});
