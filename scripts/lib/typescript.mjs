// Loads the repository's TypeScript (libs/*, scripts/*.ts) from plain node scripts: registers
// @swc-node/register with tsconfig.base.json (path aliases, decorator metadata) and requires.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(repoRoot, 'package.json'));
let registered = false;

/** require() of a TypeScript module, path relative to the repository root. */
export function requireTs(relativePath) {
  if (!registered) {
    process.env.SWC_NODE_PROJECT ??= path.join(repoRoot, 'tsconfig.base.json');
    require('@swc-node/register');
    registered = true;
  }
  return require(path.join(repoRoot, relativePath));
}

/** Arguments that make a node child process load TypeScript the same way. */
export function tsNodeArgs() {
  return ['--enable-source-maps', '-r', '@swc-node/register'];
}

export function tsNodeEnv(env = process.env) {
  return { ...env, SWC_NODE_PROJECT: path.join(repoRoot, 'tsconfig.base.json') };
}
