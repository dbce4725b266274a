// Prisma CLI configuration: the bundled WebAssembly schema engine over a pg driver adapter,
// so no engine binary is downloaded. scripts/prisma.mjs wraps the CLI with the env it needs.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { nameColumnsAsText } from './prisma/pg-pool';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    return new PrismaPg(nameColumnsAsText(process.env.DATABASE_URL ?? ''));
  },
});
