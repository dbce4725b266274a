// Each service's own migration history against the single history it replaced (prisma/legacy),
// on the run's real PostgreSQL and through scripts/prisma.mjs as `npm start` and the tests run it:
// - the baselines build exactly the database the old history built, schema by schema: a fresh
//   database and one migrated with the old history and then adopted (its baselines marked as
//   applied, the migrations after them run) end up identical;
// - each service's history table is in its own schema;
// - a database migrated with the old history is adopted: its baselines are marked as applied,
//   nothing is run again, and what it holds is unchanged;
// - a database with only part of the old history is refused with what is missing.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createDatabase, dropDatabase, repoRoot, withDatabase } from '@ipledger/devstack';
import { snapshotSchema, type SchemaSnapshot } from './schema-snapshot';

const run = promisify(execFile);

// (No @ipledger/testing here: that library depends on this one.)
function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: run in the jest "integration" project`);
  return value;
}
const BASELINE = '00000000000000_baseline';

interface Registry {
  services: Record<string, { schema: string }>;
}
const registry = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'prisma', 'services.json'), 'utf8')) as Registry;
const schemas = Object.values(registry.services).map((entry) => entry.schema);

async function prismaScript(url: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [path.join(repoRoot(), 'scripts', 'prisma.mjs'), ...args], {
    cwd: repoRoot(),
    env: { ...process.env, DATABASE_URL: url },
    timeout: 240_000,
  });
  return stdout;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const snapshots = (url: string): Promise<Record<string, SchemaSnapshot>> =>
  withClient(url, async (client) => {
    const result: Record<string, SchemaSnapshot> = {};
    for (const schema of schemas) result[schema] = await snapshotSchema(client, schema);
    return result;
  });

const userSchemas = (url: string): Promise<string[]> =>
  withClient(url, async (client) => {
    const { rows } = await client.query<{ nspname: string }>(
      "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public') ORDER BY nspname",
    );
    return rows.map((row) => row.nspname);
  });

const histories = (url: string): Promise<Record<string, { name: string; steps: number }[]>> =>
  withClient(url, async (client) => {
    const result: Record<string, { name: string; steps: number }[]> = {};
    for (const schema of schemas) {
      const { rows } = await client.query<{ migration_name: string; applied_steps_count: number }>(
        `SELECT migration_name, applied_steps_count FROM "${schema}"._prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`,
      );
      result[schema] = rows.map((row) => ({ name: row.migration_name, steps: row.applied_steps_count }));
    }
    return result;
  });

describe('each service its own migration history', () => {
  const adminUrl = env('IPLEDGER_TEST_ADMIN_URL');
  const runId = env('IPLEDGER_TEST_RUN_ID');
  const names: string[] = [];

  async function blankDatabase(label: string): Promise<string> {
    const name = `ipledger_t_${runId}_${label}_${randomBytes(3).toString('hex')}`;
    await createDatabase(adminUrl, name);
    names.push(name);
    return withDatabase(adminUrl, name);
  }

  afterAll(async () => {
    for (const name of names) await dropDatabase(adminUrl, name);
  });

  let legacyUrl: string;
  let freshUrl: string;
  /** The legacy database as the old history left it, before adoption. */
  let legacySnapshots: Record<string, SchemaSnapshot>;
  let adoption: string;

  beforeAll(async () => {
    legacyUrl = await blankDatabase('legacy');
    freshUrl = await blankDatabase('fresh');
    await prismaScript(legacyUrl, 'legacy-deploy');
    legacySnapshots = await snapshots(legacyUrl);
    adoption = await prismaScript(legacyUrl, 'migrate', 'deploy');
    await prismaScript(freshUrl, 'migrate', 'deploy');
  }, 300_000);

  /** The migrations after its baseline in a service schema's own history. */
  const laterMigrations = (schema: string): string[] => {
    const service = Object.keys(registry.services).find((name) => registry.services[name]?.schema === schema) ?? schema;
    return fs
      .readdirSync(path.join(repoRoot(), 'services', service, 'prisma', 'migrations'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== BASELINE)
      .map((entry) => entry.name)
      .sort();
  };

  it('the old history made exactly the schemas of prisma/services.json', async () => {
    expect(await userSchemas(legacyUrl)).toEqual([...schemas].sort());
    expect(await userSchemas(freshUrl)).toEqual([...schemas].sort());
  });

  it.each(schemas)(
    'the baselines build schema %s exactly as the old history did (then the same later migrations run on both)',
    async (schema) => {
      const fresh = await withClient(freshUrl, (client) => snapshotSchema(client, schema));
      const adopted = await withClient(legacyUrl, (client) => snapshotSchema(client, schema));
      expect(fresh.tables.length).toBeGreaterThan(0);
      expect(fresh).toEqual(adopted);
      // A schema with nothing after its baseline is exactly what the old history built.
      if (laterMigrations(schema).length === 0) expect(fresh).toEqual(legacySnapshots[schema]);
    },
  );

  it("keeps each service's history in the service's own schema, nothing in public", async () => {
    const recorded = await histories(freshUrl);
    for (const schema of schemas) expect(recorded[schema]?.[0]).toEqual({ name: BASELINE, steps: 1 });
    const inPublic = await withClient(freshUrl, (client) => client.query("SELECT to_regclass('public._prisma_migrations') AS t"));
    expect(inPublic.rows[0].t).toBeNull();
  });

  it('adopts a database migrated with the old history: baselines marked as applied and not run, only later migrations run', async () => {
    expect(adoption).toContain(`${BASELINE} marked as applied`);
    const recorded = await histories(legacyUrl);
    // applied_steps_count 0: recorded by `migrate resolve --applied`, not run; the later ones ran.
    for (const schema of schemas) {
      expect(recorded[schema]).toEqual([{ name: BASELINE, steps: 0 }, ...laterMigrations(schema).map((name) => ({ name, steps: 1 }))]);
    }

    // Deploying again finds nothing to do and adopts nothing twice.
    const again = await prismaScript(legacyUrl, 'migrate', 'deploy');
    expect(again).not.toContain('marked as applied');
    expect(await histories(legacyUrl)).toEqual(recorded);
  }, 240_000);

  it('refuses a database with only part of the old history, naming what is missing', async () => {
    const partialUrl = await blankDatabase('partial');
    await prismaScript(partialUrl, 'legacy-deploy');
    await withClient(partialUrl, (client) =>
      client.query("DELETE FROM public._prisma_migrations WHERE migration_name = '20261206130000_pledge_registration_calendar'"),
    );
    await expect(prismaScript(partialUrl, 'migrate', 'deploy')).rejects.toThrow(
      /only part of the old single migration history \(missing 20261206130000_pledge_registration_calendar\)/,
    );
  }, 240_000);
});
