// The production build (scripts/build.mjs): compiled into a folder of its own, every service then
// runs from it with plain `node <build>/services/<name>/src/main.js` against the test run's
// PostgreSQL and Kafka, with no TypeScript tooling loaded, and answers as it does from source: each
// /health/live, a log-in through the gateway (identity's compiled Prisma client, token signing),
// the console the gateway serves from the build, and the compiled CLI against the gateway.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { topicNames } from '@ipledger/contracts';
import {
  APP_NAMES,
  buildForProcesses,
  builtServiceMain,
  removeBuild,
  repoRoot,
  SERVICE_HEAP_FLAGS,
  type RunningServices,
} from '@ipledger/devstack';
import {
  createTestDatabase,
  createTopicsForPrefix,
  startAllServices,
  testBrokers,
  testEnvironment,
  uniqueTopicPrefix,
  type TestDatabase,
} from '@ipledger/testing';

const run = promisify(execFile);
const DEMO_PASSWORD = 'build-test-demo-password';

/** What a running process was started with and has loaded, from /proc. */
function processView(pid: number): { argv: string[]; env: Record<string, string>; mappedFiles: string[] } {
  const argv = fs
    .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    .split('\0')
    .filter((arg) => arg !== '');
  const env = Object.fromEntries(
    fs
      .readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter((entry) => entry.includes('='))
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
  const mappedFiles = fs
    .readFileSync(`/proc/${pid}/maps`, 'utf8')
    .split('\n')
    .map((line) => line.split(/\s+/).slice(5).join(' '))
    .filter((file) => file.startsWith('/'));
  return { argv, env, mappedFiles };
}

/** TypeScript tooling in a process: swc's native binding (swc-node, @swc/core) mapped into it. */
function swcFiles(pid: number): string[] {
  return processView(pid).mappedFiles.filter((file) => /swc/i.test(file));
}

function jsFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .flatMap((entry) => (entry.isFile() && entry.name.endsWith('.js') ? [path.join(entry.parentPath, entry.name)] : []));
}

describe('the production build', () => {
  const root = repoRoot();
  // A folder of its own under the repository's tmp/ (ignored by git), where node_modules resolves.
  let build: string;
  let database: TestDatabase;
  let system: RunningServices | undefined;

  beforeAll(async () => {
    build = await buildForProcesses(`build-${process.pid}-${Date.now()}`);
    database = await createTestDatabase();
    const prefix = uniqueTopicPrefix('build');
    await createTopicsForPrefix(prefix, topicNames(prefix));
    const env = testEnvironment();
    system = await startAllServices(
      {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        IPLEDGER_JWT_PUBLIC_KEY: env.jwtPublicKey,
        IPLEDGER_JWT_PRIVATE_KEY: env.jwtPrivateKey,
        IPLEDGER_LEDGER_PUBLIC_KEY: env.ledgerPublicKey,
        IPLEDGER_LEDGER_SIGNING_KEY: env.ledgerSigningKey,
        IPLEDGER_AUDIT_PUBLIC_KEY: env.auditPublicKey,
        IPLEDGER_AUDIT_SIGNING_KEY: env.auditSigningKey,
        IPLEDGER_DEMO_PASSWORD: DEMO_PASSWORD,
      },
      { build },
    );
  }, 240_000);

  afterAll(async () => {
    await system?.stop();
    await database?.drop();
    if (build !== undefined) removeBuild(build);
  });

  it('compiles every service, the CLI and the console, with no alias left to resolve', () => {
    for (const name of APP_NAMES) expect(fs.existsSync(builtServiceMain(build, name))).toBe(true);
    expect(fs.existsSync(path.join(build, 'apps', 'cli', 'src', 'main.js'))).toBe(true);
    expect(fs.existsSync(path.join(build, 'apps', 'console', 'dist', 'index.html'))).toBe(true);
    expect(jsFilesUnder(build).filter((file) => /\.spec\.js$|test-support/.test(file))).toEqual([]);
    const aliased = jsFilesUnder(path.join(build, 'services')).filter((file) =>
      /require\("@ipledger\//.test(fs.readFileSync(file, 'utf8')),
    );
    expect(aliased).toEqual([]);
  });

  it('runs every service from the build with plain node: no preloaded module, no swc, /health/live 200', async () => {
    for (const service of system!.services) {
      const { argv, env } = processView(service.process.pid);
      expect(argv.slice(1)).toEqual(['--enable-source-maps', ...SERVICE_HEAP_FLAGS, builtServiceMain(build, service.name)]);
      expect(env['NODE_OPTIONS']).toBeUndefined();
      expect(env['SWC_NODE_PROJECT']).toBeUndefined();
      expect({ service: service.name, swc: swcFiles(service.process.pid) }).toEqual({ service: service.name, swc: [] });
      const live = await fetch(`${service.url}/health/live`);
      expect({ service: service.name, status: live.status }).toEqual({ service: service.name, status: 200 });
    }
    const ready = await fetch(`${system!.gatewayUrl}/health`);
    expect(ready.status).toBe(200);
  });

  it('would see swc in a process started through swc-node (the check above can fail)', async () => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', '-e', 'setTimeout(() => {}, 30000); process.stdout.write("up\\n")'],
      {
        cwd: root,
        env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json') },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(swcFiles(child.pid!).length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('answers a log-in through the gateway and serves the built console', async () => {
    const login = await fetch(`${system!.gatewayUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'wang.fang', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { accessToken?: unknown }).accessToken).toEqual(expect.any(String));
    const page = await fetch(`${system!.gatewayUrl}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(fs.readFileSync(path.join(build, 'apps', 'console', 'dist', 'index.html'), 'utf8'));
  });

  it('runs the compiled CLI against the gateway', async () => {
    const cli = path.join(build, 'apps', 'cli', 'src', 'main.js');
    const { stdout } = await run(
      process.execPath,
      [
        cli,
        'ledger',
        'balances',
        '--base-url',
        system!.gatewayUrl,
        '--user',
        'wang.fang',
        '--password',
        DEMO_PASSWORD,
        '--format',
        'csv',
        '--retry-for',
        '0',
      ],
      { cwd: root, env: { ...process.env, NODE_OPTIONS: undefined, SWC_NODE_PROJECT: undefined }, timeout: 30_000 },
    );
    expect(stdout.split(/\r?\n/)[0]).toMatch(/^\uFEFF?account,type,debits,credits,balance/);
  });
});
