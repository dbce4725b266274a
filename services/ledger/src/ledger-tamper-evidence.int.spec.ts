// Tamper evidence end to end on a real broker and database: entries posted from loan events by the
// ledger service, checkpoints signed by its scheduler, the journal exported and verified with the
// `ipledger` CLI (a separate process reading the database with pg, or the file with the public key
// alone), then an amount changed in the database behind the triggers' back, one byte changed in an
// export, a forged checkpoint and a file cut short: each refused, naming the entry.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CheckpointListResponse } from '@ipledger/contracts';
import {
  checkCheckpointSignature,
  checkpointLine,
  generateLedgerKeyPair,
  parseAuditLine,
  parseLedgerPublicKey,
  parseLedgerSigningKey,
  signCheckpoint,
} from '@ipledger/ledger-proof';
import { createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { actingAs, pollUntil, serviceUnderTest, testEnvironment } from '@ipledger/testing';
import { CheckpointSigner } from './checkpoint-signer';
import { loadLedgerConfig } from './ledger.config';
import { LedgerModule } from './ledger.module';
import { LedgerBatchConsumer } from './ledger-batch.consumer';
import { LedgerService } from './ledger.service';
import { loanDisbursed, loanRepaid } from './test-support/loan-events';
import type { z } from 'zod';
import { PrismaClient } from './database';

const CLI = path.join(__dirname, '../../../apps/cli/bin/ipledger.mjs');
const BUREAU = actingAs({ orgId: 'bureau-cq', role: 'bureau' });
const BANK = 'bank-cq-proof';
const loanId = (n: number) => `ln_0193c4a0b1c27d3e8f9a0b1c2d3e5${n.toString(16).padStart(3, '0')}`;
const repaymentId = (n: number) => `rp_0193c4a0b1c27d3e8f9a0b1c2d3e5${n.toString(16).padStart(3, '0')}`;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('tamper evidence of the ledger', () => {
  const sut = serviceUnderTest(
    { service: 'ledger', schema: 'ledger', prismaClient: PrismaClient, consumer: 'ledger', module: LedgerModule },
    {
      createApp: (definition, env) =>
        createServiceApp(
          { ...definition, module: LedgerModule.withConfig(loadLedgerConfig(env)), batchConsumer: LedgerBatchConsumer },
          loadConfig(ServiceConfigSchema, env),
        ),
      env: { LEDGER_CHECKPOINT_EVERY_ENTRIES: '4', LEDGER_CHECKPOINT_INTERVAL_MS: '200' },
    },
  );
  const publicKey = parseLedgerPublicKey(testEnvironment().ledgerPublicKey);
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-ledger-proof-'));
  const keyFile = path.join(workdir, 'ledger-public.jwk.json');
  const auditFile = path.join(workdir, 'audit.ndjson');
  fs.writeFileSync(keyFile, testEnvironment().ledgerPublicKey);
  afterAll(() => fs.rmSync(workdir, { recursive: true, force: true }));

  function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: workdir,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: sut.database.auditorUrl, ...env },
      }); // read-only: the auditor role
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  async function checkpoints(): Promise<z.infer<typeof CheckpointListResponse>> {
    const response = await sut.call<unknown>('GET', '/api/ledger/checkpoints?limit=500', BUREAU);
    if (response.status !== 200)
      throw new Error(`GET /api/ledger/checkpoints answered ${response.status}: ${JSON.stringify(response.body)}`);
    return CheckpointListResponse.parse(response.body);
  }

  /** A copy of the export with `change` applied to the line it picks; returns the copy's path. */
  function alteredExport(name: string, change: (lines: string[]) => string[]): string {
    const file = path.join(workdir, name);
    fs.writeFileSync(file, change(fs.readFileSync(auditFile, 'utf8').split('\n')).join('\n'));
    return file;
  }

  const events = [1, 2, 3, 4, 5].flatMap((n) => {
    const disbursed = loanDisbursed({ loanId: loanId(n), bankOrgId: BANK, principal: `${n}00000.00` });
    const repaid = loanRepaid({
      loanId: loanId(n),
      bankOrgId: BANK,
      repaymentId: repaymentId(n),
      principalAmount: `${n}0000.00`,
      interestAmount: '123.45',
      outstandingPrincipal: `${n * 9}0000.00`,
    });
    return [disbursed, repaid];
  });

  beforeAll(async () => {
    await sut.produce(...events);
    await pollUntil(async () => (await sut.app.get(LedgerService).trialBalance()).entryCount === '10', {
      description: 'ten journal entries',
    });
    // The scheduler signs the head once 4 entries piled up, and the tail once 200 ms passed.
    await pollUntil(async () => (await checkpoints()).items.at(-1)?.sequence === '10', {
      description: 'a checkpoint of the head (sequence 10)',
    });
  });

  it('signs checkpoints of the head that the public key checks, and serves them with that key', async () => {
    const listed = await checkpoints();
    expect(listed.keyId).toBe(publicKey.keyId);
    expect(listed.publicKey).toEqual(publicKey.jwk);
    expect(listed.items.length).toBeGreaterThanOrEqual(1);
    for (const item of listed.items) {
      expect(checkCheckpointSignature({ ...item, sequence: BigInt(item.sequence) }, [publicKey])).toEqual({ ok: true });
    }
  });

  it('stores one checkpoint per sequence when several instances sign at once', async () => {
    await sut.produce(loanDisbursed({ loanId: loanId(6), bankOrgId: BANK, principal: '600000.00' }));
    await pollUntil(async () => (await sut.app.get(LedgerService).trialBalance()).entryCount === '11', {
      description: 'the eleventh entry',
    });
    const signer = sut.app.get(CheckpointSigner);
    await Promise.all([signer.signIfHeadMoved(), signer.signIfHeadMoved(), signer.signIfHeadMoved()]);
    const rows = await sut.prisma.ledgerCheckpoint.findMany({ where: { sequence: 11n } });
    expect(rows).toHaveLength(1);
    expect(await signer.signIfHeadMoved()).toBeNull();
  });

  it('verifies in the service: the chain, every stored checkpoint, the stored head', async () => {
    const verification = await sut.app.get(LedgerService).verify();
    expect(verification).toMatchObject({
      ok: true,
      chain: { ok: true, entriesChecked: 11, lastCheckpoint: { sequence: 11n }, entriesAfterLastCheckpoint: 0 },
    });
    expect(verification.chain.ok && verification.chain.checkpointsChecked).toBe((await checkpoints()).items.length);
  });

  it('verifies with the CLI from the database, exports, and verifies the export with the public key alone', async () => {
    const fromDatabase = await cli(['ledger', 'verify', '--public-key', keyFile]);
    expect(fromDatabase).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        new RegExp(
          `^OK: 11 entries, \\d+ checkpoints, head 11 [0-9a-f]{64}, key ${publicKey.keyId}, last checkpoint 11 signed .* 0 entries after it\\n$`,
        ),
      ),
    });

    const exported = await cli(['ledger', 'export', '--out', auditFile]);
    expect(exported).toMatchObject({ code: 0, stdout: expect.stringMatching(/^exported 11 entries and \d+ checkpoints, head 11 /) });
    const lines = fs.readFileSync(auditFile, 'utf8').trimEnd().split('\n');
    expect(lines.map((line, index) => parseAuditLine(line, index + 1).kind).filter((kind) => kind === 'entry')).toHaveLength(11);

    // The database is not needed: a wrong DATABASE_URL does not matter for --file.
    const fromFile = await cli(['ledger', 'verify', '--file', auditFile], {
      DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
      IPLEDGER_LEDGER_PUBLIC_KEY: testEnvironment().ledgerPublicKey,
    });
    expect(fromFile).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: 11 entries, \d+ checkpoints, head 11 /) });
    expect(fromFile.stdout).toBe(fromDatabase.stdout);
  });

  it('names the entry when one byte of one amount in the export was changed', async () => {
    const entry = await sut.prisma.journalEntry.findFirstOrThrow({ where: { sequence: 6n } });
    let lineNumber = 0;
    const file = alteredExport('one-byte.ndjson', (lines) =>
      lines.map((line, index) => {
        if (!line.includes(`"id":"${entry.id}"`)) return line;
        lineNumber = index + 1;
        return line.replace(/"amount":"(\d)/, (_match, digit: string) => `"amount":"${digit === '9' ? '8' : '9'}`);
      }),
    );
    expect(fs.statSync(file).size).toBe(fs.statSync(auditFile).size);
    const result = await cli(['ledger', 'verify', '--file', file, '--public-key', keyFile]);
    expect(result.code).toBe(5);
    expect(lineNumber).toBeGreaterThan(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^FAILED: entry 6 \\(${entry.id}\\), line ${lineNumber}: its stored hash [0-9a-f]{64} differs from the recomputed [0-9a-f]{64}: the entry was altered\\n$`,
      ),
    );
  });

  it('refuses a checkpoint forged with another key, and a file cut short', async () => {
    const forger = parseLedgerSigningKey(generateLedgerKeyPair().privateJwk);
    const forged = alteredExport('forged.ndjson', (lines) =>
      lines.map((line) => {
        const item = line === '' ? undefined : parseAuditLine(line, 0);
        if (item?.kind !== 'checkpoint') return line;
        return checkpointLine({ ...signCheckpoint(item.checkpoint, new Date(item.checkpoint.signedAt), forger), keyId: publicKey.keyId });
      }),
    );
    const forgedRun = await cli(['ledger', 'verify', '--file', forged, '--public-key', keyFile]);
    expect(forgedRun).toMatchObject({
      code: 5,
      stdout: expect.stringMatching(
        /^FAILED: entry \d+ \(je_\w+\), line \d+: checkpoint \d+: the signature does not match .* \(forged or altered\)\n$/,
      ),
    });

    const cut = alteredExport('cut.ndjson', (lines) => lines.slice(0, 8));
    const cutRun = await cli(['ledger', 'verify', '--file', cut, '--public-key', keyFile]);
    expect(cutRun).toMatchObject({
      code: 5,
      stdout: expect.stringMatching(
        /^FAILED: entry \d+ \(je_\w+\), line \d+: the file ends after entry \d+ \(line \d+\) without its end line: it was cut short\n$/,
      ),
    });

    const otherKey = path.join(workdir, 'other.jwk.json');
    fs.writeFileSync(otherKey, JSON.stringify(forger.publicKey.jwk));
    const wrongKey = await cli(['ledger', 'verify', '--file', auditFile, '--public-key', otherKey]);
    expect(wrongKey).toMatchObject({
      code: 5,
      stdout: `FAILED: the file, line 1: the file's checkpoints are signed with key ${publicKey.keyId}; the public key given is ${forger.keyId}\n`,
    });
  });

  it('names the entry whose amount was changed in the database behind the append-only trigger', async () => {
    const entry = await sut.prisma.journalEntry.findFirstOrThrow({ where: { sequence: 4n } });
    // An attacker with the table owner's rights: switch the trigger off, change one amount, switch it on.
    await sut.prisma.$executeRawUnsafe(`ALTER TABLE ledger.postings DISABLE TRIGGER postings_append_only`);
    try {
      await sut.prisma.$executeRawUnsafe(
        `UPDATE ledger.postings SET amount = amount + 0.01 WHERE entry_id = $1 AND position = 0`,
        entry.id,
      );
    } finally {
      await sut.prisma.$executeRawUnsafe(`ALTER TABLE ledger.postings ENABLE TRIGGER postings_append_only`);
    }
    const result = await cli(['ledger', 'verify', '--public-key', keyFile]);
    expect(result).toMatchObject({
      code: 5,
      stdout: expect.stringMatching(
        new RegExp(
          `^FAILED: entry 4 \\(${entry.id}\\): its stored hash [0-9a-f]{64} differs from the recomputed [0-9a-f]{64}: the entry was altered\\n$`,
        ),
      ),
    });
    expect(result.stderr).toBe('ipledger: the ledger did not verify\n');
    expect((await sut.app.get(LedgerService).verify()).chain).toEqual({
      ok: false,
      sequence: 4n,
      entryId: entry.id,
      reason: expect.stringMatching(/the entry was altered/),
    });
    // The export taken before still verifies: it is the evidence of what was there.
    expect((await cli(['ledger', 'verify', '--file', auditFile, '--public-key', keyFile])).code).toBe(0);
  });
});
