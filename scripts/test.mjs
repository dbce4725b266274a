#!/usr/bin/env node
// `npm test`: everything, through Nx (project.json files, nx.json), stopping at the first failing step:
//   1. formatting (Prettier), lint (type-aware ESLint) and type-check over the whole tree, and each
//      project's unit tests: cached by Nx, so a step whose inputs did not change is not run again;
//   2. the integration and end-to-end tests (Jest's `integration` project) against one PostgreSQL and
//      one Kafka started by libs/testing/src/global-setup.ts: never cached (they need live infrastructure),
//      two test files at a time (Jest's default on two cores is one; the files wait on Kafka and on
//      processes starting about as much as they compute). Give `--maxWorkers=N` or `--runInBand` to
//      choose otherwise;
//   and, alongside both from the start, 3. the fault suite (scripts/test-faults.mjs, its own
//      PostgreSQL and Kafka per scenario): it mostly waits (brokers down on purpose, session
//      timeouts), about one core for ten minutes, so it runs beside the other two instead of after
//      them. Its output goes to test-artifacts/faults.log; its summary (the whole log when it
//      failed) is printed at the end. A failing step stops it.
// Lint and type-check run once over the whole tree (the root project `workspace`), not per project:
// on a fresh clone one ESLint process takes about a sixth of the time 26 would (each builds the
// TypeScript program anew); per-project targets (`npx nx affected -t lint typecheck test`) are for the
// edit loop. Arguments make it an edit-loop run: the fault suite is left out (`npm run test:faults`
// runs it alone) and the rest goes to Jest's run in step 2: `npm test -- libs/money` runs the unit
// checks, then only the integration tests under libs/money; `npm test -- --selectProjects unit`
// runs only step 1's unit tests again in Jest, uncached; `npm test -- --no-faults` runs steps 1 and 2.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
const args = process.argv.slice(2);
const jestArgs = args.filter((arg) => arg !== '--no-faults');
const withFaults = args.length === 0;
const onlyUnit = jestArgs.includes('--selectProjects') && jestArgs[jestArgs.indexOf('--selectProjects') + 1] === 'unit';
const workersGiven = jestArgs.some((arg) => /^(--maxWorkers|-w|--runInBand|-i)(=|$)/.test(arg));
const integrationWorkers = workersGiven ? [] : ['--maxWorkers=2'];
const env = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...process.env };
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);

const nx = (...nxArgs) => ({ command: bin('nx'), args: [...nxArgs, '--outputStyle=static'] });
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

/** Starts a command: the child, and `done`, how it ended (never rejects). */
function run(command, commandArgs, options) {
  const child = spawn(command, commandArgs, { cwd: root, env, ...options });
  const done = new Promise((resolve) => {
    child.once('error', (error) => resolve({ error }));
    child.once('exit', (status, signal) => resolve({ status, signal }));
  });
  return { child, done };
}

const describeEnd = (end) =>
  end.error ? `could not start: ${end.error.message}` : end.signal ? `killed by ${end.signal}` : `exit code ${end.status}`;

/** The fault suite beside the steps, its output in test-artifacts/faults.log. */
function startFaultLane() {
  const logFile = path.join(root, 'test-artifacts', 'faults.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');
  const started = Date.now();
  const { child, done } = run(process.execPath, [path.join(root, 'scripts', 'test-faults.mjs')], {
    stdio: ['ignore', out, out],
    detached: true, // its own process group: stopped as a whole when a step fails
  });
  fs.closeSync(out);
  console.log(paint(1, `\n━━━ [faults] the fault suite, alongside: node scripts/test-faults.mjs > ${path.relative(root, logFile)} ━━━`));
  return {
    logFile,
    started,
    done,
    stop() {
      try {
        process.kill(-child.pid, 'SIGTERM'); // jest and its stack stop their PostgreSQL, Kafka and services
      } catch {
        // already gone
      }
    },
  };
}

/** The fault suite's outcome: its Jest summary, or the whole log when it failed. */
function reportFaultLane(lane, end) {
  const log = fs.readFileSync(lane.logFile, 'utf8');
  const passed = !end.error && end.status === 0;
  const summary = log.split('\n').filter((line) => /^(PASS|FAIL) |^Tests:|^Test Suites:/.test(line));
  console.log(paint(1, `\n━━━ [faults] the fault suite (${path.relative(root, lane.logFile)}) ━━━`));
  console.log(passed ? summary.join('\n') : log);
  if (passed) console.log(paint(32, `✓ the fault suite passed in ${seconds(lane.started)} s`));
  else console.error(paint(31, `\n✗ the fault suite failed (${describeEnd(end)}) after ${seconds(lane.started)} s: ${lane.logFile}`));
  return passed;
}

const startedAll = Date.now();
const faults = withFaults ? startFaultLane() : undefined;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    faults?.stop();
    process.exitCode = 130;
  });
}
for (const [index, step] of steps.entries()) {
  const shown = `${path.basename(step.command)} ${step.args.join(' ')}`;
  console.log(paint(1, `\n━━━ [${index + 1}/${steps.length}] ${step.title}: ${shown} ━━━`));
  const started = Date.now();
  const end = await run(step.command, step.args, { stdio: 'inherit' }).done;
  if (end.error || end.status !== 0) {
    const hint = end.error ? ' (run node scripts/bootstrap.mjs)' : '';
    console.error(paint(31, `\n✗ ${step.title} failed (${describeEnd(end)}) after ${seconds(started)} s: ${shown}${hint}`));
    if (faults !== undefined) {
      console.error('stopping the fault suite that ran alongside …');
      faults.stop();
      await faults.done;
    }
    process.exit(end.status || 1);
  }
  console.log(paint(32, `✓ ${step.title} passed in ${seconds(started)} s`));
}
if (faults !== undefined) {
  console.log(`waiting for the fault suite (running for ${seconds(faults.started)} s) …`);
  if (!reportFaultLane(faults, await faults.done)) process.exit(1);
}
console.log(paint(32, `\n✓ all passed in ${seconds(startedAll)} s`));
