#!/usr/bin/env node
// Installs what `npm start`, `npm test` and the benchmarks need, once, into ignored folders:
//   node_modules            npm ci (npm install if the lock    when missing or package-lock.json changed
//                           file is out of step, said aloud)
//   services/*/src/generated, libs/db/src/generated
//                           prisma generate (every client)     when one is missing or a schema (services/*/prisma,
//                                                               prisma/shared, prisma/services.json) changed
//   .ipledger/kafka-jars    Kafka's jars via Maven             when missing or infra/kafka/pom.xml changed
//   apps/console/dist       npm run build:console (Vite)       when missing or older than apps/console's sources
// What was installed from which input is remembered as hashes in .ipledger/bootstrap/.
// Silent when there is nothing to do; on failure it names the step and exits non-zero.
// Node builtins only: it runs before node_modules exists (npm's "prestart"/"pretest"/"prebench").
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseServices, registryFile, sharedTemplate, sqlClientSchema } from './lib/prisma-layout.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const home = path.join(root, '.ipledger');
const markers = path.join(home, 'bootstrap');
const lockDir = path.join(home, 'bootstrap.lock');
const jarsDir = path.join(home, 'kafka-jars');
const pom = path.join(root, 'infra', 'kafka', 'pom.xml');

class StepError extends Error {}

function log(message) {
  console.log(`bootstrap: ${message}`);
}

function hashOf(...files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    hash.update(fs.existsSync(file) ? fs.readFileSync(file) : 'missing');
  }
  return hash.digest('hex');
}

function marker(name) {
  try {
    return fs.readFileSync(path.join(markers, `${name}.sha256`), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function writeMarker(name, hash) {
  fs.mkdirSync(markers, { recursive: true });
  fs.writeFileSync(path.join(markers, `${name}.sha256`), `${hash}\n`);
}

/** Runs a command; output goes to the terminal (inherit) or is collected and shown on failure. */
function run(step, command, args, { inherit = false, cwd = root } = {}) {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(command, args, {
      cwd,
      env: process.env,
      stdio: inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => {
      const hint = error.code === 'ENOENT' ? ` (is ${command} installed and on PATH?)` : '';
      reject(new StepError(`${step}: could not run ${command}: ${error.message}${hint}`));
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(output);
      const how = signal ? `killed by ${signal}` : `exit code ${code}`;
      const shown = output.trim() === '' ? '' : `\n--- output of ${command}:\n${output.trimEnd()}`;
      reject(new StepError(`${step}: \`${command} ${args.join(' ')}\` failed (${how})${shown}`));
    });
  });
}

// ───────────────────────────── the steps ─────────────────────────────

const npmStep = {
  name: 'npm install',
  inputs: () => hashOf(path.join(root, 'package-lock.json')),
  needed() {
    if (!fs.existsSync(path.join(root, 'node_modules'))) return 'node_modules is missing';
    if (marker('npm') !== this.inputs()) return 'package-lock.json changed since the last install';
    return undefined;
  },
  async run(reason) {
    log(`installing npm packages exactly as package-lock.json pins them (${reason}): npm ci …`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    try {
      await run('npm ci', npm, ['ci', '--no-audit', '--no-fund']);
    } catch (error) {
      // Only a lock file out of step with package.json (a dependency added without `npm install`)
      // should get here: say so, and install the way that repairs it. Commit the lock file it writes.
      const why =
        error.message.split('\n').find((line) => /npm (ERR|error)/.test(line) && !/A complete log/.test(line)) ??
        error.message.split('\n')[0];
      log(`npm ci failed (${why.trim()}); falling back to npm install, which rewrites package-lock.json: commit it.`);
      await run('npm install', npm, ['install', '--no-audit', '--no-fund'], { inherit: true });
    }
    if (!fs.existsSync(path.join(root, 'node_modules'))) throw new StepError('npm install: node_modules still missing');
    writeMarker('npm', this.inputs()); // after a fallback npm install the lock file may be new: remember that version
  },
};

/** Every schema file the clients are generated from. */
function prismaSchemaFiles() {
  const files = [registryFile, sharedTemplate, sqlClientSchema];
  for (const service of databaseServices()) {
    const names = fs.existsSync(service.schemaDir)
      ? fs
          .readdirSync(service.schemaDir)
          .filter((name) => name.endsWith('.prisma'))
          .sort()
      : [];
    files.push(...names.map((name) => path.join(service.schemaDir, name)));
  }
  return files;
}

/** The generated clients: libs/db's model-less one and each service's own. */
function generatedClients() {
  return [
    path.join(root, 'libs', 'db', 'src', 'generated', 'client.ts'),
    ...databaseServices().map((service) => path.join(service.generatedDir, 'client.ts')),
  ];
}

const prismaStep = {
  name: 'prisma generate',
  inputs: () =>
    hashOf(
      ...prismaSchemaFiles(),
      path.join(root, 'node_modules', 'prisma', 'package.json'),
      path.join(root, 'node_modules', '@prisma', 'client', 'package.json'),
    ),
  needed() {
    const missing = generatedClients().find((file) => !fs.existsSync(file));
    if (missing) return `${path.relative(root, path.dirname(missing))} is missing`;
    if (marker('prisma-generate') !== this.inputs()) return 'a Prisma schema changed';
    return undefined;
  },
  async run(reason) {
    log(`generating the Prisma clients (${reason}) …`);
    await run('prisma generate', process.execPath, [path.join(root, 'scripts', 'prisma.mjs'), 'generate']);
    writeMarker('prisma-generate', this.inputs());
  },
};

const kafkaStep = {
  name: 'Kafka jars',
  inputs: () => hashOf(pom),
  needed() {
    const present = fs.existsSync(jarsDir) && fs.readdirSync(jarsDir).some((file) => /^kafka_2\.13-.*\.jar$/.test(file));
    if (!present) return `${path.relative(root, jarsDir)} is missing`;
    if (marker('kafka-jars') !== this.inputs()) return 'infra/kafka/pom.xml changed';
    return undefined;
  },
  async run(reason) {
    log(`fetching Kafka's jars with Maven (${reason}) …`);
    const staging = `${jarsDir}.partial`;
    fs.rmSync(staging, { recursive: true, force: true });
    await run('Kafka jars (Maven)', 'mvn', [
      '-B',
      '-q',
      '-Dstyle.color=never',
      '-f',
      pom,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${staging}`,
    ]);
    fs.rmSync(jarsDir, { recursive: true, force: true });
    fs.renameSync(staging, jarsDir);
    writeMarker('kafka-jars', this.inputs());
  },
};

const consoleDir = path.join(root, 'apps', 'console');
const consoleIndex = path.join(consoleDir, 'dist', 'index.html');

/** The newest modification time of the console's sources (src/, index.html, configs). */
function newestConsoleSource() {
  let newest = 0;
  const visit = (file) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isDirectory()) for (const entry of fs.readdirSync(file)) visit(path.join(file, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const source of ['src', 'index.html', 'vite.config.mjs', 'tsconfig.json', 'project.json']) visit(path.join(consoleDir, source));
  return newest;
}

const consoleStep = {
  name: 'web console',
  needed() {
    if (!fs.existsSync(path.join(consoleDir, 'src'))) return undefined; // a checkout without the console
    const built = fs.statSync(consoleIndex, { throwIfNoEntry: false });
    if (built === undefined) return 'apps/console/dist is missing';
    if (newestConsoleSource() > built.mtimeMs) return 'apps/console changed since the last build';
    return undefined;
  },
  async run(reason) {
    log(`building the web console (${reason}) …`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    await run('web console (vite build)', npm, ['run', '--silent', 'build:console']);
    if (!fs.existsSync(consoleIndex)) throw new StepError('web console: apps/console/dist/index.html still missing after the build');
  },
};

// ───────────────────────────── a lock for concurrent runs ─────────────────────────────

function lockHolder() {
  try {
    const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function acquireLock() {
  fs.mkdirSync(home, { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
      process.on('exit', release);
      return release;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = lockHolder();
    if (holder === undefined) {
      // Give a just-started holder time to write its pid before calling the lock stale.
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > 2_000) fs.rmSync(lockDir, { recursive: true, force: true });
    } else if (!told) {
      log(`waiting for another bootstrap (pid ${holder}) to finish …`);
      told = true;
    }
    if (Date.now() > deadline) throw new StepError(`lock ${lockDir} held for 15 minutes: remove it if no bootstrap runs`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

// ───────────────────────────── main ─────────────────────────────

async function main() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 11)) {
    throw new StepError(`node: version ${process.versions.node} is too old, this project needs Node >= 20.11`);
  }
  const steps = [npmStep, prismaStep, kafkaStep, consoleStep];
  if (steps.every((step) => step.needed() === undefined)) return; // the common case: silent
  const release = await acquireLock();
  try {
    // Maven does not need node_modules: fetch the jars while npm installs.
    const kafkaReason = kafkaStep.needed();
    const kafka = kafkaReason === undefined ? Promise.resolve() : kafkaStep.run(kafkaReason);
    kafka.catch(() => undefined); // reported below, after npm's own output
    try {
      const npmReason = npmStep.needed();
      if (npmReason !== undefined) await npmStep.run(npmReason);
      // The console's build needs no Prisma client: the two run side by side.
      const prismaReason = prismaStep.needed();
      const consoleReason = consoleStep.needed();
      const [prisma, webConsole] = await Promise.allSettled([
        prismaReason === undefined ? undefined : prismaStep.run(prismaReason),
        consoleReason === undefined ? undefined : consoleStep.run(consoleReason),
      ]);
      if (prisma.status === 'rejected') throw prisma.reason;
      if (webConsole.status === 'rejected') throw webConsole.reason;
    } finally {
      await kafka.catch(() => undefined);
    }
    await kafka;
    log('done.');
  } finally {
    release();
  }
}

try {
  await main();
} catch (error) {
  const message = error instanceof StepError ? error.message : (error?.stack ?? String(error));
  console.error(`\nbootstrap: FAILED: ${message}\n`);
  process.exitCode = 1;
}
