// `npm run bench:ledger-verify`: backs "verify streams: memory stays flat however long the ledger".
// Writes synthetic audit files of 10k and 100k entries (a checkpoint every 1000) and verifies each
// from the file in a fresh node process, printing `name: value` lines: entries per second, the peak
// heap while verifying (heapUsed sampled every 500 stream items: includes garbage not collected
// yet, so it follows V8's heap sizing), and the live heap (heapUsed right after a forced GC, every
// 5000 items: what the verifier really keeps). The live heap should be the same for both sizes.
//
// The raw baseline, measured in the same process just before: reading the same file line by line
// and JSON.parse-ing each line, nothing checked; `verify_<n>_vs_raw_parse` is verify's share of it.
// A second one: reading the file and SHA-256-ing its bytes (`verify_<n>_vs_raw_sha256`, bytes per
// second against bytes per second).
//
// BENCH_VERIFY_SIZES (default "10000,100000") sets the sizes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import {
  generateLedgerKeyPair,
  parseLedgerPublicKey,
  parseLedgerSigningKey,
  readAuditFile,
  syntheticJournal,
  verifyLedgerStream,
  writeAuditFile,
  type LedgerStreamItem,
} from '@ipledger/ledger-proof';

const SAMPLE_EVERY = 500;
const LIVE_SAMPLE_EVERY = 5000;

function print(name: string, value: string | number): void {
  process.stdout.write(`${name}: ${value}\n`);
}

async function writeFile(file: string, entries: number, privateJwk: string): Promise<void> {
  const signingKey = parseLedgerSigningKey(privateJwk);
  const out = fs.createWriteStream(file);
  async function* items() {
    yield* syntheticJournal({ entries, signingKey, checkpointEvery: 1000 });
  }
  await writeAuditFile(items(), out, { exportedAt: new Date(), keyId: signingKey.keyId });
  await new Promise((resolve) => out.end(resolve));
}

/** The baseline: seconds to read the file line by line and parse every line, nothing checked. */
async function rawParseSeconds(file: string): Promise<number> {
  const started = process.hrtime.bigint();
  let parsed = 0;
  for await (const line of readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) {
    if (line !== '') parsed += (JSON.parse(line) as unknown) === null ? 0 : 1;
  }
  if (parsed === 0) throw new Error('the baseline read nothing');
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The second baseline: seconds to read the file and SHA-256 its bytes, the least a verifier of a hash chain must do. */
async function rawSha256Seconds(file: string): Promise<number> {
  const started = process.hrtime.bigint();
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  if (hash.digest().length !== 32) throw new Error('no digest');
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** In the child: verify one file and print its numbers. */
async function verifyOne(file: string, publicJwk: string): Promise<void> {
  const rawSeconds = await rawParseSeconds(file);
  const shaSeconds = await rawSha256Seconds(file);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let live = baseline;
  let seen = 0;
  async function* sampled(): AsyncGenerator<LedgerStreamItem> {
    for await (const item of readAuditFile(file)) {
      seen += 1;
      if (seen % SAMPLE_EVERY === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      if (seen % LIVE_SAMPLE_EVERY === 0 && gc !== undefined) {
        gc();
        live = Math.max(live, process.memoryUsage().heapUsed);
      }
      yield item;
    }
  }
  const started = process.hrtime.bigint();
  const result = await verifyLedgerStream(sampled(), { publicKeys: [parseLedgerPublicKey(publicJwk)], file: true });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!result.ok) throw new Error(`the synthetic file did not verify: ${result.reason}`);
  process.stdout.write(
    JSON.stringify({
      entries: result.entries,
      seconds,
      rawSeconds,
      shaSeconds,
      peakHeapMb: peak / 2 ** 20,
      liveHeapMb: live / 2 ** 20,
      liveGrowthMb: (live - baseline) / 2 ** 20,
      fileMb: fs.statSync(file).size / 2 ** 20,
    }),
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--verify-one') {
    await verifyOne(process.argv[3] ?? '', process.env.BENCH_PUBLIC_JWK ?? '');
    return;
  }
  const sizes = (process.env.BENCH_VERIFY_SIZES ?? '10000,100000').split(',').map((size) => Number(size.trim()));
  const keys = generateLedgerKeyPair();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-bench-verify-'));
  try {
    for (const size of sizes) {
      const file = path.join(dir, `audit-${size}.ndjson`);
      await writeFile(file, size, keys.privateJwk);
      const child = spawnSync(process.execPath, ['--expose-gc', '-r', '@swc-node/register', __filename, '--verify-one', file], {
        env: { ...process.env, BENCH_PUBLIC_JWK: keys.publicJwk },
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`verifying ${size} entries failed: ${child.stderr}`);
      const run = JSON.parse(child.stdout) as {
        entries: number;
        seconds: number;
        rawSeconds: number;
        shaSeconds: number;
        peakHeapMb: number;
        liveHeapMb: number;
        liveGrowthMb: number;
        fileMb: number;
      };
      print(`verify_${size}_file_mb`, run.fileMb.toFixed(1));
      print(`verify_${size}_entries_per_second`, (run.entries / run.seconds).toFixed(0));
      print(`raw_parse_${size}_entries_per_second`, (run.entries / run.rawSeconds).toFixed(0));
      print(`verify_${size}_vs_raw_parse`, (run.rawSeconds / run.seconds).toFixed(3));
      print(`verify_${size}_mib_per_second`, (run.fileMb / run.seconds).toFixed(1));
      print(`raw_sha256_${size}_mib_per_second`, (run.fileMb / run.shaSeconds).toFixed(1));
      print(`verify_${size}_vs_raw_sha256`, (run.shaSeconds / run.seconds).toFixed(3));
      print(`verify_${size}_peak_heap_mb`, run.peakHeapMb.toFixed(1));
      print(`verify_${size}_live_heap_max_mb`, run.liveHeapMb.toFixed(1));
      print(`verify_${size}_live_heap_growth_mb`, run.liveGrowthMb.toFixed(2));
      fs.rmSync(file);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
