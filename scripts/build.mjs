#!/usr/bin/env node
// `npm run build` (after the Prisma clients and build:console): the production build. Every service, every library they
// use and the CLI compiled to plain CommonJS JavaScript, so they start with plain `node` and no
// TypeScript tooling at run time:
//
//   node scripts/build.mjs [--out <folder>]      default dist/ (ignored by git); the folder is replaced
//   node scripts/build.mjs --project <root>      one project (services/lending, libs/money, …) into
//                                                <out>/<root>, which alone is replaced: Nx's `build`
//                                                target, cached per project (`npx nx run-many -t build`)
//
// Every .ts under services/*/src, libs/*/src and apps/cli/src (the generated Prisma clients
// included) is transpiled file by file with @swc/core into the same tree under the output folder:
// decorator metadata for NestJS (legacy decorators), the @ipledger/* aliases of tsconfig.base.json
// rewritten to relative paths, source maps beside each file. Left out: specs, test-support folders
// and libs/testing (test-only). Copied as they are: the built web console (apps/console/dist, which
// the gateway serves from dist/apps/console/dist). This does not type-check: `tsc --noEmit` does.
//
//   node dist/services/<name>/src/main.js        a service (the same environment as under npm start)
//   node dist/apps/cli/src/main.js …             the CLI
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { transformFile } from '@swc/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_ROOTS = ['services/*/src', 'libs/*/src', 'apps/cli/src'];
const SKIPPED_DIRS = new Set(['test-support', 'node_modules']);
const SKIPPED_LIBS = new Set(['testing']);
const ASSETS = [{ from: 'apps/console/dist', required: 'index.html', hint: 'npm run build:console', usedBy: 'services/gateway' }];
const CONCURRENCY = 16;

const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' }, project: { type: 'string' } } });
const out = path.resolve(root, values.out);
const project = values.project?.replace(/\/+$/, '');
if (project !== undefined && !SOURCE_ROOTS.flatMap(expand).includes(`${project}/src`)) {
  console.error(`build: ${project} is not a project the build compiles (${SOURCE_ROOTS.join(', ')})`);
  process.exit(2);
}
// The folder is emptied first: never the repository (or a folder holding it), never a project.
const holdsRoot = !path.relative(out, root).startsWith('..');
if (holdsRoot || fs.existsSync(path.join(out, 'package.json')) || fs.existsSync(path.join(out, '.git'))) {
  console.error(`build: refusing to empty ${out}: give --out a folder of its own`);
  process.exit(2);
}

/** The aliases of tsconfig.base.json, for swc (it rewrites them to relative paths). */
function aliases() {
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  return Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, targets]) => [alias, targets]));
}

/** `services/*​/src` → every existing folder it names. */
function expand(pattern) {
  const [parent, , child] = pattern.split('/');
  if (!pattern.includes('*')) return [pattern];
  return fs
    .readdirSync(path.join(root, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !(parent === 'libs' && SKIPPED_LIBS.has(entry.name)))
    .map((entry) => `${parent}/${entry.name}/${child}`)
    .filter((dir) => fs.existsSync(path.join(root, dir)));
}

function isSource(name) {
  return name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.spec.ts');
}

function sourcesUnder(dir) {
  const files = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...sourcesUnder(relative));
    } else if (isSource(entry.name)) {
      files.push(relative);
    }
  }
  return files;
}

function swcOptions(file, paths) {
  return {
    filename: path.join(root, file),
    sourceMaps: true,
    sourceFileName: path.relative(path.dirname(path.join(out, file)), path.join(root, file)),
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      baseUrl: root,
      paths,
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  };
}

async function compile(file, paths) {
  const output = await transformFile(path.join(root, file), swcOptions(file, paths));
  const target = path.join(out, file.replace(/\.ts$/, '.js'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${output.code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
  if (output.map) fs.writeFileSync(`${target}.map`, output.map);
}

/** Each service's Prisma client is generated TypeScript (ignored by git): it must be there to be compiled. */
function assertPrismaClients() {
  const projects =
    project !== undefined
      ? [project]
      : ['services', 'libs'].flatMap((parent) => fs.readdirSync(path.join(root, parent)).map((name) => `${parent}/${name}`));
  const missing = projects
    .filter((project) => fs.existsSync(path.join(root, project, 'prisma', 'schema.prisma')))
    .filter((project) => !fs.existsSync(path.join(root, project, 'src', 'generated', 'client.ts')));
  if (missing.length > 0)
    throw new Error(`no generated Prisma client in ${missing.join(', ')}: run \`node scripts/prisma.mjs generate\` first`);
}

function copyAssets() {
  for (const asset of ASSETS.filter((candidate) => project === undefined || candidate.usedBy === project)) {
    const from = path.join(root, asset.from);
    if (!fs.existsSync(path.join(from, asset.required))) {
      throw new Error(`${asset.from}/${asset.required} is missing: run \`${asset.hint}\` first`);
    }
    fs.cpSync(from, path.join(out, asset.from), { recursive: true, dereference: true });
  }
}

async function main() {
  const started = Date.now();
  assertPrismaClients();
  const paths = aliases();
  const files = (project === undefined ? SOURCE_ROOTS.flatMap(expand) : [`${project}/src`]).flatMap(sourcesUnder);
  const replaced = project === undefined ? out : path.join(out, project);
  fs.rmSync(replaced, { recursive: true, force: true });
  fs.mkdirSync(replaced, { recursive: true });
  for (let i = 0; i < files.length; i += CONCURRENCY) {
    await Promise.all(files.slice(i, i + CONCURRENCY).map((file) => compile(file, paths)));
  }
  copyAssets();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`build: ${files.length} files compiled into ${path.relative(process.cwd(), replaced) || '.'} in ${seconds} s`);
}

main().catch((error) => {
  console.error(`build: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
