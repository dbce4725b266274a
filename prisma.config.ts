// Prisma CLI configuration: the bundled WebAssembly schema engine over a pg driver adapter, so no
// engine binary is downloaded (run the CLI through scripts/prisma.mjs, which sets the env it needs).
// `name` columns are read as text (prisma/pg-pool.ts), and two more fixes the CLI needs:
//  1. @prisma/adapter-pg 6.19.3 runs a migration script by splitting it on every ";", which breaks
//     statements containing ";" (e.g. a plpgsql function body between $$ … $$: "unterminated
//     dollar-quoted string"). Here the whole script goes to PostgreSQL as ONE simple-protocol
//     query, which PostgreSQL runs statement by statement in one implicit transaction.
//  2. The adapter does not end a pool it was given, so every command waited ~10 s for idle
//     connections to time out before exiting: disposeExternalPool ends it.
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

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const pool = nameColumnsAsText(process.env.DATABASE_URL ?? '');
    pool.options.allowExitOnIdle = true;
    return new WholeScriptPrismaPg(pool, { disposeExternalPool: true });
  },
});
