// A production build (scripts/build.mjs) for a run of tests that start the services as processes:
// the fault suite and the integration tests' e2e scenarios run every service from plain JavaScript,
// as a deployment does, instead of compiling its TypeScript in each process at every start (about
// half a service's start-up CPU, measured: 1.7 s against 3.2 s; docs/performance.md). Inside the
// repository's ignored tmp/ folder, so that the build resolves node_modules as dist/ does; a run's
// own folder, so runs side by side do not replace each other's. About 1.5 s for the whole tree.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';
import { runCommand } from './processes';

/** Compiles every service, library and the CLI into `<repo>/tmp/<name>` (replaced); returns the folder. */
export async function buildForProcesses(name: string): Promise<string> {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name))
    throw new Error(`build folder name "${name}": lower-case letters, digits, '.', '_' and '-' only`);
  const root = repoRoot();
  const out = path.join(root, 'tmp', name);
  await runCommand('scripts/build.mjs', process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--out', out], {
    cwd: root,
    timeoutMs: 120_000,
  });
  return out;
}

/** Removes a folder buildForProcesses made (nothing when it is gone already). */
export function removeBuild(folder: string): void {
  const tmp = path.join(repoRoot(), 'tmp');
  if (path.dirname(path.resolve(folder)) !== tmp) throw new Error(`${folder} is not a build of buildForProcesses (under ${tmp})`);
  fs.rmSync(folder, { recursive: true, force: true });
}
