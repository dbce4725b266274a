import fc from 'fast-check';
import { entryLine, parseAuditLine } from './audit-file';
import { readAuditLine, writtenEntry } from './entry-line-fast-path';
import { entryHash, type ChainedEntry, type ChainedPosting, type Direction, type HashedEntry } from './hash-chain';

/** Characters the writer writes as they are, ASCII or not. */
const plainCharacter = fc.constantFrom(
  'a',
  'Z',
  '0',
  '9',
  ' ',
  '-',
  ':',
  '_',
  '.',
  '/',
  'é',
  '中',
  '文',
  '😀',
  '\u2028',
  '\ufeff',
  '\ufffd',
  '\u007f',
);
/** Plain characters most often, and every kind JSON escapes or a parser trips on. */
const anyCharacter = fc.oneof(
  { weight: 4, arbitrary: plainCharacter },
  { weight: 1, arbitrary: fc.constantFrom('"', '\\', '\t', '\n', '\r', '\u0000', '\u001f', '\ud800', '\udfff', '{', '}', ',', '[') },
);
const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('hex'));

/** Entries as the ledger holds them, their texts of `character`s. */
function entries(character: fc.Arbitrary<string>): fc.Arbitrary<ChainedEntry> {
  const text = (minLength: number) => fc.string({ unit: character, minLength, maxLength: 8 });
  const amount = fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 17n }), fc.integer({ min: 0, max: 99 }))
    .map(([whole, fen]) => `${whole}.${String(fen).padStart(2, '0')}`);
  const posting: fc.Arbitrary<ChainedPosting> = fc.record({
    position: fc.integer({ min: 0, max: 4 }),
    accountCode: text(1),
    direction: fc.constantFrom('DEBIT', 'CREDIT'),
    amount,
  });
  return fc
    .record({
      sequence: fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 10n ** 19n - 1n })),
      id: text(1),
      eventId: text(0),
      eventType: text(0),
      description: text(0),
      effectiveDate: fc.constant('2026-06-02'),
      reversesEntryId: fc.option(text(0)),
      correlationId: text(0),
      postedAt: fc.date({ min: new Date(0), max: new Date(2e12), noInvalidDate: true }).map((date) => date.toISOString()),
      postings: fc.array(posting, { maxLength: 4 }).map((list) => [...list].sort((a, b) => a.position - b.position)),
      previousHash: hex64,
    })
    .map((hashed: HashedEntry & { previousHash: string }) => ({ ...hashed, hash: entryHash(hashed.previousHash, hashed) }));
}

const usualEntries = entries(plainCharacter);
/** Entries with texts JSON escapes, as the writer writes them. */
const escapedEntries = entries(anyCharacter);
/** Entries with one value the writer writes as given but the schema refuses, or takes in another spelling. */
const oddEntries = fc
  .tuple(
    usualEntries,
    fc.constantFrom<(entry: ChainedEntry) => ChainedEntry>(
      (entry) => ({ ...entry, id: '' }),
      (entry) => ({ ...entry, effectiveDate: '2026-6-2' }),
      (entry) => ({ ...entry, postedAt: '+010000-01-01T00:00:00.000Z' }),
      (entry) => ({ ...entry, previousHash: entry.previousHash.toUpperCase() }),
      (entry) => ({ ...entry, hash: '' }),
      (entry) => ({ ...entry, postings: entry.postings.map((posting) => ({ ...posting, amount: `00${posting.amount}` })) }),
      (entry) => ({ ...entry, postings: [...entry.postings].reverse() }),
      (entry) => ({ ...entry, postings: entry.postings.map((posting) => ({ ...posting, position: 2 ** 53 })) }),
      (entry) => ({ ...entry, postings: entry.postings.map((posting) => ({ ...posting, position: 1e21 })) }),
      (entry) => ({ ...entry, postings: entry.postings.map((posting) => ({ ...posting, direction: 'OTHER' as Direction })) }),
      (entry) => ({ ...entry, postings: entry.postings.map((posting) => ({ ...posting, accountCode: '' })) }),
    ),
  )
  .map(([entry, oddity]) => oddity(entry));

/** What the full parser makes of `line`. */
const fullyParsed = (line: string) => parseAuditLine(line, 7);

describe('the fast path for entry lines', () => {
  const example: ChainedEntry = {
    sequence: 12n,
    id: 'je_12',
    eventId: 'ev-12',
    eventType: 'LoanRepaid',
    description: '还款 第12期 — U+2028:\u2028 😀',
    effectiveDate: '2026-06-02',
    reversesEntryId: null,
    correlationId: 'corr-12',
    postedAt: '2026-06-02T08:00:00.000Z',
    previousHash: 'ab'.repeat(32),
    hash: 'cd'.repeat(32),
    postings: [
      { position: 1, accountCode: 'bank:bank-a:cash', direction: 'DEBIT', amount: '1000000.01' },
      { position: 0, accountCode: 'loan:bank-a:ln_1:principal', direction: 'CREDIT', amount: '0001000000.01' },
    ],
  };

  it('reads an entry line as the writer wrote it as the full parser does', () => {
    const line = entryLine(example);
    expect(writtenEntry(line)).toEqual(example);
    expect(readAuditLine(line, 7)).toEqual(fullyParsed(line));
    expect(writtenEntry(entryLine({ ...example, postings: [] }))).toEqual({ ...example, postings: [] });
  });

  it('leaves a line that needs the full parser to it', () => {
    const line = entryLine({ ...example, description: 'say "hi"' });
    expect(writtenEntry(line)).toBeUndefined();
    expect(readAuditLine(line, 7)).toEqual(fullyParsed(line));
    expect(readAuditLine('{"kind":"end"}', 7)).toEqual(fullyParsed('{"kind":"end"}'));
  });

  it('takes every line the writer writes whose values need no escape', () => {
    fc.assert(
      fc.property(usualEntries, (written) => {
        expect(writtenEntry(entryLine(written))).toEqual(written);
      }),
      { numRuns: 1000 },
    );
  });

  it('takes a line only when the full parser reads the same entry from it, however the line was written or changed', () => {
    // Small changes most often, so that many changed lines are still taken and the check says something.
    const change = fc.record({
      at: fc.nat(),
      /** Right after a colon (at the start of a value), or anywhere. */
      afterColon: fc.boolean(),
      remove: fc.integer({ min: 0, max: 3 }),
      insert: fc.oneof(
        { weight: 3, arbitrary: fc.string({ unit: plainCharacter, maxLength: 2 }) },
        { weight: 1, arbitrary: fc.string({ unit: anyCharacter, maxLength: 3 }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom('null', '""', '"', '0', '00', '1.0', '-', 'e1', ' ', '\\u0041', ',"x":1', 'A', 'F', '{}', '[]', ']}'),
        },
      ),
    });
    let taken = 0;
    fc.assert(
      fc.property(
        fc.oneof({ weight: 2, arbitrary: usualEntries }, { weight: 1, arbitrary: oddEntries }, { weight: 1, arbitrary: escapedEntries }),
        change,
        (written, { at, afterColon, remove, insert }) => {
          const line = entryLine(written);
          const colons = [...line.matchAll(/:/g)].map((match) => match.index + 1);
          const cut = afterColon ? colons[at % colons.length] : at % (line.length + 1);
          const changed = line.slice(0, cut) + insert + line.slice(cut + remove);
          const entry = writtenEntry(changed);
          if (entry === undefined) return;
          taken += 1;
          expect({ kind: 'entry', line: 7, entry }).toEqual(fullyParsed(changed));
        },
      ),
      { numRuns: 5000 },
    );
    expect(taken).toBeGreaterThan(200);
  });
});
