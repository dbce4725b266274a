// The image (infra/container/Dockerfile; no Docker here: its stages are read, its entry point run):
// multi-stage with production dependencies and dist/ only in the runtime stage, a non-root user, and
// an entry point that maps its first argument to a service's compiled main or to the CLI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, SERVICE_HEAP_FLAGS } from '@ipledger/devstack';

const root = repoRoot();
const ENTRYPOINT = path.join(root, 'infra', 'container', 'entrypoint.sh');

/** The Dockerfile's instructions per stage (continuation lines joined, comments dropped). */
function stages(): Map<string, string[]> {
  const text = fs.readFileSync(path.join(root, 'infra', 'container', 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const result = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n').map((raw) => raw.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const from = /^FROM\s+\S+\s+AS\s+(\S+)$/i.exec(line);
    if (from?.[1] !== undefined) {
      current = [];
      result.set(from[1], current);
    } else {
      current?.push(line);
    }
  }
  return result;
}

describe('the image', () => {
  it('builds in stages: every dependency to build, production dependencies and dist/ to run, as a non-root user', () => {
    const all = stages();
    expect([...all.keys()]).toEqual(['deps', 'build', 'runtime']);
    expect(all.get('deps')).toContain('RUN npm ci --no-audit --no-fund');
    expect(all.get('build')).toEqual(expect.arrayContaining(['COPY . .', 'RUN npm run build']));
    const runtime = all.get('runtime') ?? [];
    expect(runtime.some((line) => /^RUN npm ci --omit=dev\b/.test(line))).toBe(true);
    const copies = runtime.filter((line) => line.startsWith('COPY'));
    expect(copies).toEqual([
      'COPY package.json package-lock.json ./',
      'COPY --from=build /app/dist ./dist',
      'COPY infra/container/entrypoint.sh /usr/local/bin/ipledger',
    ]);
    const user = runtime.filter((line) => line.startsWith('USER ')).at(-1);
    expect(user).toBe('USER node');
    expect(runtime).toContain('ENTRYPOINT ["/usr/local/bin/ipledger"]');
    // dist/ must not be in the build context (the build stage makes its own).
    expect(fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['node_modules', 'dist', '.ipledger']),
    );
  });

  describe('its entry point', () => {
    let app: string;
    const runWith = (env: Record<string, string>, ...args: string[]) =>
      spawnSync('/bin/sh', [ENTRYPOINT, ...args], { encoding: 'utf8', env: { PATH: process.env['PATH'], IPLEDGER_APP_DIR: app, ...env } });
    const run = (...args: string[]) => runWith({}, ...args);

    beforeAll(() => {
      // A stand-in build: each main prints what it was started as.
      app = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-entrypoint-'));
      const main = (relative: string) => {
        fs.mkdirSync(path.join(app, 'dist', path.dirname(relative)), { recursive: true });
        fs.writeFileSync(
          path.join(app, 'dist', relative),
          'console.log(JSON.stringify({ main: process.argv[1], args: process.argv.slice(2), execArgv: process.execArgv }));\n',
        );
      };
      main('services/ledger/src/main.js');
      main('services/gateway/src/main.js');
      main('apps/cli/src/main.js');
    });
    afterAll(() => fs.rmSync(app, { recursive: true, force: true }));

    it('starts a service by its name with plain node and the heap limits every started service has', () => {
      const started = run('ledger');
      expect(started.status).toBe(0);
      expect(JSON.parse(started.stdout)).toEqual({
        main: path.join(app, 'dist/services/ledger/src/main.js'),
        args: [],
        execArgv: ['--enable-source-maps', ...SERVICE_HEAP_FLAGS],
      });
    });

    it('gives a service the old space IPLEDGER_MAX_OLD_SPACE_MIB says', () => {
      const started = runWith({ IPLEDGER_MAX_OLD_SPACE_MIB: '512' }, 'ledger');
      expect(started.status).toBe(0);
      expect((JSON.parse(started.stdout) as { execArgv: string[] }).execArgv).toContain('--max-old-space-size=512');
    });

    it('runs the CLI with its arguments', () => {
      const cli = run('cli', 'stats', '--year', '2025');
      expect(cli.status).toBe(0);
      expect(JSON.parse(cli.stdout)).toEqual({
        main: path.join(app, 'dist/apps/cli/src/main.js'),
        args: ['stats', '--year', '2025'],
        execArgv: ['--enable-source-maps'],
      });
    });

    it('refuses an unknown name, or none, listing the services', () => {
      for (const args of [['nope'], ['../gateway'], []]) {
        const refused = run(...args);
        expect({ args, status: refused.status }).toEqual({ args, status: 2 });
        expect(refused.stderr).toContain('  gateway\n  ledger\n');
      }
      expect(run('help').stdout).toContain('services:\n  gateway\n  ledger\n');
    });
  });
});
