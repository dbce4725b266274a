import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, Readable } from 'node:stream';
import { parseAuditLine } from './audit-file';
import { AUDIT_FILE_CHUNK_BYTES } from './audit-file-lines';
import { readAuditFile } from './audit-file-reader';
import { verifyAuditFile } from './audit-file-verifier';
import { writeAuditFile, type ExportItem } from './audit-file-writer';
import { signCheckpoint } from './checkpoint';
import { entryHash, GENESIS_HASH, type HashedEntry } from './hash-chain';
import type { LedgerStreamItem } from './ledger-stream';
import { generateLedgerKeyPair, parseLedgerSigningKey } from './signing-key';
import { verifyLedgerStream } from './stream-verifier';

const signingKey = parseLedgerSigningKey(generateLedgerKeyPair().privateJwk);
const publicKeys = [signingKey.publicKey];

/** Descriptions as a ledger may hold them: Chinese, and what JSON must or may escape. */
const DESCRIPTIONS = [
  '贷款发放 第一笔（知识产权质押）',
  'Repayment "early", path C:\\ledger',
  'line\u2028separator and\u2029paragraph',
  'emoji 😀 and é',
  'tab\tand newline\n',
  'a lone \ud800 surrogate',
  '',
];

function entryAt(n: number): HashedEntry {
  return {
    sequence: BigInt(n),
    id: n === 3 ? `je_分录_${n}` : `je_${n.toString(16).padStart(32, '0')}`,
    eventId: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    eventType: n % 4 === 0 ? 'LoanRepaid' : 'LoanDisbursed',
    description: DESCRIPTIONS[n % DESCRIPTIONS.length],
    effectiveDate: '2026-06-02',
    reversesEntryId: n % 5 === 0 ? `je_${(n - 1).toString(16).padStart(32, '0')}` : null,
    correlationId: `corr-${n}`,
    postedAt: new Date(Date.UTC(2026, 5, 2) + n * 1000).toISOString(),
    postings: [
      { position: 0, accountCode: `loan:bank-a:ln_${n}:principal`, direction: 'DEBIT', amount: `${n * 1000}.05` },
      { position: 1, accountCode: 'bank:bank-a:cash', direction: 'CREDIT', amount: `${n * 1000 - 1}.00` },
      { position: 2, accountCode: 'bank:bank-a:fees', direction: 'CREDIT', amount: '1.05' },
    ],
  };
}

/** A journal of `count` entries (see entryAt, `shape` may change them), a checkpoint after every 4th. */
function* journal(count: number, shape: (entry: HashedEntry) => HashedEntry = (entry) => entry): Generator<ExportItem> {
  let previousHash = GENESIS_HASH;
  for (let n = 1; n <= count; n += 1) {
    const entry = shape(entryAt(n));
    const hash = entryHash(previousHash, entry);
    yield { kind: 'entry', entry: { ...entry, previousHash, hash } };
    if (n % 4 === 0) {
      yield {
        kind: 'checkpoint',
        checkpoint: signCheckpoint({ sequence: entry.sequence, hash }, new Date(Date.UTC(2026, 5, 3)), signingKey),
      };
    }
    previousHash = hash;
  }
}

async function exported(items: Iterable<ExportItem>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  async function* lazily() {
    yield* items;
  }
  await writeAuditFile(lazily(), out, { exportedAt: new Date('2026-11-23T08:00:00Z'), keyId: signingKey.keyId });
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

/** `bytes` as a stream of chunks of `size` bytes (splitting characters, and "\r\n", where they fall). */
function inChunks(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
}

/** The verifier as it was before the fast path: readline over a file stream decoding UTF-8, every line through the full parser. */
async function verifiedLineByLine(file: string) {
  async function* items(): AsyncGenerator<LedgerStreamItem> {
    let line = 0;
    for await (const text of createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })) {
      line += 1;
      yield parseAuditLine(text, line);
    }
  }
  return verifyLedgerStream(items(), { publicKeys, file: true });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-verify-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const CHUNK_SIZES = [1, 2, 3, 7, 64, 1 << 20];

/**
 * Verifies `text` as a file line by line, with verifyAuditFile and with readAuditFile, and from a
 * stream of its bytes in chunks of each size: all must agree. Returns the verdict.
 */
async function verifiedAllWays(text: string | Buffer, chunkSizes = CHUNK_SIZES) {
  const file = path.join(dir, 'audit.ndjson');
  fs.writeFileSync(file, text);
  const expected = await verifiedLineByLine(file);
  expect(await verifyAuditFile(file, { publicKeys })).toEqual(expected);
  expect(await verifyLedgerStream(readAuditFile(file), { publicKeys, file: true })).toEqual(expected);
  const bytes = fs.readFileSync(file);
  for (const size of chunkSizes) {
    expect({ size, result: await verifyAuditFile(inChunks(bytes, size), { publicKeys }) }).toEqual({ size, result: expected });
  }
  return expected;
}

/** A file of 10 entries, its lines changed by `change` (given where the line of each entry is, by sequence). */
async function changed(change: (lines: string[], lineOf: (sequence: number) => number) => void): Promise<string> {
  const lines = (await exported(journal(10))).split('\n');
  const lineOf = (sequence: number) => lines.findIndex((line) => line.startsWith(`{"kind":"entry","sequence":"${sequence}"`));
  change(lines, lineOf);
  return lines.join('\n');
}

describe('verifying an audit file from its bytes', () => {
  it('verifies a file with Chinese, emoji, escapes and U+2028 in its descriptions as the line-by-line verifier does', async () => {
    expect(await verifiedAllWays(await exported(journal(14)))).toMatchObject({ ok: true, entries: 14, checkpoints: 3 });
  });

  it('reads a file of several chunks, lines straddling them', async () => {
    const text = await exported(journal(4000));
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * AUDIT_FILE_CHUNK_BYTES);
    expect(await verifiedAllWays(text, [1 << 16])).toMatchObject({ ok: true, entries: 4000, checkpoints: 1000 });
  });

  it('verifies an empty journal and refuses an empty file', async () => {
    expect(await verifiedAllWays(await exported([]))).toMatchObject({ ok: true, entries: 0 });
    expect(await verifiedAllWays('')).toMatchObject({ ok: false, reason: 'the file is empty' });
  });

  it.each<[string, (lines: string[], lineOf: (sequence: number) => number) => void, RegExp]>([
    [
      'an altered amount',
      (lines, lineOf) => (lines[lineOf(6)] = lines[lineOf(6)].replace('"amount":"6000.05"', '"amount":"6000.06"')),
      /altered/,
    ],
    ['an altered Chinese description', (lines, lineOf) => (lines[lineOf(7)] = lines[lineOf(7)].replace('第一笔', '第二笔')), /altered/],
    ['an altered escaped quote', (lines, lineOf) => (lines[lineOf(1)] = lines[lineOf(1)].replace('\\"early\\"', '\\"later\\"')), /altered/],
    ['a U+2028 changed to U+2029', (lines, lineOf) => (lines[lineOf(2)] = lines[lineOf(2)].replace('\u2028', '\u2029')), /altered/],
    ['an escape made a raw tab', (lines, lineOf) => (lines[lineOf(4)] = lines[lineOf(4)].replace('\\t', '\t')), /not valid JSON/],
    [
      'an extra key',
      (lines, lineOf) => (lines[lineOf(5)] = lines[lineOf(5)].replace('{"kind":"entry",', '{"kind":"entry","x":1,')),
      /Unrecognized key/,
    ],
    ['a missing key', (lines, lineOf) => (lines[lineOf(5)] = lines[lineOf(5)].replace(/"correlationId":"[^"]*",/, '')), /correlationId/],
    [
      'an upper-case hash',
      (lines, lineOf) =>
        (lines[lineOf(8)] = lines[lineOf(8)].replace(/"hash":"([0-9a-f]+)"/, (_m, hex: string) => `"hash":"${hex.toUpperCase()}"`)),
      /hex digits/,
    ],
    [
      'a sequence with a leading zero',
      (lines, lineOf) => (lines[lineOf(8)] = lines[lineOf(8)].replace('"sequence":"8"', '"sequence":"08"')),
      /sequence number/,
    ],
    [
      'an amount as a number',
      (lines, lineOf) => (lines[lineOf(9)] = lines[lineOf(9)].replace('"amount":"1.05"', '"amount":1.05')),
      /amount with two decimals/,
    ],
    ['an empty line', (lines, lineOf) => lines.splice(lineOf(3), 0, ''), /empty line/],
    ['a blank line', (lines, lineOf) => lines.splice(lineOf(3), 0, ' \t'), /empty line/],
    [
      'a changed previous hash',
      (lines, lineOf) => (lines[lineOf(3)] = lines[lineOf(3)].replace(/"previousHash":"./, '"previousHash":"f')),
      /previous hash/,
    ],
    ['an entry removed', (lines, lineOf) => lines.splice(lineOf(3), 1), /expected sequence 3/],
    ['two entries swapped', (lines, lineOf) => lines.splice(lineOf(2), 2, lines[lineOf(3)], lines[lineOf(2)]), /expected sequence 2/],
    ['a line after the end line', (lines) => lines.splice(lines.length - 1, 0, lines[1]), /follows the end line/],
    ['no header', (lines) => lines.shift(), /does not start with/],
  ])('names the same entry, line and reason for %s', async (_name, change, reason) => {
    expect(await verifiedAllWays(await changed(change))).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it.each<[string, (lines: string[], lineOf: (sequence: number) => number) => void]>([
    ['keys in another order', (lines, lineOf) => (lines[lineOf(2)] = JSON.stringify(reordered(JSON.parse(lines[lineOf(2)]) as object)))],
    [
      'spaces between tokens',
      (lines, lineOf) => (lines[lineOf(3)] = JSON.stringify(JSON.parse(lines[lineOf(3)]), null, 1).replace(/\n/g, '')),
    ],
    ['a letter spelled as an escape', (lines, lineOf) => (lines[lineOf(9)] = lines[lineOf(9)].replace('"corr-9"', '"corr\\u002d9"'))],
    ['U+2028 spelled as an escape', (lines, lineOf) => (lines[lineOf(2)] = lines[lineOf(2)].replace('\u2028', '\\u2028'))],
    ['Chinese spelled as escapes', (lines, lineOf) => (lines[lineOf(7)] = lines[lineOf(7)].replace('第一笔', '\\u7b2c\\u4e00\\u7b14'))],
    ['a position spelled 1.0', (lines, lineOf) => (lines[lineOf(4)] = lines[lineOf(4)].replace('"position":1,', '"position":1.0,'))],
    ['postings out of position order', (lines, lineOf) => (lines[lineOf(6)] = withPostingsReversed(lines[lineOf(6)]))],
    ['CRLF line ends', (lines) => lines.forEach((line, index) => (lines[index] = index < lines.length - 1 ? `${line}\r` : line))],
    ['a lone CR as a line end', (lines, lineOf) => lines.splice(lineOf(6) - 1, 2, `${lines[lineOf(6) - 1]}\r${lines[lineOf(6)]}`)],
    ['the last line without its newline', (lines) => lines.pop()],
  ])('verifies the same with %s', async (_name, change) => {
    expect(await verifiedAllWays(await changed(change))).toMatchObject({ ok: true, entries: 10 });
  });

  it('reads amounts with leading zeros as their canonical value, as the full parser does', async () => {
    const padded = (entry: HashedEntry): HashedEntry => ({
      ...entry,
      postings: entry.postings.map((p) => ({ ...p, amount: `00${p.amount}` })),
    });
    expect(await verifiedAllWays(await exported(journal(6, padded)))).toMatchObject({ ok: true, entries: 6 });
  });

  it('reads bytes that are not UTF-8 as U+FFFD, as the full parser does', async () => {
    const bytes = Buffer.from(await changed((lines, lineOf) => (lines[lineOf(7)] = lines[lineOf(7)].replace('第一笔', 'XYZ'))));
    // Searched from entry 7's line on: a signature earlier in the file (base64) may hold "XYZ" or "YZ" too.
    const at = bytes.indexOf('XYZ', bytes.indexOf('{"kind":"entry","sequence":"7"'));
    bytes[at] = 0xff;
    bytes[at + 1] = 0xe7;
    expect(await verifiedAllWays(bytes)).toMatchObject({ ok: false, sequence: 7n, reason: expect.stringMatching(/altered/) });
  });

  it('refuses a file cut short in a line, in a character, or at a line end', async () => {
    const text = await exported(journal(10));
    const bytes = Buffer.from(text);
    expect(await verifiedAllWays(bytes.subarray(0, Math.floor(bytes.length / 2)))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/JSON/),
    });
    const inCharacter = bytes.indexOf('第一笔') + 1;
    expect(await verifiedAllWays(bytes.subarray(0, inCharacter))).toMatchObject({ ok: false, reason: expect.stringMatching(/JSON/) });
    const lines = text.split('\n');
    expect(await verifiedAllWays(lines.slice(0, -2).join('\n'))).toMatchObject({ ok: false, reason: expect.stringMatching(/cut short/) });
  });

  it('says why it cannot read a file', async () => {
    await expect(verifyAuditFile(path.join(dir, 'missing.ndjson'), { publicKeys })).rejects.toThrow(
      /ENOENT: no such file or directory, open/,
    );
    await expect(verifyAuditFile(dir, { publicKeys })).rejects.toThrow(/EISDIR/);
  });
});

function reordered(value: object): object {
  return Object.fromEntries(Object.entries(value).reverse());
}

function withPostingsReversed(line: string): string {
  const value = JSON.parse(line) as { postings: unknown[] };
  return JSON.stringify({ ...value, postings: [...value.postings].reverse() });
}
