import { signCheckpoint } from './checkpoint';
import { entryHash, GENESIS_HASH, type ChainedEntry } from './hash-chain';
import type { LedgerStreamItem } from './ledger-stream';
import { generateLedgerKeyPair, parseLedgerSigningKey } from './signing-key';
import { verifyLedgerStream } from './stream-verifier';
import { syntheticJournal } from './synthetic-journal';

const signingKey = parseLedgerSigningKey(generateLedgerKeyPair().privateJwk);
const publicKeys = [signingKey.publicKey];
const database = { publicKeys, file: false };

/** The synthetic journal as an async stream, generated while it is read: nothing is kept. */
async function* lazily(
  entries: number,
  checkpointEvery = 1000,
  alter?: (item: LedgerStreamItem) => LedgerStreamItem,
): AsyncGenerator<LedgerStreamItem> {
  for (const item of syntheticJournal({ entries, signingKey, checkpointEvery })) yield alter ? alter(item) : item;
}

function journal(entries: number, checkpointEvery = 5): LedgerStreamItem[] {
  return [...syntheticJournal({ entries, signingKey, checkpointEvery })];
}

function entryAt(items: readonly LedgerStreamItem[], sequence: bigint): ChainedEntry {
  const item = items.find((candidate) => candidate.kind === 'entry' && candidate.entry.sequence === sequence);
  if (item?.kind !== 'entry') throw new Error(`no entry ${sequence}`);
  return item.entry;
}

describe('the streaming verifier', () => {
  it('verifies a long journal generated lazily, reporting counts, head and the last checkpoint', async () => {
    const result = await verifyLedgerStream(lazily(20_500), database);
    expect(result).toMatchObject({
      ok: true,
      entries: 20_500,
      checkpoints: 20,
      head: { sequence: 20_500n },
      lastCheckpoint: { sequence: 20_000n },
      entriesAfterLastCheckpoint: 500,
    });
  });

  it('verifies an empty ledger as the genesis head', async () => {
    expect(await verifyLedgerStream([], database)).toEqual({
      ok: true,
      entries: 0,
      checkpoints: 0,
      head: { sequence: 0n, hash: GENESIS_HASH },
      lastCheckpoint: null,
      entriesAfterLastCheckpoint: 0,
    });
  });

  it('names the first entry whose amount was changed, deep in a long stream', async () => {
    const result = await verifyLedgerStream(
      lazily(20_000, 1000, (item) =>
        item.kind === 'entry' && item.entry.sequence === 12_345n
          ? { kind: 'entry', entry: { ...item.entry, postings: item.entry.postings.map((p) => ({ ...p, amount: '1.00' })) } }
          : item,
      ),
      database,
    );
    expect(result).toEqual({
      ok: false,
      sequence: 12_345n,
      entryId: `je_${(12_345).toString(16).padStart(32, '0')}`,
      line: null,
      reason: expect.stringMatching(/was altered/),
    });
  });

  it('names the entry at a checkpoint when the journal before it was rewritten with recomputed hashes', async () => {
    const items = journal(10);
    const rewritten: LedgerStreamItem[] = [];
    let previousHash = GENESIS_HASH;
    for (const item of items) {
      if (item.kind !== 'entry') {
        rewritten.push(item);
        continue;
      }
      const content = item.entry.sequence === 3n ? { ...item.entry, description: 'rewritten' } : item.entry;
      const hash = entryHash(previousHash, content);
      rewritten.push({ kind: 'entry', entry: { ...content, previousHash, hash } });
      previousHash = hash;
    }
    const result = await verifyLedgerStream(rewritten, database);
    expect(result).toEqual({
      ok: false,
      sequence: 5n,
      entryId: entryAt(items, 5n).id,
      line: null,
      reason: expect.stringMatching(/journal up to here was rewritten/),
    });
  });

  it('refuses a checkpoint signed with another key', async () => {
    const items = journal(6);
    const forger = parseLedgerSigningKey(generateLedgerKeyPair().privateJwk);
    const forged = items.map((item) =>
      item.kind === 'checkpoint'
        ? { kind: 'checkpoint' as const, checkpoint: { ...signCheckpoint(item.checkpoint, new Date(), forger), keyId: signingKey.keyId } }
        : item,
    );
    expect(await verifyLedgerStream(forged, database)).toEqual({
      ok: false,
      sequence: 5n,
      entryId: entryAt(items, 5n).id,
      line: null,
      reason: expect.stringMatching(/forged or altered/),
    });
  });

  it('refuses a checkpoint that names an entry that is not there (entries removed from the end)', async () => {
    const items = journal(10).filter((item) => !(item.kind === 'entry' && item.entry.sequence > 8n));
    expect(await verifyLedgerStream(items, database)).toEqual({
      ok: false,
      sequence: 10n,
      entryId: null,
      line: null,
      reason: expect.stringMatching(/not there: the chain ends at 8/),
    });
  });

  it('names a gap in the sequence at the entry after it', async () => {
    const items = journal(4).filter((item) => !(item.kind === 'entry' && item.entry.sequence === 2n));
    expect(await verifyLedgerStream(items, database)).toMatchObject({
      ok: false,
      sequence: 3n,
      reason: expect.stringMatching(/expected sequence 2 after entry 1, found 3/),
    });
  });

  describe('for an audit file', () => {
    const file = { publicKeys, file: true };
    const header: LedgerStreamItem = {
      kind: 'header',
      line: 1,
      header: {
        format: 'ipledger.ledger-audit.v1',
        exportedAt: '2026-11-23T08:00:00.000Z',
        keyId: signingKey.keyId,
        entryForm: 'ipledger.journal-entry.v1',
        checkpointForm: 'ipledger.ledger-checkpoint.v1',
      },
    };
    const withLines = (items: LedgerStreamItem[]): LedgerStreamItem[] => items.map((item, index) => ({ ...item, line: index + 2 }));
    const end = (items: LedgerStreamItem[], entries: number, checkpoints: number): LedgerStreamItem => {
      const last = [...items].reverse().find((item) => item.kind === 'entry');
      if (last?.kind !== 'entry') throw new Error('no entries');
      return { kind: 'end', end: { entries, checkpoints, head: { sequence: last.entry.sequence, hash: last.entry.hash } } };
    };

    it('needs the header first and the end line last', async () => {
      const body = withLines(journal(7));
      expect(await verifyLedgerStream([header, ...body, end(body, 7, 1)], file)).toMatchObject({
        ok: true,
        entries: 7,
        checkpoints: 1,
        entriesAfterLastCheckpoint: 2,
      });
      expect(await verifyLedgerStream(body, file)).toMatchObject({
        ok: false,
        line: 2,
        reason: expect.stringMatching(/does not start with a ipledger.ledger-audit.v1 header/),
      });
      expect(await verifyLedgerStream([header, ...body], file)).toMatchObject({
        ok: false,
        sequence: 7n,
        line: 9,
        reason: 'the file ends after entry 7 (line 9) without its end line: it was cut short',
      });
    });

    it('refuses an end line whose counts or head differ from the file', async () => {
      const body = withLines(journal(7));
      expect(await verifyLedgerStream([header, ...body, end(body, 8, 1)], file)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/counts 8 entries and 1 checkpoints; the file holds 7 and 1/),
      });
    });

    it('names the entry of a line it cannot read by its line and the entry before it', async () => {
      const body = withLines(journal(7));
      const damaged = body.map((item) =>
        item.line === 5 ? { kind: 'unreadable' as const, line: 5, reason: 'not valid JSON (Unexpected token)' } : item,
      );
      expect(await verifyLedgerStream([header, ...damaged, end(body, 7, 1)], file)).toEqual({
        ok: false,
        sequence: 4n,
        entryId: null,
        line: 5,
        reason: 'line 5, after entry 3 (line 4), is not valid JSON (Unexpected token)',
      });
    });

    it('refuses a file whose checkpoints were signed with a key other than the one given', async () => {
      expect(
        await verifyLedgerStream(
          [{ ...header, header: { ...(header.kind === 'header' ? header.header : ({} as never)), keyId: '0123456789abcdef' } }],
          file,
        ),
      ).toMatchObject({
        ok: false,
        line: 1,
        reason: `the file's checkpoints are signed with key 0123456789abcdef; the public key given is ${signingKey.keyId}`,
      });
    });
  });
});
