// `npm run bench:ledger-verify`: backs "verify streams: memory stays flat however long the ledger".
// Writes synthetic audit files of 10k and 100k entries (a checkpoint every 1000) and verifies each
// with verifyAuditFile, as `ipledger ledger verify --file` does, in a fresh node process, printing
// `name: value` lines: entries per second, the peak heap (heapUsed sampled every 5 ms, between two
// chunks read: includes garbage not collected yet) and the live heap (heapUsed right after a forced
// GC, every 4th sample: what the verifier keeps, which should not grow with the file; not timed).
//
// Baselines, measured just before in the same process, nothing checked: readline and JSON.parse per
// line (`verify_<n>_vs_raw_parse`); SHA-256 over the file's bytes (`verify_<n>_vs_raw_sha256`, bytes
// per second against bytes per second); one SHA-256 hex digest per line, the file read as the
// verifier reads it (`verify_<n>_vs_raw_sha256_per_line`): a hash chain takes a digest per entry,
// and per digest the call costs as much as the bytes, so this is the nearer bound.
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
  sha256Hex,
  syntheticJournal,
  verifyAuditFile,
  writeAuditFile,
} from '@ipledger/ledger-proof';

const CHUNK_BYTES = 1 << 20;
const SAMPLE_EVERY_MS = 5;
const LIVE_SAMPLE_EVERY = 4;

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

/**
 * The second baseline: seconds to read the file in chunks as large as the verifier's and SHA-256
 * its bytes, the least a verifier of a hash chain must do; the faster of two runs, so that the
 * first run's warm-up does not flatter the verifier.
 */
async function rawSha256Seconds(file: string): Promise<number> {
  const once = async () => {
    const started = process.hrtime.bigint();
    const hash = createHash('sha256');
    for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) hash.update(chunk as Buffer);
    if (hash.digest().length !== 32) throw new Error('no digest');
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  return Math.min(await once(), await once());
}

/** The third baseline: seconds to read the file as the verifier does (1 MiB at a time into one buffer) and take a SHA-256 digest of each line. */
async function rawSha256PerLineSeconds(file: string): Promise<number> {
  const started = process.hrtime.bigint();
  const handle = await fs.promises.open(file, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let digests = 0;
  let begun = Buffer.alloc(0);
  for (
    let read = await handle.read(buffer, 0, CHUNK_BYTES, null);
    read.bytesRead > 0;
    read = await handle.read(buffer, 0, CHUNK_BYTES, null)
  ) {
    const chunk = buffer.subarray(0, read.bytesRead);
    let from = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, from)) {
      const line = begun.length === 0 ? chunk.subarray(from, end) : Buffer.concat([begun, chunk.subarray(0, end)]);
      begun = Buffer.alloc(0);
      digests += sha256Hex(line).length === 64 ? 1 : 0;
      from = end + 1;
    }
    begun = Buffer.concat([begun, chunk.subarray(from)]);
  }
  await handle.close();
  if (digests === 0) throw new Error('the baseline hashed nothing');
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** In the child: verify one file and print its numbers. */
async function verifyOne(file: string, publicJwk: string): Promise<void> {
  const rawSeconds = await rawParseSeconds(file);
  const shaSeconds = await rawSha256Seconds(file);
  const shaPerLineSeconds = await rawSha256PerLineSeconds(file);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let live = baseline;
  let samples = 0;
  let samplingNs = 0n;
  // The verifier awaits each chunk it reads: the timer fires there, between chunks.
  const sampler = setInterval(() => {
    const sampling = process.hrtime.bigint();
    samples += 1;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    if (samples % LIVE_SAMPLE_EVERY === 0 && gc !== undefined) {
      gc();
      live = Math.max(live, process.memoryUsage().heapUsed);
    }
    samplingNs += process.hrtime.bigint() - sampling;
  }, SAMPLE_EVERY_MS);
  const started = process.hrtime.bigint();
  const result = await verifyAuditFile(file, { publicKeys: [parseLedgerPublicKey(publicJwk)] });
  const seconds = Number(process.hrtime.bigint() - started - samplingNs) / 1e9;
  clearInterval(sampler);
  if (!result.ok) throw new Error(`the synthetic file did not verify: ${result.reason}`);
  process.stdout.write(
    JSON.stringify({
      entries: result.entries,
      seconds,
      rawSeconds,
      shaSeconds,
      shaPerLineSeconds,
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
        shaPerLineSeconds: number;
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
      print(`raw_sha256_per_line_${size}_mib_per_second`, (run.fileMb / run.shaPerLineSeconds).toFixed(1));
      print(`verify_${size}_vs_raw_sha256_per_line`, (run.shaPerLineSeconds / run.seconds).toFixed(3));
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
