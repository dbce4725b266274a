// Prisma CLI configuration: the bundled WebAssembly schema engine over a pg driver adapter, so no
// engine binary is downloaded (run the CLI through scripts/prisma.mjs, which sets the env it needs).
//
// Each service has its own schema folder, client and migration history (services/<name>/prisma;
// prisma/services.json lists them). IPLEDGER_PRISMA_SERVICE names the service a command is for
// (scripts/prisma.mjs sets it); without it the CLI sees libs/db's model-less client schema.
// For the migration-history commands (deploy, resolve, status) scripts/prisma.mjs also sets
// IPLEDGER_PRISMA_HISTORY_SCHEMA, the service's PostgreSQL schema, as the adapter's `schema`: the
// schema engine keeps that service's `_prisma_migrations` table there, so the eight histories
// never meet. `migrate diff` runs without it, so the SQL it writes names every table with its
// schema ("ledger"."accounts") and runs the same whatever the connection's search_path.
//
// `name` columns are read as text (prisma/pg-pool.ts), and two more fixes the CLI needs:
//  1. @prisma/adapter-pg 6.19.3 runs a migration script by splitting it on every ";", which breaks
//     statements containing ";" (e.g. a plpgsql function body between $$ … $$: "unterminated
//     dollar-quoted string"). Here the whole script goes to PostgreSQL as ONE simple-protocol
//     query, which PostgreSQL runs statement by statement in one implicit transaction.
//  2. The adapter does not end a pool it was given, so every command waited ~10 s for idle
//     connections to time out before exiting: disposeExternalPool ends it.
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { nameColumnsAsText } from './prisma/pg-pool';

class WholeScriptPrismaPg extends PrismaPg {
  override async connect(): ReturnType<PrismaPg['connect']> {
    const adapter = await super.connect();
    const pool = adapter.underlyingDriver();
    adapter.executeScript = async (script: string): Promise<void> => {
      await pool.query(script);
    };
    return adapter;
  }
}

interface Registry {
  services: Record<string, { schema: string }>;
}

function selectedService(): { schemaPath: string; migrationsPath?: string; pgSchema?: string } {
  const name = process.env['IPLEDGER_PRISMA_SERVICE'];
  const modelLess = path.join('libs', 'db', 'prisma', 'schema.prisma');
  // The frozen single history, for recognising and rehearsing databases migrated before the split.
  if (name === '(legacy)') return { schemaPath: modelLess, migrationsPath: path.join('prisma', 'legacy', 'migrations') };
  if (!name) return { schemaPath: modelLess };
  const registry = JSON.parse(fs.readFileSync(path.join(__dirname, 'prisma', 'services.json'), 'utf8')) as Registry;
  const entry = registry.services[name];
  if (!entry) throw new Error(`IPLEDGER_PRISMA_SERVICE=${name}: not a service of prisma/services.json`);
  const folder = path.join('services', name, 'prisma');
  const historySchema = process.env['IPLEDGER_PRISMA_HISTORY_SCHEMA'];
  if (historySchema && historySchema !== entry.schema) {
    throw new Error(`IPLEDGER_PRISMA_HISTORY_SCHEMA=${historySchema} is not ${name}'s schema (${entry.schema})`);
  }
  return { schemaPath: folder, migrationsPath: path.join(folder, 'migrations'), pgSchema: historySchema || undefined };
}

const selected = selectedService();

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: selected.schemaPath,
  ...(selected.migrationsPath ? { migrations: { path: selected.migrationsPath } } : {}),
  async adapter() {
    const pool = nameColumnsAsText(process.env.DATABASE_URL ?? '', selected.pgSchema);
    pool.options.allowExitOnIdle = true;
    return new WholeScriptPrismaPg(pool, { disposeExternalPool: true, ...(selected.pgSchema ? { schema: selected.pgSchema } : {}) });
  },
});
