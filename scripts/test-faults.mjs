#!/usr/bin/env node
// `npm run test:faults`: the fault suite (tests/faults). Each scenario file starts its own
// PostgreSQL, Kafka and every service as a process, breaks things under a running workload and
// checks the invariants. One file at a time (--runInBand): they share the machine's cores.
// Extra arguments go to Jest: `npm run test:faults -- tests/faults/messages`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jest = path.join(root, 'node_modules', '.bin', 'jest');
const result = spawnSync(jest, ['--ci', '--selectProjects', 'faults', '--runInBand', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, IPLEDGER_FAULTS: '1', KAFKAJS_NO_PARTITIONER_WARNING: '1' },
});
if (result.error) {
  console.error(`could not run jest: ${result.error.message} (run node scripts/bootstrap.mjs)`);
  process.exit(1);
}
process.exit(result.status ?? 1);
