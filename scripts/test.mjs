#!/usr/bin/env node
// `npm test`: everything, through Nx (project.json files, nx.json), stopping at the first failing step:
//   1. formatting (Prettier), lint (type-aware ESLint) and type-check over the whole tree, and each
//      project's unit tests: cached by Nx, so a step whose inputs did not change is not run again;
//   2. the integration and end-to-end tests (Jest's `integration` project) against one PostgreSQL and
//      one Kafka started by libs/testing/src/global-setup.ts: never cached (they need live infrastructure),
//      two test files at a time (Jest's default on two cores is one; the files wait on Kafka and on
//      processes starting about as much as they compute: 11 minutes instead of 14 here). Give
//      `--maxWorkers=N` or `--runInBand` to choose otherwise.
// Lint and type-check run once over the whole tree (the root project `workspace`), not per project:
// on a fresh clone one ESLint process takes about a sixth of the time 26 would (each builds the
// TypeScript program anew); per-project targets (`npx nx affected -t lint typecheck test`) are for the
// edit loop. Extra arguments go to Jest's run in step 2: `npm test -- libs/money` runs the unit
// checks, then only the integration tests under libs/money; `npm test -- --selectProjects unit`
// runs only step 1's unit tests again in Jest, uncached.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
const jestArgs = process.argv.slice(2);
const onlyUnit = jestArgs.includes('--selectProjects') && jestArgs[jestArgs.indexOf('--selectProjects') + 1] === 'unit';
const workersGiven = jestArgs.some((arg) => /^(--maxWorkers|-w|--runInBand|-i)(=|$)/.test(arg));
const integrationWorkers = workersGiven ? [] : ['--maxWorkers=2'];

const nx = (...args) => ({ command: bin('nx'), args: [...args, '--outputStyle=static'] });
const steps = [
  {
    title: 'format, lint, type-check, unit tests (Nx, cached)',
    ...nx('run-many', '-t', 'check-format', 'lint-all', 'typecheck-all', 'test', '--parallel=2'),
  },
  onlyUnit
    ? { title: 'unit tests (Jest, as asked)', command: bin('jest'), args: ['--ci', ...jestArgs] }
    : {
        title: 'integration and end-to-end tests',
        command: bin('jest'),
        args: ['--ci', ...integrationWorkers, ...jestArgs, '--selectProjects', 'integration'],
      },
];

const startedAll = Date.now();
for (const [index, step] of steps.entries()) {
  const shown = `${path.basename(step.command)} ${step.args.join(' ')}`;
  console.log(paint(1, `\n━━━ [${index + 1}/${steps.length}] ${step.title}: ${shown} ━━━`));
  const started = Date.now();
  const result = spawnSync(step.command, step.args, {
    cwd: root,
    stdio: 'inherit',
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
