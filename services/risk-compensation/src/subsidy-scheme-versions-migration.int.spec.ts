// The subsidy_scheme_versions migration on a database that already holds a published scheme and
// its budget year: each scheme becomes version 1 of its own series (its id the series id) although
// a trigger freezes published rows, and the budget years keyed by the scheme are keyed by the
// series with the same values. The migrations run in order, as files, on a blank database.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, dropDatabase, withDatabase } from '@ipledger/devstack';

const MIGRATIONS = path.join(__dirname, '..', 'prisma', 'migrations');
const VERSIONS = '20261207222309_subsidy_scheme_versions';
const SCHEME = 'sub_0195a1b2c3d47e5f8a6b7c8d9e0f1a12';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: run in the jest "integration" project`);
  return value;
}

/** The migration folders in the order Prisma applies them, up to and including `last`. */
function migrationsUpTo(last: string): string[] {
  const folders = fs
    .readdirSync(MIGRATIONS)
    .filter((name) => fs.statSync(path.join(MIGRATIONS, name)).isDirectory())
    .sort();
  return folders.slice(0, folders.indexOf(last) + 1);
}

describe('the subsidy_scheme_versions migration on schemes stored before it', () => {
  const adminUrl = env('IPLEDGER_TEST_ADMIN_URL');
  const name = `ipledger_t_${env('IPLEDGER_TEST_RUN_ID')}_scheme_versions_${randomBytes(3).toString('hex')}`;
  let db: pg.Client;

  const run = async (folders: string[]) => {
    for (const folder of folders) await db.query(fs.readFileSync(path.join(MIGRATIONS, folder, 'migration.sql'), 'utf8'));
  };

  beforeAll(async () => {
    await createDatabase(adminUrl, name);
    db = new pg.Client({ connectionString: withDatabase(adminUrl, name) });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await dropDatabase(adminUrl, name);
  });

  it('makes each scheme version 1 of its own series, although published rows are frozen, and keys its budget years by the series', async () => {
    const before = migrationsUpTo(VERSIONS);
    expect(before.at(-1)).toBe(VERSIONS);
    await run(before.slice(0, -1));
    await db.query(
      `INSERT INTO risk_compensation.subsidy_schemes (id, name, scheme_version, status, effective_from, document, created_by_org_id,
         created_by_user_id, published_by_org_id, published_by_user_id, published_at)
       VALUES ($1, '贴息', 1, 'PUBLISHED', '2026-01-01', '{}', 'bureau-cq', 'wang.fang', 'bureau-cq', 'liu.yang', now())`,
      [SCHEME],
    );
    await db.query(
      `INSERT INTO risk_compensation.subsidy_budget_years (scheme_id, budget_year, budget, used) VALUES ($1, 2026, 1000.00, 200.00)`,
      [SCHEME],
    );

    await run([VERSIONS]);

    const schemes = await db.query<{ id: string; series_id: string }>(`SELECT id, series_id FROM risk_compensation.subsidy_schemes`);
    expect(schemes.rows).toEqual([{ id: SCHEME, series_id: SCHEME }]);
    const budgets = await db.query<{ series_id: string; budget: string; used: string; budget_version: number }>(
      `SELECT series_id, budget::text, used::text, budget_version FROM risk_compensation.subsidy_budget_years`,
    );
    expect(budgets.rows).toEqual([{ series_id: SCHEME, budget: '1000.00', used: '200.00', budget_version: 1 }]);
    // The published row is frozen again, and a second version cannot claim to start a series.
    await expect(db.query(`UPDATE risk_compensation.subsidy_schemes SET name = 'changed'`)).rejects.toThrow(/cannot be changed/);
    await expect(
      db.query(
        `INSERT INTO risk_compensation.subsidy_schemes (id, series_id, name, scheme_version, status, effective_from, document, created_by_org_id)
         VALUES ('sub_0195a1b2c3d47e5f8a6b7c8d9e0f1a13', 'sub_0195a1b2c3d47e5f8a6b7c8d9e0f1a13', '贴息', 2, 'DRAFT', '2026-07-01', '{}', 'bureau-cq')`,
      ),
    ).rejects.toThrow(/subsidy_schemes_series_starts_at_version_1/);
  });
});
