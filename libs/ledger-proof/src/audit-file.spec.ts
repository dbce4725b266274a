import { PassThrough, Readable } from 'node:stream';
import { readAuditFile } from './audit-file-reader';
import { writeAuditFile } from './audit-file-writer';
import { generateLedgerKeyPair, parseLedgerSigningKey } from './signing-key';
import { verifyLedgerStream } from './stream-verifier';
import { syntheticJournal } from './synthetic-journal';

const signingKey = parseLedgerSigningKey(generateLedgerKeyPair().privateJwk);
const options = { publicKeys: [signingKey.publicKey], file: true };

async function exported(entries: number, checkpointEvery: number): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  async function* items() {
    yield* syntheticJournal({ entries, signingKey, checkpointEvery });
  }
  await writeAuditFile(items(), out, { exportedAt: new Date('2026-11-23T08:00:00Z'), keyId: signingKey.keyId });
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

const verify = (text: string) => verifyLedgerStream(readAuditFile(Readable.from([text])), options);

describe('the audit file', () => {
  it('is a header, one line per entry, each checkpoint after the entry it signs, and an end line', async () => {
    const lines = (await exported(5, 2))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; sequence?: string });
    expect(lines.map((line) => (line.sequence === undefined ? line.kind : `${line.kind} ${line.sequence}`))).toEqual([
      'header',
      'entry 1',
      'entry 2',
      'checkpoint 2',
      'entry 3',
      'entry 4',
      'checkpoint 4',
      'entry 5',
      'end',
    ]);
    expect(lines[0]).toEqual({
      kind: 'header',
      format: 'ipledger.ledger-audit.v1',
      exportedAt: '2026-11-23T08:00:00.000Z',
      keyId: signingKey.keyId,
      entryForm: 'ipledger.journal-entry.v1',
      checkpointForm: 'ipledger.ledger-checkpoint.v1',
    });
    expect(lines[1]).toMatchObject({
      postings: [
        { position: 0, direction: 'DEBIT', amount: expect.stringMatching(/^\d+\.\d{2}$/) },
        { position: 1, direction: 'CREDIT' },
      ],
    });
    expect(lines[8]).toMatchObject({ kind: 'end', entries: 5, checkpoints: 2, head: { sequence: '5' } });
  });

  it('verifies as written, with the public key alone', async () => {
    expect(await verify(await exported(25, 10))).toMatchObject({
      ok: true,
      entries: 25,
      checkpoints: 2,
      head: { sequence: 25n },
      entriesAfterLastCheckpoint: 5,
    });
  });

  it('names the entry and line when one byte of an amount was changed', async () => {
    const lines = (await exported(25, 10)).split('\n');
    const target = lines[13]; // entry 12 (line 14: header, 12 entries, one checkpoint before it)
    const changed = target.replace(/"amount":"(\d)/, (_match, digit: string) => `"amount":"${digit === '9' ? '8' : '9'}`);
    expect(changed).not.toBe(target);
    lines[13] = changed;
    expect(await verify(lines.join('\n'))).toEqual({
      ok: false,
      sequence: 12n,
      entryId: `je_${(12).toString(16).padStart(32, '0')}`,
      line: 14,
      reason: expect.stringMatching(/was altered/),
    });
  });

  it('names the entry when a changed byte breaks the JSON of its line', async () => {
    const lines = (await exported(25, 10)).split('\n');
    lines[13] = lines[13].replace('"amount":"', '"amount":');
    expect(await verify(lines.join('\n'))).toEqual({
      ok: false,
      sequence: 12n,
      entryId: `je_${(12).toString(16).padStart(32, '0')}`,
      line: 14,
      reason: expect.stringMatching(/^line 14, after entry 11 \(line 13\), is not valid JSON/),
    });
  });

  it('refuses a file cut short, in the middle of a line or at a line end', async () => {
    const text = await exported(25, 10);
    expect(await verify(text.slice(0, Math.floor(text.length / 2)))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/is not valid JSON/),
    });
    const lines = text.trimEnd().split('\n');
    expect(await verify(lines.slice(0, -1).join('\n'))).toMatchObject({
      ok: false,
      sequence: 25n,
      reason: expect.stringMatching(/without its end line: it was cut short/),
    });
  });

  it('names the field of a line that is JSON but not a valid line of the format', async () => {
    const lines = (await exported(3, 10)).split('\n');
    lines[2] = lines[2].replace(/"amount":"[^"]+"/, '"amount":12.5');
    expect(await verify(lines.join('\n'))).toMatchObject({
      ok: false,
      sequence: 2n,
      line: 3,
      reason: expect.stringMatching(/postings\.0\.amount: must be an amount with two decimals, as a string/),
    });
  });
});
