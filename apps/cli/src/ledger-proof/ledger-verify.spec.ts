// `ipledger ledger verify --file` without a database: a synthetic audit file written with the
// library, checked through the CLI's arguments, output and exit codes.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLedgerKeyPair, parseLedgerSigningKey, syntheticJournal, writeAuditFile } from '@ipledger/ledger-proof';
import { EXIT } from '../errors';
import type { Io } from '../io';
import { run } from '../program';

const pair = generateLedgerKeyPair();
const signingKey = parseLedgerSigningKey(pair.privateJwk);

function capture(env: Record<string, string> = {}): { io: Io; stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  const io: Io = {
    stdout: { write: (text) => (out += typeof text === 'string' ? text : Buffer.from(text).toString('utf8')) },
    stderr: { write: (text) => (err += text) },
    env,
    writeFile: () => undefined,
  };
  return { io, stdout: () => out, stderr: () => err };
}

describe('ipledger ledger verify --file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-cli-verify-'));
  const file = path.join(dir, 'audit.ndjson');
  const keyFile = path.join(dir, 'public.jwk.json');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    fs.writeFileSync(keyFile, pair.publicJwk);
    const out = fs.createWriteStream(file);
    async function* items() {
      yield* syntheticJournal({ entries: 30, signingKey, checkpointEvery: 10 });
    }
    await writeAuditFile(items(), out, { exportedAt: new Date('2026-11-23T08:00:00Z'), keyId: signingKey.keyId });
    await new Promise((resolve) => out.end(resolve));
  });

  it('prints one OK line with counts, head, key and last checkpoint', async () => {
    const { io, stdout } = capture();
    expect(await run(['ledger', 'verify', '--file', file, '--public-key', keyFile], io)).toBe(EXIT.ok);
    expect(stdout()).toMatch(
      new RegExp(
        `^OK: 30 entries, 3 checkpoints, head 30 [0-9a-f]{64}, key ${signingKey.keyId}, last checkpoint 30 signed 2026-06-03T00:00:00.000Z by key ${signingKey.keyId}, 0 entries after it\\n$`,
      ),
    );
  });

  it('takes the public key from IPLEDGER_LEDGER_PUBLIC_KEY too', async () => {
    const { io, stdout } = capture({ IPLEDGER_LEDGER_PUBLIC_KEY: pair.publicJwk });
    expect(await run(['ledger', 'verify', '--file', file], io)).toBe(EXIT.ok);
    expect(stdout()).toMatch(/^OK: 30 entries/);
  });

  it('exits 5 naming the entry and line of a damaged line', async () => {
    const damaged = path.join(dir, 'damaged.ndjson');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[7] = lines[7].slice(0, 40);
    fs.writeFileSync(damaged, lines.join('\n'));
    const { io, stdout, stderr } = capture();
    expect(await run(['ledger', 'verify', '--file', damaged, '--public-key', keyFile], io)).toBe(EXIT.verification);
    expect(stdout()).toMatch(/^FAILED: entry 7 \(id unknown\), line 8: line 8, after entry 6 \(line 7\), is not valid JSON/);
    expect(stderr()).toBe('ipledger: the ledger did not verify\n');
  });

  it('refuses to run without a public key, saying which key, both ways to give it and where a local run keeps it (exit 2)', async () => {
    const { io, stderr } = capture();
    expect(await run(['ledger', 'verify', '--file', file], io)).toBe(EXIT.usage);
    expect(stderr()).toBe(
      [
        'ipledger: no public key: ledger verify needs the ledger checkpoint public key (Ed25519, JWK JSON: the public half of the key the ledger service signs its checkpoints with).',
        '  give it as a file:  --public-key ledger-public.jwk.json   (repeat the option for keys rotated out)',
        `  or in the environment:  IPLEDGER_LEDGER_PUBLIC_KEY='{"kty":"OKP","crv":"Ed25519","x":"…"}'`,
        '  a local run (npm start) keeps it in .ipledger/secrets.json, field ledgerPublicJwk:',
        `    node -p 'require("./.ipledger/secrets.json").ledgerPublicJwk' > ledger-public.jwk.json`,
        '  a deployment: the IPLEDGER_LEDGER_PUBLIC_KEY its services are given (the public key is not secret).',
        '(ipledger ledger verify --help for usage)',
        '',
      ].join('\n'),
    );
  });

  it('names the secrets file of IPLEDGER_HOME, and the command it suggests writes a key that verifies', async () => {
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    fs.writeFileSync(
      path.join(home, 'secrets.json'),
      JSON.stringify({ ledgerPublicJwk: pair.publicJwk, ledgerPrivateJwk: pair.privateJwk }),
    );
    const { io, stderr } = capture({ IPLEDGER_HOME: home });
    expect(await run(['ledger', 'verify', '--file', file], io)).toBe(EXIT.usage);
    expect(stderr()).toContain(`a local run (npm start) keeps it in ${home}/secrets.json, field ledgerPublicJwk:`);

    const suggested = /^ {4}(node -p .*)$/m.exec(stderr())?.[1];
    expect(suggested).toBe(`node -p 'require("${home}/secrets.json").ledgerPublicJwk' > ledger-public.jwk.json`);
    execSync(suggested as string, { cwd: dir, shell: '/bin/sh' });
    const verified = capture();
    expect(await run(['ledger', 'verify', '--file', file, '--public-key', path.join(dir, 'ledger-public.jwk.json')], verified.io)).toBe(
      EXIT.ok,
    );
    expect(verified.stdout()).toMatch(/^OK: 30 entries/);
  });

  it('refuses a private key where the public one belongs', async () => {
    const privateFile = path.join(dir, 'private.jwk.json');
    fs.writeFileSync(privateFile, pair.privateJwk);
    const { io, stderr } = capture();
    expect(await run(['ledger', 'verify', '--file', file, '--public-key', privateFile], io)).toBe(EXIT.usage);
    expect(stderr()).toContain(`--public-key ${privateFile}: must be the PUBLIC key`);
  });

  it('needs a database URL to verify the database', async () => {
    const { io, stderr } = capture({ IPLEDGER_LEDGER_PUBLIC_KEY: pair.publicJwk });
    expect(await run(['ledger', 'verify'], io)).toBe(EXIT.usage);
    expect(stderr()).toContain('no database: pass --database-url <postgresql://…> or set DATABASE_URL');
  });
});
