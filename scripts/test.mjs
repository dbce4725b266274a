#!/usr/bin/env node
// `npm test`: formatting (Prettier), lint, type-check, then every Jest test (unit, then integration and e2e against one
// PostgreSQL and one Kafka started by libs/testing/src/global-setup.ts). Stops at the first
// failing step. Extra arguments go to Jest: `npm test -- --selectProjects unit`, `npm test -- libs/money`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

const steps = [
  // ESLint's Nx module-boundary rule reads Nx's cached project graph and silently skips itself
  // when there is none (a fresh clone): compute the graph first (no daemon left behind).
  { title: 'project graph', command: bin('nx'), args: ['show', 'projects'], quiet: true },
  { title: 'format', command: bin('prettier'), args: ['--check', '.', '--log-level', 'warn'] },
  { title: 'lint', command: bin('eslint'), args: ['.'] },
  { title: 'type-check', command: bin('tsc'), args: ['-p', 'tsconfig.json', '--noEmit'] },
  { title: 'tests', command: bin('jest'), args: ['--ci', ...process.argv.slice(2)] },
];

const startedAll = Date.now();
for (const [index, step] of steps.entries()) {
  const shown = `${path.basename(step.command)} ${step.args.join(' ')}`;
  console.log(paint(1, `\n━━━ [${index + 1}/${steps.length}] ${step.title}: ${shown} ━━━`));
  const started = Date.now();
  const result = spawnSync(step.command, step.args, {
    cwd: root,
    stdio: step.quiet ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...process.env },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.error) {
    console.error(paint(31, `\n✗ ${step.title}: could not run ${shown}: ${result.error.message} (run node scripts/bootstrap.mjs)`));
    process.exit(1);
  }
  if (result.status !== 0) {
    const how = result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;
    console.error(paint(31, `\n✗ ${step.title} failed (${how}) after ${seconds} s: ${shown}`));
    process.exit(result.status || 1);
  }
  console.log(paint(32, `✓ ${step.title} passed in ${seconds} s`));
}
console.log(paint(32, `\n✓ all passed in ${((Date.now() - startedAll) / 1000).toFixed(1)} s`));
