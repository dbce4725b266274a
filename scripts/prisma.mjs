#!/usr/bin/env node
// The ONE wrapper of the Prisma CLI (6.19.3) on machines that cannot download Prisma's engines:
// prisma.config.ts selects the bundled WebAssembly schema engine over a pg adapter; this script
// sets the environment the CLI needs so it skips its engine download check.
//
//   node scripts/prisma.mjs generate                 client into libs/db/src/generated
//   node scripts/prisma.mjs migrate deploy           apply prisma/migrations (needs DATABASE_URL)
//   node scripts/prisma.mjs new-migration <name>     author prisma/migrations/<timestamp>_<name>/migration.sql
//                                                    offline: diff of prisma/schema.prisma against git HEAD's
//   node scripts/prisma.mjs <anything else>          passed to the Prisma CLI as is
//
// `migrate diff` compares two schema files only, but the wasm engine still connects to a database
// at start: without DATABASE_URL a throwaway embedded PostgreSQL is started for it (libs/devstack).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const home = path.join(root, '.ipledger');
const schema = path.join('prisma', 'schema.prisma');
// The root prisma.config.ts: the wasm engine, the pg adapter and the fixes the CLI needs.
const cliConfig = 'prisma.config.ts';
const migrationsDir = path.join(root, 'prisma', 'migrations');

class CliError extends Error {}

function fail(message) {
  throw new CliError(message);
}

function prismaCli() {
  try {
    const require = createRequire(path.join(root, 'package.json'));
    const pkgFile = require.resolve('prisma/package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    return path.join(path.dirname(pkgFile), pkg.bin.prisma);
  } catch {
    return fail('the prisma package is not installed: run `node scripts/bootstrap.mjs` (or npm install)');
  }
}

function prismaEnv() {
  fs.mkdirSync(home, { recursive: true });
  const placeholder = path.join(home, 'prisma-engine-placeholder');
  if (!fs.existsSync(placeholder)) {
    fs.writeFileSync(placeholder, 'Stands in for Prisma engine binaries; the CLI uses its WebAssembly engine.\n');
  }
  return {
    ...process.env,
    PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
    // The schema's datasource reads env("DATABASE_URL") even where no database is used.
    DATABASE_URL: process.env.DATABASE_URL || 'postgresql://unused@127.0.0.1:1/unused',
  };
}

function runPrisma(args, options = {}) {
  const withConfig = args.some((arg) => arg === '--config' || arg.startsWith('--config=')) ? args : [...args, '--config', cliConfig];
  const preload = path.join(root, 'scripts', 'lib', 'prisma-unref-timers.cjs');
  const result = spawnSync(process.execPath, ['-r', preload, prismaCli(), ...withConfig], {
    cwd: root,
    env: prismaEnv(),
    stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
  if (result.error) fail(`could not run the Prisma CLI: ${result.error.message}`);
  if (result.status !== 0) {
    if (options.capture && result.stdout) process.stderr.write(result.stdout);
    fail(`\`prisma ${args.join(' ')}\` failed (${result.signal ?? `exit code ${result.status}`})`);
  }
  return result.stdout ?? '';
}

function timestamp() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

function git(args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs fn with DATABASE_URL pointing at a reachable server (a throwaway one when unset). */
async function withSomeDatabase(fn) {
  if (process.env.DATABASE_URL) return fn();
  const { requireTs } = await import('./lib/typescript.mjs');
  const devstack = requireTs('libs/devstack/src/index.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-prisma-'));
  fs.chmodSync(dir, 0o755); // PostgreSQL may run as user postgres
  let pg;
  try {
    pg = await devstack.startPostgres({ dataDir: path.join(dir, 'pg'), port: await devstack.freePort(), externalUrl: null, durable: false });
    process.env.DATABASE_URL = pg.url;
    return fn();
  } finally {
    await pg?.stop();
    delete process.env.DATABASE_URL;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function newMigration(name) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    fail('usage: node scripts/prisma.mjs new-migration <name>   (name: lower-case letters, digits, _)');
  }
  // The previous schema: the committed one. Migrations added since HEAD are not part of that
  // baseline, so their changes would be generated again: warn.
  let headSchema;
  try {
    headSchema = git(['show', `HEAD:prisma/schema.prisma`]);
  } catch {
    headSchema = undefined; // no commit or no schema yet: diff from empty
  }
  let uncommitted = [];
  try {
    const committed = new Set(
      git(['ls-tree', '--name-only', 'HEAD', 'prisma/migrations/'])
        .split('\n')
        .map((line) => path.basename(line.trim()))
        .filter(Boolean),
    );
    uncommitted = fs
      .readdirSync(migrationsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !committed.has(entry.name))
      .map((entry) => entry.name);
  } catch {
    // not a git checkout: nothing to compare
  }
  if (uncommitted.length > 0) {
    console.warn(
      `prisma.mjs: warning: migrations not committed yet (${uncommitted.join(', ')}): the new migration is the ` +
        'difference from the COMMITTED schema and may repeat their changes. Commit them first, or edit the result.',
    );
  }

  const from = ['--from-empty'];
  if (headSchema !== undefined) {
    const tmp = path.join(home, 'tmp');
    fs.mkdirSync(tmp, { recursive: true });
    const headFile = path.join(tmp, 'schema.HEAD.prisma');
    fs.writeFileSync(headFile, headSchema);
    from.splice(0, 1, '--from-schema-datamodel', headFile);
  }
  const sql = runPrisma(['migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script'], { capture: true });
  if (/^-- This is an empty migration\.\s*$/.test(sql.trim()) || sql.trim() === '') {
    console.log('prisma.mjs: prisma/schema.prisma has no changes against git HEAD: no migration written.');
    return;
  }
  const dir = path.join(migrationsDir, `${timestamp()}_${name}`);
  fs.mkdirSync(dir, { recursive: false });
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql.endsWith('\n') ? sql : `${sql}\n`);
  console.log(`prisma.mjs: wrote ${path.relative(root, path.join(dir, 'migration.sql'))}: review it before committing.`);
}

async function main(command, rest) {
  if (command === undefined) {
    fail('usage: node scripts/prisma.mjs generate | migrate deploy | new-migration <name> | <prisma args>');
  } else if (command === 'new-migration') {
    await withSomeDatabase(() => newMigration(rest[0]));
  } else if (command === 'migrate' && rest[0] === 'diff') {
    await withSomeDatabase(() => runPrisma([command, ...rest]));
  } else {
    if (command === 'migrate' && rest[0] === 'deploy' && !process.env.DATABASE_URL) {
      fail('`migrate deploy` needs DATABASE_URL (e.g. postgres://postgres:postgres@127.0.0.1:54329/ipledger)');
    }
    runPrisma([command, ...rest]);
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  await main(command, rest);
} catch (error) {
  console.error(`prisma.mjs: ${error instanceof CliError ? error.message : (error?.stack ?? String(error))}`);
  process.exitCode = 1;
}
