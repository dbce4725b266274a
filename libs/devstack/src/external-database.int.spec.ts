// DATABASE_URL naming a database that does not exist yet, on the run's real PostgreSQL (an
// "existing server" as an operator would give it): created when the URL's role may (superuser,
// or CREATEDB: it then owns it), otherwise start-up stops naming the SQL an administrator must run.
// (No @ipledger/testing here: that library depends on this one.)
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { databaseExists, DatabaseNotCreatableError, dropDatabase, startPostgres, withDatabase } from './index';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: run in the jest "integration" project`);
  return value;
}

describe('DATABASE_URL naming a missing database', () => {
  const adminUrl = env('IPLEDGER_TEST_ADMIN_URL');
  const tag = `${env('IPLEDGER_TEST_RUN_ID')}_${randomBytes(3).toString('hex')}`;
  const databases: string[] = [];
  const roles: string[] = [];

  async function admin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.end();
    }
  }

  /** A login role of the test's own, with or without CREATEDB; its URL on `database`. */
  async function roleUrl(kind: 'createdb' | 'nocreatedb', database: string): Promise<string> {
    const role = `ipledger_t_${tag}_${kind}`;
    const password = randomBytes(12).toString('hex');
    await admin((client) => client.query(`CREATE ROLE ${role} LOGIN ${kind.toUpperCase()} PASSWORD '${password}'`));
    roles.push(role);
    const url = new URL(withDatabase(adminUrl, database));
    url.username = role;
    url.password = password;
    return url.toString();
  }

  function missingDatabase(label: string): string {
    const name = `ipledger_t_${tag}_${label}`;
    databases.push(name);
    return name;
  }

  const start = (externalUrl: string) => startPostgres({ dataDir: os.tmpdir(), port: 1, externalUrl });

  afterAll(async () => {
    for (const name of databases) await dropDatabase(adminUrl, name);
    for (const role of roles) await admin((client) => client.query(`DROP ROLE IF EXISTS ${role}`));
  });

  it('is created when the role is a superuser, and used as it is the next time', async () => {
    const name = missingDatabase('super');
    const url = withDatabase(adminUrl, name);

    const first = await start(url);
    expect(first).toMatchObject({ external: true, databaseCreated: true, url });
    expect(await databaseExists(adminUrl, name)).toBe(true);

    const again = await start(url);
    expect(again.databaseCreated).toBe(false);
  });

  it('is created and owned by a role with CREATEDB only', async () => {
    const name = missingDatabase('createdb');
    const url = await roleUrl('createdb', name);

    await expect(start(url)).resolves.toMatchObject({ databaseCreated: true });
    const owner = await admin((client) =>
      client.query<{ owner: string }>('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [name]),
    );
    expect(owner.rows).toEqual([{ owner: `ipledger_t_${tag}_createdb` }]);
  });

  it('stops start-up naming the CREATE DATABASE to run when the role may not create databases', async () => {
    const name = missingDatabase('refused');
    const url = await roleUrl('nocreatedb', name);

    const failure = await start(url).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DatabaseNotCreatableError);
    const message = (failure as Error).message;
    expect(message).toContain(`database "${name}" does not exist`);
    expect(message).toContain(`may not create databases`);
    expect(message).toContain(`CREATE DATABASE "${name}" OWNER "ipledger_t_${tag}_nocreatedb";`);
    expect(await databaseExists(adminUrl, name)).toBe(false);
  });
});
