// Who may do what in PostgreSQL: one login role per service, allowed only on its own schema; an
// owner role that owns the schemas and tables and runs the migrations; a read-only auditor role;
// an outbox operator role that may only ask the services' relays to republish outbox rows.
// Nobody of them is a superuser, so nobody can `SET session_replication_role = replica` (a
// superuser-only setting) and, not owning the tables, no service can `ALTER TABLE … DISABLE
// TRIGGER`: the append-only triggers hold against a service's own credentials.
//
// The grants are data: SERVICE_DATABASE_GRANTS below (one line per service). Provisioning is one
// idempotent step run against the schemas that exist, after the migrations, whatever their
// layout: roles created when missing, passwords set, privileges reset to exactly what the table
// says, default privileges so that tables a later migration creates are covered at once.
//
// Passwords: either given (a role's URL in the environment, see roleUrlVariable) or derived from
// one secret (IPLEDGER_DB_ROLE_SECRET: HMAC-SHA256 of the role name), so the launcher that
// provisions the roles and the one that starts the services agree without a password file.
import { createHmac } from 'node:crypto';
import type pg from 'pg';
import type { BackendServiceName } from './services';
import { withClient } from './pg-client';
import { migrate, redactUrl } from './postgres';

/** How these connections show in pg_stat_activity. */
const APPLICATION_NAME = 'ipledger-database-roles';

export interface ServiceDatabaseGrant {
  service: BackendServiceName;
  /** The PostgreSQL schema the service owns (and the only one its role may use). */
  schema: string;
  /** Tables the service deletes rows from; every other table: no DELETE. */
  deletes?: readonly string[];
  /** Append-only tables: SELECT and INSERT only (no UPDATE, DELETE or TRUNCATE). */
  appendOnly?: readonly string[];
}

/** Every service, its schema and the exceptions to "SELECT, INSERT, UPDATE on its tables". */
export const SERVICE_DATABASE_GRANTS: readonly ServiceDatabaseGrant[] = [
  // Resubmission replaces an application's IP items.
  { service: 'pledge-registration', schema: 'pledge_registration', deletes: ['pledge_ip_items'] },
  { service: 'valuation', schema: 'valuation' },
  { service: 'lending', schema: 'lending', appendOnly: ['loan_instalments', 'interest_accruals'] },
  { service: 'ledger', schema: 'ledger', appendOnly: ['journal_entries', 'postings', 'checkpoints'] },
  { service: 'risk-compensation', schema: 'risk_compensation', appendOnly: ['fund_contributions'] },
  // A login attempt reserves a failure row before the password is checked; a right one gives it back.
  { service: 'identity', schema: 'identity', deletes: ['login_failures'] },
  // The trail, its hash chain and its signed checkpoints; only the chain head moves.
  { service: 'audit', schema: 'audit', appendOnly: ['entries', 'chain_links', 'checkpoints'] },
  // `ipledger stats rebuild` runs with this role: it empties the tables built from events and the
  // statistics group's inbox rows (apps/cli/src/rebuild/read-models.ts).
  {
    service: 'statistics',
    schema: 'statistics',
    deletes: [
      'rollups',
      'counters',
      'registration_durations',
      'pledge_submissions',
      'fund_budgets',
      'subsidy_rollups',
      'subsidy_approvals',
      'inbox',
    ],
  },
];

/** Owns every service schema and table; runs the migrations. Not a superuser. */
export const OWNER_ROLE = 'ipledger_owner';
/** Read-only: SELECT on these schemas, for offline export and verification (`ipledger ledger export|verify`). */
export const AUDITOR_ROLE = 'ipledger_auditor';
export const AUDITOR_SCHEMAS: readonly string[] = ['ledger', 'audit'];
/**
 * `ipledger outbox republish`: in every service schema, reads the outbox's bookkeeping columns
 * (not the envelopes) and may set only republish_requested_at; the service's relay does the rest.
 */
export const OUTBOX_OPERATOR_ROLE = 'ipledger_outbox_operator';
export const OUTBOX_OPERATOR_READS: readonly string[] = [
  'id',
  'topic',
  'type',
  'created_at',
  'published_at',
  'republish_requested_at',
  'republished_at',
];
export const OUTBOX_OPERATOR_WRITES: readonly string[] = ['republish_requested_at'];

/**
 * The retention functions (each service's migration `messaging_retention`): SECURITY DEFINER, so a
 * service deletes old outbox, inbox and idempotency rows through them only, in bounded batches and
 * never inside the floors they check, while its role keeps no DELETE on those tables. EXECUTE for
 * the service's own role alone (the migrations revoke it from PUBLIC; provisioning again here).
 */
export const RETENTION_FUNCTIONS: readonly string[] = ['prune_outbox', 'prune_inbox', 'prune_idempotency_keys'];

/** Environment variable of the secret the role passwords are derived from. */
export const ROLE_SECRET_VARIABLE = 'IPLEDGER_DB_ROLE_SECRET';

/** Tables of the migration tool never belong to a service, even where they sit in its schema. */
const MIGRATION_TABLE = /^_prisma/;

export function serviceGrant(service: string): ServiceDatabaseGrant | undefined {
  return SERVICE_DATABASE_GRANTS.find((grant) => grant.service === service);
}

/** The login role of a service: ipledger_<schema>, e.g. ipledger_risk_compensation. */
export function serviceRole(service: BackendServiceName): string {
  const grant = serviceGrant(service);
  if (grant === undefined) throw new Error(`no database grant for service ${service}`);
  return `ipledger_${grant.schema}`;
}

/**
 * The variable that may give a role's URL (its password included) instead of deriving it:
 * LEDGER_DATABASE_URL, RISK_COMPENSATION_DATABASE_URL, …; IPLEDGER_OWNER_DATABASE_URL,
 * IPLEDGER_AUDITOR_DATABASE_URL.
 */
export function roleUrlVariable(service: BackendServiceName | 'owner' | 'auditor' | 'outbox-operator'): string {
  if (service === 'owner' || service === 'auditor' || service === 'outbox-operator')
    return `IPLEDGER_${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
  return `${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
}

/** A role's password derived from the secret: HMAC-SHA256(secret, role), base64url. */
export function deriveRolePassword(secret: string, role: string): string {
  return createHmac('sha256', secret).update(role).digest('base64url');
}

/** `url` (server and database) with the role's name and password. */
export function roleUrl(url: string, role: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

export interface RoleCredential {
  role: string;
  password: string;
  /** The database URL as this role. */
  url: string;
}

export interface DatabaseCredentials {
  owner: RoleCredential;
  auditor: RoleCredential;
  outboxOperator: RoleCredential;
  services: Record<BackendServiceName, RoleCredential>;
}

type Env = Record<string, string | undefined>;

function credential(databaseUrl: string, role: string, variable: string, secret: string | undefined, env: Env): RoleCredential {
  const given = env[variable];
  if (given !== undefined && given !== '') {
    const parsed = new URL(given);
    const user = decodeURIComponent(parsed.username);
    if (user !== role) throw new Error(`${variable} must connect as ${role} (got user "${user}" in ${redactUrl(given)})`);
    return { role, password: decodeURIComponent(parsed.password), url: given };
  }
  if (secret === undefined || secret === '') {
    throw new Error(`no password for database role ${role}: set ${ROLE_SECRET_VARIABLE} (passwords derived from it) or ${variable}`);
  }
  const password = deriveRolePassword(secret, role);
  return { role, password, url: roleUrl(databaseUrl, role, password) };
}

/** One service's credentials (see databaseCredentials). */
export function serviceCredential(
  databaseUrl: string,
  service: BackendServiceName,
  secret: string | undefined,
  env: Env = {},
): RoleCredential {
  return credential(databaseUrl, serviceRole(service), roleUrlVariable(service), secret, env);
}

/**
 * Every role's credentials on the database of `databaseUrl`: a role's URL variable when set,
 * otherwise the URL's server and database with the role's name and the derived password.
 */
export function databaseCredentials(databaseUrl: string, secret: string | undefined, env: Env = {}): DatabaseCredentials {
  const services = Object.fromEntries(
    SERVICE_DATABASE_GRANTS.map((grant) => [grant.service, serviceCredential(databaseUrl, grant.service, secret, env)]),
  ) as Record<BackendServiceName, RoleCredential>;
  return {
    owner: credential(databaseUrl, OWNER_ROLE, roleUrlVariable('owner'), secret, env),
    auditor: credential(databaseUrl, AUDITOR_ROLE, roleUrlVariable('auditor'), secret, env),
    outboxOperator: credential(databaseUrl, OUTBOX_OPERATOR_ROLE, roleUrlVariable('outbox-operator'), secret, env),
    services,
  };
}

// ───────────────────────────── SQL ─────────────────────────────

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** CREATE ROLE when missing (tolerating a concurrent creation), then its attributes and password. */
async function ensureLoginRole(client: pg.Client, role: string, password: string): Promise<void> {
  const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT';
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (exists.rowCount === 0) {
    try {
      await client.query(`CREATE ROLE ${ident(role)} ${attributes}`);
    } catch (error) {
      // 42710 duplicate_object, 23505 unique_violation: another process created it meanwhile.
      const code = (error as { code?: string }).code;
      if (code !== '42710' && code !== '23505') throw error;
    }
  }
  await client.query(`ALTER ROLE ${ident(role)} WITH ${attributes} PASSWORD ${literal(password)}`);
}

async function existingSchemas(client: pg.Client, schemas: readonly string[]): Promise<Set<string>> {
  const result = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[])', [schemas]);
  return new Set(result.rows.map((row) => row.nspname));
}

async function tablesOf(client: pg.Client, schema: string): Promise<string[]> {
  const result = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY c.relname`,
    [schema],
  );
  return result.rows.map((row) => row.relname);
}

/** The retention functions (RETENTION_FUNCTIONS) a schema has. */
async function retentionFunctionsOf(client: pg.Client, schema: string): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT name FROM unnest($2::text[]) AS name WHERE to_regprocedure(format('%I.%I(interval, integer)', $1::text, name)) IS NOT NULL ORDER BY name`,
    [schema, RETENTION_FUNCTIONS],
  );
  return result.rows.map((row) => row.name);
}

/**
 * Before the migrations (as an administrator on the database): the owner role exists with its
 * password, may create schemas in the database and the migration table in `public`, and owns
 * whatever an earlier run created as the administrator (schemas, tables, sequences, functions of
 * the service schemas, and the migration tables), so that the migrations can run as the owner.
 */
export async function prepareDatabaseOwner(adminDatabaseUrl: string, credentials: DatabaseCredentials): Promise<void> {
  const { role, password } = credentials.owner;
  await withClient(
    adminDatabaseUrl,
    async (client) => {
      await ensureLoginRole(client, role, password);
      const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
      await client.query(`GRANT CONNECT, CREATE, TEMPORARY ON DATABASE ${ident(rows[0]?.db ?? '')} TO ${ident(role)}`);
      await client.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${ident(role)}`);
      const schemas = SERVICE_DATABASE_GRANTS.map((grant) => grant.schema);
      for (const schema of await existingSchemas(client, schemas)) {
        await client.query(`ALTER SCHEMA ${ident(schema)} OWNER TO ${ident(role)}`);
      }
      // Tables (their owned sequences follow), free-standing sequences, views and functions.
      const objects = await client.query<{ kind: string; name: string }>(
        `SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind,
              format('%I.%I', n.nspname, c.relname) AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm')
          AND (n.nspname = ANY($1::text[]) OR (n.nspname = 'public' AND c.relname LIKE '\\_prisma%'))
          AND pg_get_userbyid(c.relowner) <> $2
          AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
       UNION ALL
       SELECT 'FUNCTION', p.oid::regprocedure::text
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = ANY($1::text[]) AND pg_get_userbyid(p.proowner) <> $2`,
        [schemas, role],
      );
      for (const object of objects.rows) await client.query(`ALTER ${object.kind} ${object.name} OWNER TO ${ident(role)}`);
    },
    APPLICATION_NAME,
  );
}

/**
 * After the migrations (as an administrator on the database): every service role and the auditor
 * exist with their passwords and hold exactly the privileges of SERVICE_DATABASE_GRANTS on the
 * schemas that exist. Idempotent; a schema that does not exist yet is skipped (the default
 * privileges cover it once a migration creates its tables and this runs again).
 */
export async function provisionDatabaseRoles(adminDatabaseUrl: string, credentials: DatabaseCredentials): Promise<void> {
  const owner = ident(credentials.owner.role);
  await withClient(
    adminDatabaseUrl,
    async (client) => {
      const present = await existingSchemas(client, [...SERVICE_DATABASE_GRANTS.map((grant) => grant.schema), ...AUDITOR_SCHEMAS]);
      // Roles are cluster-wide (and may be created concurrently by another database's run): first,
      // each on its own; then the privileges on this database in one transaction.
      for (const grant of SERVICE_DATABASE_GRANTS) {
        const { role, password } = credentials.services[grant.service];
        await ensureLoginRole(client, role, password);
      }
      await ensureLoginRole(client, credentials.auditor.role, credentials.auditor.password);
      await ensureLoginRole(client, credentials.outboxOperator.role, credentials.outboxOperator.password);
      await client.query('BEGIN');
      try {
        for (const grant of SERVICE_DATABASE_GRANTS) {
          const role = ident(credentials.services[grant.service].role);
          if (!present.has(grant.schema)) continue;
          const schema = ident(grant.schema);
          const tables = await tablesOf(client, grant.schema);
          const table = (name: string) => `${schema}.${ident(name)}`;
          await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
          await client.query(`REVOKE CREATE ON SCHEMA ${schema} FROM ${role}`);
          await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${role}`);
          await client.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
          await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
          for (const name of (grant.deletes ?? []).filter((name) => tables.includes(name)))
            await client.query(`GRANT DELETE ON ${table(name)} TO ${role}`);
          for (const name of (grant.appendOnly ?? []).filter((name) => tables.includes(name)))
            await client.query(`REVOKE UPDATE ON ${table(name)} FROM ${role}`);
          for (const name of tables.filter((name) => MIGRATION_TABLE.test(name)))
            await client.query(`REVOKE ALL ON ${table(name)} FROM ${role}`);
          for (const name of await retentionFunctionsOf(client, grant.schema)) {
            await client.query(`REVOKE ALL ON FUNCTION ${schema}.${ident(name)}(interval, integer) FROM PUBLIC`);
            await client.query(`GRANT EXECUTE ON FUNCTION ${schema}.${ident(name)}(interval, integer) TO ${role}`);
          }
          await client.query(
            `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE ON TABLES TO ${role}`,
          );
          await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${role}`);
        }
        const auditor = ident(credentials.auditor.role);
        for (const name of AUDITOR_SCHEMAS.filter((name) => present.has(name))) {
          const schema = ident(name);
          await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${auditor}`);
          await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${auditor}`);
          await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${auditor}`);
          await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT SELECT ON TABLES TO ${auditor}`);
        }
        const outboxOperator = ident(credentials.outboxOperator.role);
        for (const grant of SERVICE_DATABASE_GRANTS.filter((entry) => present.has(entry.schema))) {
          const schema = ident(grant.schema);
          if (!(await tablesOf(client, grant.schema)).includes('outbox')) continue;
          await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${outboxOperator}`);
          // REVOKE ALL on the table takes its column privileges too: exactly the two grants below remain.
          await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${outboxOperator}`);
          await client.query(`GRANT SELECT (${OUTBOX_OPERATOR_READS.map(ident).join(', ')}) ON ${schema}.outbox TO ${outboxOperator}`);
          await client.query(`GRANT UPDATE (${OUTBOX_OPERATOR_WRITES.map(ident).join(', ')}) ON ${schema}.outbox TO ${outboxOperator}`);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    APPLICATION_NAME,
  );
}

/**
 * The database step of every launcher (`npm start`, the test run, the fault suite, the bench):
 * the owner prepared, the migrations applied AS THE OWNER (`applyMigrations`, default devstack's
 * migrate), then the roles provisioned. `databaseUrl` is an administrator's connection to the
 * database (a superuser, or a role with CREATEROLE that may grant on the database).
 */
export async function migrateWithRoles(
  databaseUrl: string,
  credentials: DatabaseCredentials,
  applyMigrations: (ownerUrl: string) => Promise<void> = migrate,
): Promise<void> {
  await prepareDatabaseOwner(databaseUrl, credentials);
  await applyMigrations(credentials.owner.url);
  await provisionDatabaseRoles(databaseUrl, credentials);
}
