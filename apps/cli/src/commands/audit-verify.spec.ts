// `ipledger audit verify --file` offline: a synthetic export written with the library, checked
// through the CLI's arguments, output and exit codes (the export endpoint is tested with the audit service).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticAuditExport, syntheticAuditTrail } from '@ipledger/audit-proof';
import { generateLedgerKeyPair, parseLedgerSigningKey } from '@ipledger/ledger-proof';
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

describe('ipledger audit verify --file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-cli-audit-'));
  const file = path.join(dir, 'audit-export.ndjson');
  const keyFile = path.join(dir, 'audit-public.jwk.json');
  const lines = syntheticAuditExport(syntheticAuditTrail(6), signingKey, 3);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    fs.writeFileSync(keyFile, pair.publicJwk);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
  });

  it('prints one OK line with counts, head and key', async () => {
    const { io, stdout } = capture();
    expect(await run(['audit', 'verify', '--file', file, '--public-key', keyFile], io)).toBe(EXIT.ok);
    expect(stdout()).toMatch(
      new RegExp(`^OK: 6 audit entries, 2 checkpoints, head 6 [0-9a-f]{64}, key ${signingKey.keyId}, last checkpoint 6 `),
    );
  });

  it('takes the key from IPLEDGER_AUDIT_PUBLIC_KEY, and says where to get one when there is none (exit 2)', async () => {
    const withEnv = capture({ IPLEDGER_AUDIT_PUBLIC_KEY: pair.publicJwk });
    expect(await run(['audit', 'verify', '--file', file], withEnv.io)).toBe(EXIT.ok);

    const without = capture({ IPLEDGER_LEDGER_PUBLIC_KEY: pair.publicJwk });
    expect(await run(['audit', 'verify', '--file', file], without.io)).toBe(EXIT.usage);
    expect(without.stderr()).toContain(
      'no public key: audit verify needs the audit trail checkpoint public key (Ed25519, JWK JSON: the public half of the key the audit service signs its checkpoints with).',
    );
    expect(without.stderr()).toContain('--public-key audit-public.jwk.json');
    expect(without.stderr()).toContain(`IPLEDGER_AUDIT_PUBLIC_KEY='{"kty":"OKP","crv":"Ed25519","x":"…"}'`);
    expect(without.stderr()).toContain('a local run (npm start) keeps it in .ipledger/secrets.json, field auditPublicJwk:');
  });

  it('exits 5 naming the altered entry, and a removed one', async () => {
    const altered = path.join(dir, 'altered.ndjson');
    fs.writeFileSync(altered, lines.map((line) => line.replace('"targetId":"ln_4"', '"targetId":"ln_5"')).join('\n'));
    const first = capture();
    expect(await run(['audit', 'verify', '--file', altered, '--public-key', keyFile], first.io)).toBe(EXIT.verification);
    expect(first.stdout()).toMatch(
      /^FAILED: entry 4 \(aud_0+4\), line 6: its stored hash [0-9a-f]{64} differs from the recomputed [0-9a-f]{64}: the entry was altered\n$/,
    );

    const removed = path.join(dir, 'removed.ndjson');
    fs.writeFileSync(removed, lines.filter((line) => !line.includes('"sequence":"2","auditId"')).join('\n'));
    const second = capture();
    expect(await run(['audit', 'verify', '--file', removed, '--public-key', keyFile], second.io)).toBe(EXIT.verification);
    expect(second.stdout()).toMatch(/^FAILED: entry 3 .*expected sequence 2 after entry 1, found 3/);
  });
});
