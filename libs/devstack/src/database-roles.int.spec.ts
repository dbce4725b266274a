// The database roles on the run's real PostgreSQL (provisioned on the migrated template by the
// jest global setup; a copy keeps the grants, roles are cluster-wide): what a service's own
// credentials can NOT do, whoever holds them. That the services CAN do their work with them is
// shown by every service's integration tests, which connect as the service's role.
// (No @ipledger/testing here: that library depends on this one.)
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  AUDITOR_ROLE,
  OUTBOX_OPERATOR_ROLE,
  RETENTION_FUNCTIONS,
  createDatabase,
  databaseCredentials,
  dropDatabase,
  OWNER_ROLE,
  provisionDatabaseRoles,
  SERVICE_DATABASE_GRANTS,
  withDatabase,
  type BackendServiceName,
  type DatabaseCredentials,
} from './index';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: run in the jest "integration" project`);
  return value;
}

const INSUFFICIENT_PRIVILEGE = '42501';

describe('each service its own PostgreSQL role', () => {
  const adminUrl = env('IPLEDGER_TEST_ADMIN_URL');
  const name = `ipledger_t_${env('IPLEDGER_TEST_RUN_ID')}_roles_${randomBytes(3).toString('hex')}`;
  const databaseUrl = withDatabase(adminUrl, name);
  let credentials: DatabaseCredentials;
  const clients: pg.Client[] = [];

  async function connect(url: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    clients.push(client);
    await client.connect();
    return client;
  }
  const as = (service: BackendServiceName) => connect(credentials.services[service].url);

  /** The SQLSTATE the statement fails with, or 'ok'. Each statement in a transaction rolled back. */
  async function outcome(client: pg.Client, sql: string): Promise<string> {
    await client.query('BEGIN');
    try {
      await client.query(sql);
      return 'ok';
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    } finally {
      await client.query('ROLLBACK');
    }
  }

  beforeAll(async () => {
    await createDatabase(adminUrl, name, { template: env('IPLEDGER_TEST_TEMPLATE_DB') });
    credentials = databaseCredentials(databaseUrl, env('IPLEDGER_DB_ROLE_SECRET'));
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    await dropDatabase(adminUrl, name);
  });

  it('no role is a superuser or may create databases, roles or bypass row security', async () => {
    const admin = await connect(databaseUrl);
    const roles = [
      OWNER_ROLE,
      AUDITOR_ROLE,
      OUTBOX_OPERATOR_ROLE,
      ...SERVICE_DATABASE_GRANTS.map((grant) => credentials.services[grant.service].role),
    ];
    const { rows } = await admin.query<{ rolname: string; powers: boolean; rolcanlogin: boolean }>(
      `SELECT rolname, (rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls OR rolreplication) AS powers, rolcanlogin
         FROM pg_roles WHERE rolname = ANY($1::text[]) ORDER BY rolname`,
      [roles],
    );
    expect(rows.map((row) => row.rolname)).toEqual([...roles].sort());
    expect(rows.filter((row) => row.powers || !row.rolcanlogin)).toEqual([]);
  });

  it("a service's role cannot read or write another service's schema, nor the migration history", async () => {
    for (const grant of SERVICE_DATABASE_GRANTS) {
      const client = await as(grant.service);
      expect(await outcome(client, `SELECT count(*) FROM "${grant.schema}".outbox`)).toBe('ok');
      for (const other of SERVICE_DATABASE_GRANTS.filter((candidate) => candidate.schema !== grant.schema)) {
        expect([other.schema, await outcome(client, `SELECT count(*) FROM "${other.schema}".outbox`)]).toEqual([
          other.schema,
          INSUFFICIENT_PRIVILEGE,
        ]);
        expect([
          other.schema,
          await outcome(
            client,
            `INSERT INTO "${other.schema}".inbox (consumer_group, event_id, type) VALUES ('x', gen_random_uuid(), 'x')`,
          ),
        ]).toEqual([other.schema, INSUFFICIENT_PRIVILEGE]);
      }
      // Its own history sits in its schema (one history per service) and is the owner's alone.
      expect(await outcome(client, `SELECT count(*) FROM "${grant.schema}"._prisma_migrations`)).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await outcome(client, `DELETE FROM "${grant.schema}"._prisma_migrations`)).toBe(INSUFFICIENT_PRIVILEGE);
    }
  });

  it("a service's role cannot switch the triggers off: no session_replication_role, no DISABLE TRIGGER, no new tables", async () => {
    const ledger = await as('ledger');
    expect(await outcome(ledger, 'SET session_replication_role = replica')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(ledger, 'SET LOCAL session_replication_role = replica')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(ledger, 'ALTER TABLE ledger.journal_entries DISABLE TRIGGER ALL')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(ledger, 'ALTER TABLE ledger.journal_entries DISABLE TRIGGER journal_entries_append_only')).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await outcome(ledger, 'DROP TRIGGER journal_entries_append_only ON ledger.journal_entries')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(ledger, 'CREATE TABLE ledger.shadow (id int)')).toBe(INSUFFICIENT_PRIVILEGE);
    const audit = await as('audit');
    expect(await outcome(audit, 'SET session_replication_role = replica')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(audit, 'ALTER TABLE audit.entries DISABLE TRIGGER ALL')).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it('append-only tables refuse UPDATE, DELETE and TRUNCATE by privilege, before any trigger', async () => {
    const admin = await connect(databaseUrl);
    const appendOnly = SERVICE_DATABASE_GRANTS.flatMap((grant) => (grant.appendOnly ?? []).map((table) => ({ grant, table })));
    expect(appendOnly.map(({ grant, table }) => `${grant.schema}.${table}`)).toEqual(
      expect.arrayContaining([
        'ledger.journal_entries',
        'ledger.postings',
        'ledger.checkpoints',
        'audit.entries',
        'audit.chain_links',
        'audit.checkpoints',
      ]),
    );
    for (const { grant, table } of appendOnly) {
      const client = await as(grant.service);
      const qualified = `"${grant.schema}"."${table}"`;
      const column = (
        await admin.query<{ column_name: string }>(
          'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position LIMIT 1',
          [grant.schema, table],
        )
      ).rows[0]?.column_name;
      expect(await outcome(client, `SELECT count(*) FROM ${qualified}`)).toBe('ok');
      expect([table, await outcome(client, `UPDATE ${qualified} SET "${column}" = "${column}"`)]).toEqual([table, INSUFFICIENT_PRIVILEGE]);
      expect([table, await outcome(client, `DELETE FROM ${qualified}`)]).toEqual([table, INSUFFICIENT_PRIVILEGE]);
      expect([table, await outcome(client, `TRUNCATE ${qualified}`)]).toEqual([table, INSUFFICIENT_PRIVILEGE]);
    }
  });

  it('deletes only where its service deletes, and updates what it must', async () => {
    const ledger = await as('ledger');
    expect(await outcome(ledger, 'UPDATE ledger.chain_head SET hash = hash')).toBe('ok');
    expect(await outcome(ledger, 'DELETE FROM ledger.accounts')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(ledger, 'DELETE FROM ledger.outbox')).toBe(INSUFFICIENT_PRIVILEGE);
    const pledges = await as('pledge-registration');
    expect(await outcome(pledges, 'DELETE FROM pledge_registration.pledge_ip_items')).toBe('ok');
    expect(await outcome(pledges, 'DELETE FROM pledge_registration.pledge_applications')).toBe(INSUFFICIENT_PRIVILEGE);
    const statistics = await as('statistics');
    expect(await outcome(statistics, "DELETE FROM statistics.inbox WHERE consumer_group = 'x'")).toBe('ok');
    expect(await outcome(statistics, 'DELETE FROM statistics.deals')).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it('prunes its messaging tables only through its own retention functions, which no other role may call', async () => {
    const admin = await connect(databaseUrl);
    const functions = await admin.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.proname = ANY($1::text[]) ORDER BY 1, 2`,
      [RETENTION_FUNCTIONS],
    );
    // One per messaging table a service keeps: the identity service consumes nothing, the ledger takes no Idempotency-Key.
    expect(functions.rows.filter((row) => row.schema === 'identity' || row.schema === 'ledger')).toEqual([
      { schema: 'identity', name: 'prune_idempotency_keys' },
      { schema: 'identity', name: 'prune_outbox' },
      { schema: 'ledger', name: 'prune_inbox' },
      { schema: 'ledger', name: 'prune_outbox' },
    ]);
    expect(functions.rows).toHaveLength(SERVICE_DATABASE_GRANTS.length * 3 - 2);
    for (const grant of SERVICE_DATABASE_GRANTS) {
      const client = await as(grant.service);
      for (const table of ['outbox', 'inbox', 'idempotency_keys']) {
        const present = functions.rows.some((row) => row.schema === grant.schema && row.name === `prune_${table}`);
        if (!present) continue;
        // No DELETE of its own (the statistics rebuild empties its inbox: the one exception).
        const deletes = grant.service === 'statistics' && table === 'inbox' ? 'ok' : INSUFFICIENT_PRIVILEGE;
        expect([grant.schema, table, await outcome(client, `DELETE FROM "${grant.schema}"."${table}"`)]).toEqual([
          grant.schema,
          table,
          deletes,
        ]);
        expect([grant.schema, table, await outcome(client, `SELECT "${grant.schema}"."prune_${table}"('30 days', 1000)`)]).toEqual([
          grant.schema,
          table,
          'ok',
        ]);
      }
      const other = SERVICE_DATABASE_GRANTS.find((candidate) => candidate.schema !== grant.schema) ?? grant;
      expect([other.schema, await outcome(client, `SELECT "${other.schema}".prune_outbox('30 days', 1000)`)]).toEqual([
        other.schema,
        INSUFFICIENT_PRIVILEGE,
      ]);
    }
    for (const url of [credentials.auditor.url, credentials.outboxOperator.url]) {
      const client = await connect(url);
      expect(await outcome(client, "SELECT ledger.prune_outbox('30 days', 1000)")).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await outcome(client, "SELECT lending.prune_idempotency_keys('30 days', 1000)")).toBe(INSUFFICIENT_PRIVILEGE);
    }
  });

  it('the auditor reads the ledger and the audit trail, and nothing else, and writes nothing', async () => {
    const auditor = await connect(credentials.auditor.url);
    expect(await outcome(auditor, 'SELECT count(*) FROM ledger.journal_entries')).toBe('ok');
    expect(await outcome(auditor, 'SELECT count(*) FROM audit.entries')).toBe('ok');
    expect(await outcome(auditor, 'SELECT count(*) FROM lending.loans')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(auditor, 'UPDATE ledger.chain_head SET hash = hash')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(auditor, "INSERT INTO ledger.inbox (consumer_group, event_id, type) VALUES ('x', gen_random_uuid(), 'x')")).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
  });

  it("the outbox operator may read every outbox's bookkeeping and request a republish, and nothing else", async () => {
    const operator = await connect(credentials.outboxOperator.url);
    for (const grant of SERVICE_DATABASE_GRANTS) {
      const outbox = `"${grant.schema}".outbox`;
      expect([
        grant.schema,
        await outcome(operator, `SELECT id, topic, type, created_at, published_at, republished_at FROM ${outbox}`),
      ]).toEqual([grant.schema, 'ok']);
      expect([
        grant.schema,
        await outcome(operator, `UPDATE ${outbox} SET republish_requested_at = now() WHERE published_at IS NOT NULL`),
      ]).toEqual([grant.schema, 'ok']);
      // Not the events themselves, and no other column or row operation.
      expect([grant.schema, await outcome(operator, `SELECT envelope FROM ${outbox}`)]).toEqual([grant.schema, INSUFFICIENT_PRIVILEGE]);
      expect([grant.schema, await outcome(operator, `UPDATE ${outbox} SET published_at = NULL`)]).toEqual([
        grant.schema,
        INSUFFICIENT_PRIVILEGE,
      ]);
      expect([grant.schema, await outcome(operator, `DELETE FROM ${outbox}`)]).toEqual([grant.schema, INSUFFICIENT_PRIVILEGE]);
      expect([
        grant.schema,
        await outcome(
          operator,
          `INSERT INTO ${outbox} (event_id, topic, key, type, version, envelope) VALUES (gen_random_uuid(), 't', 'k', 't', 1, '{}')`,
        ),
      ]).toEqual([grant.schema, INSUFFICIENT_PRIVILEGE]);
    }
    expect(await outcome(operator, 'SELECT count(*) FROM ledger.journal_entries')).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it('the owner owns the tables; a table a later migration creates is granted at once, and provisioning again changes nothing', async () => {
    const admin = await connect(databaseUrl);
    const { rows } = await admin.query<{ owner: string }>(
      `SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1::text[]) AND c.relkind = 'r'`,
      [SERVICE_DATABASE_GRANTS.map((grant) => grant.schema)],
    );
    expect(rows).toEqual([{ owner: OWNER_ROLE }]);

    const owner = await connect(credentials.owner.url);
    await owner.query('CREATE TABLE lending.later_migration (id int PRIMARY KEY)');
    const lending = await as('lending');
    expect(await outcome(lending, 'INSERT INTO lending.later_migration VALUES (1)')).toBe('ok');
    expect(await outcome(lending, 'DELETE FROM lending.later_migration')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(await as('valuation'), 'SELECT * FROM lending.later_migration')).toBe(INSUFFICIENT_PRIVILEGE);

    await provisionDatabaseRoles(databaseUrl, credentials);
    await provisionDatabaseRoles(databaseUrl, credentials);
    expect(await outcome(await as('ledger'), 'DELETE FROM ledger.journal_entries')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(await as('lending'), 'SELECT * FROM lending.later_migration')).toBe('ok');
  });
});
