// The database named by an operator's DATABASE_URL on an existing PostgreSQL server: used when it
// exists, created when it does not and the URL's role may (CREATEDB or superuser: CREATE DATABASE
// from the server's `postgres` maintenance database, same credentials), and otherwise a refusal
// naming the SQL an administrator must run. `npm start` and the test harness both come here
// through startPostgres.
import { errorMessage } from './error-message';
import { quoteIdentifier, withClient } from './pg-client';

/** SQLSTATE 3D000 invalid_catalog_name: "database … does not exist". */
const MISSING_DATABASE = '3D000';
/** SQLSTATE 42P04 duplicate_database: created meanwhile by someone else. */
const DUPLICATE_DATABASE = '42P04';
const MAINTENANCE_DATABASE = 'postgres';

export type ExternalDatabaseOutcome = 'existed' | 'created';

/** The database could not be created with the URL's role: `sql` is what an administrator must run. */
export class DatabaseNotCreatableError extends Error {
  constructor(
    readonly database: string,
    readonly sql: string,
    reason: string,
  ) {
    super(
      `database "${database}" does not exist and ${reason}. An administrator must create it:\n` +
        `  ${sql}\n` +
        `then start again (or give DATABASE_URL a role with CREATEDB).`,
    );
    this.name = 'DatabaseNotCreatableError';
  }
}

export { quoteIdentifier } from './pg-client';

/** `CREATE DATABASE "<name>" OWNER "<role>";`: the statement the operator is told to run. */
export function createDatabaseStatement(database: string, owner: string): string {
  return `CREATE DATABASE ${quoteIdentifier(database)} OWNER ${quoteIdentifier(owner)};`;
}

export function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function onDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Whether the server answers at `url`, its database missing counting as an answer. */
export function isMissingDatabase(error: unknown): boolean {
  return sqlState(error) === MISSING_DATABASE;
}

/**
 * Makes sure DATABASE_URL's database exists: connects to it; when the server says it does not
 * exist, connects to the `postgres` database with the same credentials and creates it if the role
 * has CREATEDB or is a superuser (it then owns it). Otherwise throws DatabaseNotCreatableError
 * naming `CREATE DATABASE "<name>" OWNER "<role>";`.
 */
export async function ensureExternalDatabase(url: string): Promise<ExternalDatabaseOutcome> {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const role = decodeURIComponent(parsed.username) || process.env['PGUSER'] || process.env['USER'] || 'postgres';
  try {
    await withClient(url, (client) => client.query('SELECT 1'));
    return 'existed';
  } catch (error) {
    if (!isMissingDatabase(error)) throw error;
  }
  const sql = createDatabaseStatement(database, role);
  let mayCreate: boolean;
  try {
    mayCreate = await withClient(onDatabase(url, MAINTENANCE_DATABASE), async (client) => {
      const result = await client.query<{ may: boolean }>(
        'SELECT (rolsuper OR rolcreatedb) AS may FROM pg_roles WHERE rolname = current_user',
      );
      return result.rows[0]?.may === true;
    });
  } catch (error) {
    throw new DatabaseNotCreatableError(
      database,
      sql,
      `role "${role}" cannot reach the "${MAINTENANCE_DATABASE}" database to create it (${errorMessage(error)})`,
    );
  }
  if (!mayCreate) {
    throw new DatabaseNotCreatableError(database, sql, `role "${role}" may not create databases (neither CREATEDB nor superuser)`);
  }
  try {
    await withClient(onDatabase(url, MAINTENANCE_DATABASE), (client) => client.query(`CREATE DATABASE ${quoteIdentifier(database)}`));
    return 'created';
  } catch (error) {
    if (sqlState(error) === DUPLICATE_DATABASE) return 'existed';
    throw new DatabaseNotCreatableError(database, sql, `creating it as role "${role}" failed (${errorMessage(error)})`);
  }
}
