import { generateLedgerKeyPair, parseLedgerPublicKey, parseLedgerSigningKey, signCheckpoint } from '@ipledger/ledger-proof';
import { AUDIT_GENESIS_HASH, chainAuditEntry, type ChainedAuditEntry } from './audit-chain';
import { auditCheckpointLine } from './audit-export';
import { verifyAuditExport } from './audit-verifier';
import { syntheticAuditExport, syntheticAuditTrail } from './synthetic-audit-trail';

const pair = generateLedgerKeyPair();
const signingKey = parseLedgerSigningKey(pair.privateJwk);
const publicKey = parseLedgerPublicKey(pair.publicJwk);

const trail = syntheticAuditTrail;
const exportOf = (entries: readonly ChainedAuditEntry[], every = 2) => syntheticAuditExport(entries, signingKey, every);

describe('verifying an audit export', () => {
  it('accepts an untouched export and reports its head and checkpoints', async () => {
    const result = await verifyAuditExport(exportOf(trail(5)), [publicKey]);
    expect(result).toMatchObject({ ok: true, entries: 5, checkpoints: 2, entriesAfterLastCheckpoint: 1 });
  });

  it('names an altered entry', async () => {
    const entries = trail(5);
    const lines = exportOf(entries).map((line) =>
      line.includes('"sequence":"3","auditId"') ? line.replace('"sourceAddress":"198.51.100.7"', '"sourceAddress":"10.0.0.1"') : line,
    );
    const result = await verifyAuditExport(lines, [publicKey]);
    expect(result).toMatchObject({ ok: false, sequence: 3n, reason: expect.stringMatching(/was altered/) });
  });

  it('names a gap where an entry was removed, and a rewritten chain under a checkpoint', async () => {
    const entries = trail(5);
    const gap = exportOf(entries).filter((line) => !line.includes('"sequence":"3","auditId"'));
    expect(await verifyAuditExport(gap, [publicKey])).toMatchObject({
      ok: false,
      sequence: 4n,
      reason: expect.stringMatching(/expected sequence 3/),
    });

    // Entry 2 removed and the rest re-chained from entry 1: consistent hashes, but the checkpoint at 2 does not match.
    const rechained = trail(5).filter((entry) => entry.sequence !== 2n);
    let head = { sequence: 0n, hash: AUDIT_GENESIS_HASH };
    const rewritten = rechained.map((entry) => {
      const { sequence: _s, previousHash: _p, hash: _h, ...content } = entry;
      const next = chainAuditEntry(head, content);
      head = { sequence: next.sequence, hash: next.hash };
      return next;
    });
    const forged = exportOf(rewritten).filter((line) => !line.includes('"kind":"checkpoint"'));
    forged.splice(3, 0, exportOf(entries).find((line) => line.includes('"kind":"checkpoint","sequence":"2"')) ?? '');
    expect(await verifyAuditExport(forged, [publicKey])).toMatchObject({ ok: false, reason: expect.stringMatching(/rewritten/) });
  });

  it('refuses checkpoints signed by another key, or a ledger checkpoint passed off as an audit one', async () => {
    const other = parseLedgerPublicKey(generateLedgerKeyPair().publicJwk);
    expect(await verifyAuditExport(exportOf(trail(2)), [other])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a public key given/),
    });

    const entries = trail(2);
    const lines = exportOf(entries);
    const ledgerSigned = signCheckpoint(entries[1] as ChainedAuditEntry, new Date('2026-01-05T03:00:00.000Z'), signingKey);
    const swapped = lines.map((line) => (line.includes('"kind":"checkpoint"') ? auditCheckpointLine(ledgerSigned) : line));
    expect(await verifyAuditExport(swapped, [publicKey])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/signature does not match/),
    });
  });

  it('refuses an export cut short or without its header', async () => {
    const lines = exportOf(trail(3));
    expect(await verifyAuditExport(lines.slice(0, -1), [publicKey])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cut short/),
    });
    expect(await verifyAuditExport(lines.slice(1), [publicKey])).toMatchObject({ ok: false, reason: expect.stringMatching(/header/) });
  });
});
