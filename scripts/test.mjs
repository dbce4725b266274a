#!/usr/bin/env node
// `npm test`: everything, through Nx (project.json files, nx.json):
//   1. the checks: formatting (Prettier), lint (type-aware ESLint) and type-check over the whole
//      tree, and each project's unit tests: cached by Nx, so a step whose inputs did not change is
//      not run again (without the cache, as in CI, the unit tests run as one Jest process);
//   2. the integration and end-to-end tests (Jest's `integration` project) against one PostgreSQL and
//      one Kafka started by libs/testing/src/global-setup.ts: never cached (they need live infrastructure),
//      two test files at a time (Jest's default on two cores is one; the files wait on Kafka and on
//      processes starting about as much as they compute). Give `--maxWorkers=N` or `--runInBand` to
//      choose otherwise;
//   3. the fault suite (scripts/test-faults.mjs, its own PostgreSQL and Kafka per scenario): it
//      mostly waits (brokers down on purpose, session timeouts).
// With no arguments (CI) the three run at once: the integration tests print as they go, the checks
// and the fault suite write test-artifacts/checks.log and faults.log, whose summaries (the whole
// log of one that failed) are printed at the end; the first lane to fail stops the others. Run one
// after another, the checks and the integration tests were the critical path of CI.
// Lint and type-check run once over the whole tree (the root project `workspace`), not per project:
// on a fresh clone one ESLint process takes about a sixth of the time 26 would (each builds the
// TypeScript program anew); per-project targets (`npx nx affected -t lint typecheck test`) are for the
// edit loop. Arguments make it an edit-loop run, one step after the other, stopping at the first that
// fails: the fault suite is left out (`npm run test:faults` runs it alone) and the rest goes to
// Jest's run in step 2: `npm test -- libs/money` runs the checks, then only the integration tests
// under libs/money; `npm test -- --selectProjects unit` runs only step 1's unit tests again in Jest,
// uncached; `npm test -- --no-faults` runs steps 1 and 2.
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
// Without Nx's cache (CI: NX_SKIP_NX_CACHE, a fresh clone) the unit tests run as one Jest process
// (the workspace's test-unit-all) instead of one per project: 24 Jest start-ups and their module
// graphs cost about 40 CPU-seconds that a cache could never pay back. With the cache, per project,
// so a change re-tests only the projects it affects.
const cacheless = process.env.NX_SKIP_NX_CACHE === 'true';
const unitTarget = cacheless ? 'test-unit-all' : 'test';
const steps = [
  {
    title: `format, lint, type-check, unit tests (Nx${cacheless ? ', no cache' : ', cached'})`,
    ...nx('run-many', '-t', 'check-format', 'lint-all', 'typecheck-all', unitTarget, '--parallel=2'),
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

/**
 * A lane beside the steps: its output in test-artifacts/<name>.log, its own process group (stopped
 * as a whole: jest and its stack stop their PostgreSQL, Kafka and services on SIGTERM).
 */
function startLoggedLane(name, title, command, commandArgs) {
  const logFile = path.join(root, 'test-artifacts', `${name}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');
  const started = Date.now();
  const { child, done } = run(command, commandArgs, { stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  let took;
  void done.then(() => (took = seconds(started)));
  console.log(
    paint(
      1,
      `\n━━━ [${name}] ${title}, alongside: ${path.basename(command)} ${commandArgs.join(' ')} > ${path.relative(root, logFile)} ━━━`,
    ),
  );
  return {
    name,
    title,
    logFile,
    done,
    /** Seconds from its start to its end (so far, while it runs). */
    took: () => took ?? seconds(started),
    stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

/** A lane's outcome: the lines `summary` picks from its log, or the whole log when it failed. */
function reportLane(lane, end, summary) {
  const log = fs.readFileSync(lane.logFile, 'utf8');
  const passed = !end.error && end.status === 0;
  console.log(paint(1, `\n━━━ [${lane.name}] ${lane.title} (${path.relative(root, lane.logFile)}) ━━━`));
  console.log(passed ? log.split('\n').filter(summary).join('\n') : log);
  if (passed) console.log(paint(32, `✓ ${lane.title} passed in ${lane.took()} s`));
  else console.error(paint(31, `\n✗ ${lane.title} failed (${describeEnd(end)}) after ${lane.took()} s: ${lane.logFile}`));
  return passed;
}

/** How long the whole run may take before it is stopped as hung (it takes 10–15 minutes on two cores). */
const LANE_LIMIT_MINUTES = 45;

const jestSummary = (line) => /^(PASS|FAIL) |^Tests:|^Test Suites:/.test(line);
const nxSummary = (line) => /Successfully ran target|Nx read the output|tasks? (succeeded|failed)/i.test(line);

const startedAll = Date.now();
const shownOf = (step) => `${path.basename(step.command)} ${step.args.join(' ')}`;

if (withFaults) {
  // The whole run (CI): the checks and the fault suite beside the integration tests, all at once;
  // the first to fail stops the others.
  const faults = startLoggedLane('faults', 'the fault suite', process.execPath, [path.join(root, 'scripts', 'test-faults.mjs')]);
  const [checksStep, integrationStep] = steps;
  const checks = startLoggedLane('checks', checksStep.title, checksStep.command, checksStep.args);
  console.log(paint(1, `\n━━━ [integration] ${integrationStep.title}: ${shownOf(integrationStep)} ━━━`));
  const integration = run(integrationStep.command, integrationStep.args, { stdio: 'inherit' });
  const stopAll = () => {
    faults.stop();
    checks.stop();
    integration.child.kill('SIGTERM');
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      stopAll();
      process.exitCode = 130;
    });
  }
  // A lane that hangs (once, a Jest process of the checks sat in a futex wait for 15 minutes) fails
  // the run with its name instead of holding it until CI's own limit.
  const hung = setTimeout(() => {
    console.error(paint(31, `\n✗ a lane is still running after ${LANE_LIMIT_MINUTES} minutes; stopping every lane …`));
    stopAll();
  }, LANE_LIMIT_MINUTES * 60_000);
  hung.unref();
  const failedEnd = (end) => Boolean(end.error) || end.status !== 0;
  let firstFailure;
  await Promise.all(
    [
      ['checks', checks.done],
      ['integration', integration.done],
      ['faults', faults.done],
    ].map(([lane, done]) =>
      done.then((end) => {
        if (lane === 'integration' && !failedEnd(end))
          console.log(paint(32, `✓ ${integrationStep.title} passed in ${seconds(startedAll)} s`));
        if (failedEnd(end) && firstFailure === undefined) {
          firstFailure = lane;
          console.error(paint(31, `\n✗ ${lane} failed (${describeEnd(end)}) after ${seconds(startedAll)} s; stopping the other lanes …`));
          stopAll();
        }
      }),
    ),
  );
  const checksPassed = reportLane(checks, await checks.done, nxSummary);
  const faultsPassed = reportLane(faults, await faults.done, jestSummary);
  if (!checksPassed || !faultsPassed || firstFailure !== undefined) process.exit(1);
  console.log(paint(32, `\n✓ all passed in ${seconds(startedAll)} s`));
} else {
  for (const [index, step] of steps.entries()) {
    console.log(paint(1, `\n━━━ [${index + 1}/${steps.length}] ${step.title}: ${shownOf(step)} ━━━`));
    const started = Date.now();
    const end = await run(step.command, step.args, { stdio: 'inherit' }).done;
    if (end.error || end.status !== 0) {
      const hint = end.error ? ' (run node scripts/bootstrap.mjs)' : '';
      console.error(paint(31, `\n✗ ${step.title} failed (${describeEnd(end)}) after ${seconds(started)} s: ${shownOf(step)}${hint}`));
      process.exit(end.status || 1);
    }
    console.log(paint(32, `✓ ${step.title} passed in ${seconds(started)} s`));
  }
  console.log(paint(32, `\n✓ all passed in ${seconds(startedAll)} s`));
}
