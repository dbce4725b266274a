#!/usr/bin/env node
// `npx ipledger …`: runs apps/cli/src/main.ts with SWC's register hook, as `npm run bench` does,
// and passes on its exit code (0 ok, 1 other error, 2 bad arguments, 3 authentication, 4 API refused, 5 ledger verification failed).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const register = createRequire(path.join(root, 'package.json')).resolve('@swc-node/register');
const result = spawnSync(process.execPath, ['-r', register, path.join(root, 'apps/cli/src/main.ts'), ...process.argv.slice(2)], {
  cwd: process.cwd(),
  stdio: 'inherit',
  env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json') },
});
if (result.error) {
  process.stderr.write(`ipledger: could not start node: ${result.error.message}\n`);
  process.exit(1);
}
process.exit(result.status ?? 1);
