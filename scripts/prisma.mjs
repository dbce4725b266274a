#!/usr/bin/env node
// The ONE wrapper of the Prisma CLI (6.19.3) on machines that cannot download Prisma's engines:
// prisma.config.ts selects the bundled WebAssembly schema engine over a pg adapter; this script
// sets the environment the CLI needs so it skips its engine download check.
//
// Each service has its own Prisma schema folder, generated client and migration history
// (services/<name>/prisma, listed in prisma/services.json); the shared outbox/inbox/idempotency
// models have one definition, prisma/shared/messaging.prisma.
//
//   node scripts/prisma.mjs generate [service…]          shared models into each schema folder, then every
//                                                        client (services/<name>/src/generated, libs/db/src/generated)
//   node scripts/prisma.mjs migrate deploy [service…]    apply each service's history (needs DATABASE_URL); a database
//                                                        migrated with the old single history gets the baselines
//                                                        marked as applied instead of run
//   node scripts/prisma.mjs new-migration <service> <name>
//                                                        author services/<service>/prisma/migrations/<timestamp>_<name>
//                                                        offline: diff of the service's schema folder against git HEAD's
//   node scripts/prisma.mjs shared [--check]             (re)write, or with --check compare, the shared models' copies
//   node scripts/prisma.mjs port-legacy <folder>         move a migration written for the old single history
//                                                        (prisma/migrations/<name>) into the services' histories
//   node scripts/prisma.mjs legacy-deploy                apply the frozen old history (tests of the adoption only)
//   node scripts/prisma.mjs --service <name> <args…>     any other Prisma command, for one service
//
// `migrate diff` compares two schemas only, but the wasm engine still connects to a database
// at start: without DATABASE_URL a throwaway embedded PostgreSQL is started for it (libs/devstack).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  BASELINE,
  databaseService,
  databaseServices,
  legacyMigrationNames,
  legacyMigrationsDir,
  root,
  SHARED_FILE,
  syncShared,
} from './lib/prisma-layout.mjs';

const home = path.join(root, '.ipledger');
// The root prisma.config.ts: the wasm engine, the pg adapter and the fixes the CLI needs.
const cliConfig = 'prisma.config.ts';
const LEGACY = '(legacy)';
const DEPLOY_CONCURRENCY = 4;

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

/**
 * The environment of one CLI run: for a service (its schema folder), its history schema when the
 * command reads or writes it; `ownLock`: the caller holds the history's lock (withHistoryLock), so Prisma is asked to leave its database-wide one off (a native schema engine honours that; the WebAssembly one used here does not).
 * Prisma's database-wide one is off.
 */
function prismaEnv({ service, historySchema, ownLock } = {}) {
  fs.mkdirSync(home, { recursive: true });
  const placeholder = path.join(home, 'prisma-engine-placeholder');
  if (!fs.existsSync(placeholder)) {
    fs.writeFileSync(placeholder, 'Stands in for Prisma engine binaries; the CLI uses its WebAssembly engine.\n');
  }
  const env = {
    ...process.env,
    PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
    // The schema's datasource reads env("DATABASE_URL") even where no database is used.
    DATABASE_URL: process.env.DATABASE_URL || 'postgresql://unused@127.0.0.1:1/unused',
  };
  delete env.IPLEDGER_PRISMA_SERVICE;
  delete env.IPLEDGER_PRISMA_HISTORY_SCHEMA;
  delete env.PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK;
  if (ownLock) env.PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK = '1';
  if (service) env.IPLEDGER_PRISMA_SERVICE = service;
  if (historySchema) env.IPLEDGER_PRISMA_HISTORY_SCHEMA = historySchema;
  return env;
}

function runPrisma(args, options = {}) {
  const withConfig = args.some((arg) => arg === '--config' || arg.startsWith('--config=')) ? args : [...args, '--config', cliConfig];
  const preload = path.join(root, 'scripts', 'lib', 'prisma-unref-timers.cjs');
  const result = spawnSync(process.execPath, ['-r', preload, prismaCli(), ...withConfig], {
    cwd: root,
    env: prismaEnv(options),
    stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
  if (result.error) fail(`could not run the Prisma CLI: ${result.error.message}`);
  if (result.status !== 0) {
    if (options.capture && result.stdout) process.stderr.write(result.stdout);
    const who = options.service && options.service !== LEGACY ? ` (${options.service})` : '';
    fail(`\`prisma ${args.join(' ')}\`${who} failed (${result.signal ?? `exit code ${result.status}`})`);
  }
  return result.stdout ?? '';
}

/** runPrisma without blocking, its output captured: for running several services' commands at once. */
function runPrismaAsync(args, options) {
  const withConfig = [...args, '--config', cliConfig];
  const preload = path.join(root, 'scripts', 'lib', 'prisma-unref-timers.cjs');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', preload, prismaCli(), ...withConfig], {
      cwd: root,
      env: prismaEnv(options),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => reject(new CliError(`could not run the Prisma CLI: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(output);
      if (!options.quietFailure || !/P1002/.test(output)) process.stderr.write(output);
      const error = new CliError(`\`prisma ${args.join(' ')}\` (${options.service}) failed (${signal ?? `exit code ${code}`})`);
      error.output = output;
      reject(error);
    });
  });
}

/** Runs fn over items, at most `limit` at a time; the first failure is thrown once all have settled. */
async function inParallel(items, limit, fn) {
  const queue = [...items];
  const failures = [];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      await fn(item).catch((error) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
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
    pg = await devstack.startPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await devstack.freePort(),
      externalUrl: null,
      durable: false,
    });
    process.env.DATABASE_URL = pg.url;
    return await fn();
  } finally {
    await pg?.stop();
    delete process.env.DATABASE_URL;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function requireDatabaseUrl(command) {
  if (!process.env.DATABASE_URL) fail(`\`${command}\` needs DATABASE_URL (e.g. postgres://postgres:postgres@127.0.0.1:54329/ipledger)`);
}

function selectServices(names) {
  return names.length === 0 ? databaseServices() : names.map((name) => databaseService(name));
}

// ───────────────────────────── generate / shared ─────────────────────────────

function writeShared() {
  const changed = syncShared();
  if (changed.length > 0) console.log(`prisma.mjs: wrote ${SHARED_FILE} of ${changed.join(', ')} from prisma/shared/${SHARED_FILE}`);
}

function generate(names) {
  writeShared();
  if (names.length === 0) runPrisma(['generate']); // libs/db's model-less client
  for (const service of selectServices(names)) runPrisma(['generate'], { service: service.name });
}

function checkShared() {
  const differing = syncShared({ check: true });
  if (differing.length > 0) {
    fail(
      `services/{${differing.join(',')}}/prisma/${SHARED_FILE} differ from prisma/shared/${SHARED_FILE}: ` +
        'change the template, not a copy, and run `node scripts/prisma.mjs shared`',
    );
  }
  console.log(`prisma.mjs: every service's ${SHARED_FILE} matches prisma/shared/${SHARED_FILE}`);
}

// ───────────────────────────── migrate deploy ─────────────────────────────

async function withPg(fn) {
  const require = createRequire(path.join(root, 'package.json'));
  const pg = require('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * How far the database got with the old single history (public._prisma_migrations):
 * 'none' (no such table or nothing applied), 'complete' (every legacy migration applied), or the
 * list of those missing.
 */
async function legacyState(client) {
  const { rows: exists } = await client.query("SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present");
  if (!exists[0].present) return { state: 'none' };
  const { rows } = await client.query(
    'SELECT migration_name FROM public._prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const applied = new Set(rows.map((row) => row.migration_name));
  const legacy = legacyMigrationNames();
  if (!legacy.some((name) => applied.has(name))) return { state: 'none' };
  const missing = legacy.filter((name) => !applied.has(name));
  return missing.length === 0 ? { state: 'complete' } : { state: 'partial', missing };
}

async function baselineRecorded(client, schema) {
  const { rows } = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [`"${schema}"._prisma_migrations`]);
  if (!rows[0].present) return false;
  const { rows: baseline } = await client.query(
    `SELECT 1 FROM "${schema}"._prisma_migrations WHERE migration_name = $1 AND rolled_back_at IS NULL`,
    [BASELINE],
  );
  return baseline.length > 0;
}

async function migrateDeploy(names) {
  requireDatabaseUrl('migrate deploy');
  const services = selectServices(names);
  const plan = await withPg(async (client) => {
    const legacy = await legacyState(client);
    if (legacy.state === 'partial') {
      fail(
        `this database has only part of the old single migration history (missing ${legacy.missing.join(', ')}): ` +
          'apply the rest with `node scripts/prisma.mjs legacy-deploy`, then run this again',
      );
    }
    const steps = [];
    for (const service of services) {
      // The history table lives in the service's schema (search_path), which must exist first.
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${service.schema}"`);
      steps.push({ service, adopt: legacy.state === 'complete' && !(await baselineRecorded(client, service.schema)) });
    }
    return steps;
  });
  // The histories are independent (no schema refers to another): a few services at a time. Each
  // history is locked on its own for as long as its Prisma commands run, so two deploys of the same
  // history never overlap. Prisma's own advisory lock is one per database and stays on (the
  // WebAssembly engine ignores PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK): parallel deploys queue on it
  // and one that waited over its 10 s is run again (deployRetryingLockTimeouts).
  await inParallel(plan, DEPLOY_CONCURRENCY, ({ service, adopt }) =>
    withHistoryLock(service.schema, async (client) => {
      const options = { service: service.name, historySchema: service.schema, ownLock: true };
      if (!adopt && (await historyUpToDate(client, service))) {
        console.log(`prisma.mjs: ${service.name}: nothing to apply (every migration recorded as applied, unchanged)`);
        return;
      }
      if (adopt) {
        // Built by the old history already: record the baseline as applied, do not run it.
        await runPrismaAsync(['migrate', 'resolve', '--applied', BASELINE], options);
        console.log(`prisma.mjs: ${service.name}: the old single history built this schema; ${BASELINE} marked as applied`);
      }
      await deployRetryingLockTimeouts(options);
      console.log(`prisma.mjs: ${service.name}: migrations applied (history in "${service.schema}"._prisma_migrations)`);
    }),
  );
}

/**
 * `prisma migrate deploy`, again when it gave up waiting for Prisma's database-wide advisory lock
 * (P1002 after its fixed 10 s). PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK is not read by the WebAssembly
 * schema engine used here, so parallel deploys of different histories queue on that lock, and on a
 * loaded machine the queue outlasts 10 s. Nothing was applied by a deploy that timed out there.
 */
async function deployRetryingLockTimeouts(options, attempts = 6) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await runPrismaAsync(['migrate', 'deploy'], { ...options, quietFailure: attempt < attempts });
    } catch (error) {
      if (!(error instanceof CliError) || !/P1002/.test(error.output ?? '') || attempt >= attempts) throw error;
      console.log(
        `prisma.mjs: ${options.service}: Prisma's migration lock was busy (P1002); deploying again (attempt ${attempt + 1} of ${attempts})`,
      );
    }
  }
}

/**
 * Whether Prisma would find nothing to do: every migration folder of the service's history recorded
 * in its _prisma_migrations as finished, with the checksum Prisma stores (SHA-256 of migration.sql),
 * and no migration failed or unknown to the folder. Anything else is left to `prisma migrate deploy`,
 * which applies what is missing and reports what is wrong. Each skipped CLI run saves a Node process
 * and the WebAssembly schema engine (about 1.5 CPU-seconds): `npm start` again, the tests.
 */
async function historyUpToDate(client, service) {
  const table = `"${service.schema}"._prisma_migrations`;
  const { rows: exists } = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  if (!exists[0].present) return false;
  const { rows } = await client.query(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM ${table}`);
  const applied = new Map();
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue;
    if (row.finished_at === null) return false; // a failed migration: Prisma says what to do
    applied.set(row.migration_name, row.checksum);
  }
  const folders = fs
    .readdirSync(service.migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(service.migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name);
  if (folders.length !== applied.size) return false;
  return folders.every((name) => {
    const sql = fs.readFileSync(path.join(service.migrationsDir, name, 'migration.sql'));
    return applied.get(name) === createHash('sha256').update(sql).digest('hex');
  });
}

/** Runs fn(client) holding a session advisory lock of this database named after the history's schema (waits for it). */
function withHistoryLock(schema, fn) {
  return withPg(async (client) => {
    const key = `ipledger.migrate.${schema}`;
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    try {
      return await fn(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    }
  });
}

function legacyDeploy() {
  requireDatabaseUrl('legacy-deploy');
  runPrisma(['migrate', 'deploy'], { service: LEGACY, capture: true });
  console.log(`prisma.mjs: the old single history applied (${legacyMigrationsDir})`);
}

// ───────────────────────────── new-migration ─────────────────────────────

/** The service's schema folder as committed at git HEAD, written to a temporary folder (undefined: none yet). */
function headSchemaFolder(service) {
  const relative = path.relative(root, service.schemaDir).split(path.sep).join('/');
  let files;
  try {
    files = git(['ls-tree', '--name-only', 'HEAD', `${relative}/`])
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.endsWith('.prisma'));
  } catch {
    return undefined;
  }
  if (files.length === 0) return undefined;
  const folder = path.join(home, 'tmp', `schema.HEAD.${service.name}`);
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  for (const file of files) fs.writeFileSync(path.join(folder, path.basename(file)), git(['show', `HEAD:${file}`]));
  return folder;
}

function uncommittedMigrations(service) {
  try {
    const relative = path.relative(root, service.migrationsDir).split(path.sep).join('/');
    const committed = new Set(
      git(['ls-tree', '--name-only', 'HEAD', `${relative}/`])
        .split('\n')
        .map((line) => path.basename(line.trim()))
        .filter(Boolean),
    );
    return fs
      .readdirSync(service.migrationsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !committed.has(entry.name))
      .map((entry) => entry.name);
  } catch {
    return []; // not a git checkout: nothing to compare
  }
}

function newMigration(serviceName, name) {
  if (!serviceName || !name || !/^[a-z0-9_]+$/.test(name)) {
    fail('usage: node scripts/prisma.mjs new-migration <service> <name>   (name: lower-case letters, digits, _)');
  }
  const service = databaseService(serviceName);
  writeShared();
  const uncommitted = uncommittedMigrations(service);
  if (uncommitted.length > 0) {
    console.warn(
      `prisma.mjs: warning: ${service.name} has migrations not committed yet (${uncommitted.join(', ')}): the new migration is the ` +
        'difference from the COMMITTED schema and may repeat their changes. Commit them first, or edit the result.',
    );
  }
  const head = headSchemaFolder(service);
  const from = head === undefined ? ['--from-empty'] : ['--from-schema-datamodel', head];
  const to = path.relative(root, service.schemaDir);
  const sql = runPrisma(['migrate', 'diff', ...from, '--to-schema-datamodel', to, '--script'], { service: service.name, capture: true });
  if (/^-- This is an empty migration\.\s*$/.test(sql.trim()) || sql.trim() === '') {
    console.log(`prisma.mjs: ${to} has no changes against git HEAD: no migration written.`);
    return;
  }
  const dir = path.join(service.migrationsDir, `${timestamp()}_${name}`);
  fs.mkdirSync(dir, { recursive: false });
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql.endsWith('\n') ? sql : `${sql}\n`);
  console.log(`prisma.mjs: wrote ${path.relative(root, path.join(dir, 'migration.sql'))}: review it before committing.`);
}

// ───────────────────────────── port-legacy ─────────────────────────────

/**
 * Splits SQL into statements (each with the comment lines above it; a statement ends at a line
 * ending in ";" outside a $$ … $$ body), each with the schemas it names ("schema".).
 */
function statements(sql, schemas) {
  const result = [];
  let current = [];
  let inBody = false;
  const flush = () => {
    const text = current.join('\n').trim();
    if (text) {
      const named = schemas.filter((schema) => text.includes(`"${schema}".`) || text.includes(`SCHEMA IF NOT EXISTS "${schema}"`));
      result.push({ text, named });
    }
    current = [];
  };
  for (const line of sql.split('\n')) {
    if (!inBody && current.length === 0 && line.trim() === '') continue;
    current.push(line);
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inBody = !inBody;
    if (!inBody && /;\s*(--.*)?$/.test(line) && !line.trim().startsWith('--')) flush();
  }
  flush();
  return result;
}

function portLegacy(folder) {
  if (!folder) fail('usage: node scripts/prisma.mjs port-legacy <prisma/migrations/<timestamp>_<name>>');
  const source = path.resolve(folder);
  const file = path.join(source, 'migration.sql');
  if (!fs.existsSync(file)) fail(`${path.relative(root, file)} does not exist`);
  const name = path.basename(source);
  const services = databaseServices();
  const bySchema = new Map(services.map((service) => [service.schema, service]));
  const parts = statements(fs.readFileSync(file, 'utf8'), [...bySchema.keys()]);
  const out = new Map();
  for (const part of parts) {
    if (part.named.length > 1) {
      fail(`a statement of ${name} names several schemas (${part.named.join(', ')}): split it by hand first:\n${part.text}`);
    }
    if (part.named.length === 0) {
      // Trailing comments (or schema-less SQL) cannot be placed.
      if (!part.text.split('\n').every((line) => line.trim() === '' || line.startsWith('--'))) {
        fail(`a statement of ${name} names no schema: qualify its tables ("schema"."table") first:\n${part.text}`);
      }
      continue; // comments after the last statement
    }
    const schema = part.named[0];
    // CREATE SCHEMA of an existing service schema: its baseline made it already.
    if (/^(?:--[^\n]*\n)*CREATE SCHEMA IF NOT EXISTS "[a-z_]+";$/.test(part.text)) continue;
    const list = out.get(schema) ?? [];
    list.push(part.text);
    out.set(schema, list);
  }
  if (out.size === 0) fail(`${name} names no schema of prisma/services.json: nothing to port`);
  for (const [schema, list] of out) {
    const service = bySchema.get(schema);
    const dir = path.join(service.migrationsDir, name);
    if (fs.existsSync(dir)) fail(`${path.relative(root, dir)} exists already`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'migration.sql'), `${list.join('\n\n')}\n`);
    console.log(`prisma.mjs: wrote ${path.relative(root, path.join(dir, 'migration.sql'))}`);
  }
  fs.rmSync(source, { recursive: true });
  console.log(
    `prisma.mjs: removed ${path.relative(root, source)}; now move its model changes into services/<name>/prisma/schema.prisma (see docs/ARCHITECTURE.md, Persistence)`,
  );
}

// ───────────────────────────── main ─────────────────────────────

async function main(argv) {
  let args = argv;
  let service;
  if (args[0] === '--service') {
    service = databaseService(args[1] ?? '').name;
    args = args.slice(2);
  }
  const [command, ...rest] = args;
  if (command === undefined) {
    fail(
      'usage: node scripts/prisma.mjs generate | migrate deploy | new-migration <service> <name> | shared [--check] | port-legacy <folder> | --service <name> <prisma args>',
    );
  }
  if (service) {
    const options = { service, historySchema: databaseService(service).schema };
    if (command === 'migrate' && rest[0] === 'diff') return withSomeDatabase(() => runPrisma(args, { service }));
    if (command === 'migrate') requireDatabaseUrl(`migrate ${rest[0] ?? ''}`.trim());
    return runPrisma(args, command === 'migrate' ? options : { service });
  }
  if (command === 'generate') return generate(rest);
  if (command === 'shared') return rest[0] === '--check' ? checkShared() : writeShared();
  if (command === 'migrate' && rest[0] === 'deploy') return migrateDeploy(rest.slice(1));
  if (command === 'legacy-deploy') return legacyDeploy();
  if (command === 'new-migration') return withSomeDatabase(() => newMigration(rest[0], rest[1]));
  if (command === 'port-legacy') return portLegacy(rest[0]);
  if (command === 'migrate' && rest[0] === 'diff') return withSomeDatabase(() => runPrisma(args));
  return fail(`\`${command}\` needs a service: node scripts/prisma.mjs --service <name> ${args.join(' ')}`);
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(`prisma.mjs: ${error instanceof CliError ? error.message : (error?.stack ?? String(error))}`);
  process.exitCode = 1;
}
