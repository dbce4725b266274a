// Each service's generated client is its own: no file outside services/<name> imports
// services/<name>/src/database.ts or its generated client, and inside a service only
// database.ts imports the generated code. (Lint says the same through the Nx module boundaries
// and no-restricted-imports; this test fails even where lint is not run.)
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const SCANNED = ['services', 'libs', 'apps/cli', 'tests', 'scripts'];
const SKIPPED = new Set(['node_modules', 'generated', 'dist']);

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : sourceFiles(full);
    return /\.(ts|mts|cts|mjs|cjs|js)$/.test(entry.name) ? [full] : [];
  });
}

/** Relative module specifiers of import/export/require/import() statements. */
function relativeImports(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"](\.[^'"]*)['"]/g;
  for (const match of source.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

/** The service whose client a path is part of: services/<name>/src/database(.ts) or …/src/generated/…. */
function clientOwner(target: string): string | undefined {
  const relative = path.relative(root, target).split(path.sep).join('/');
  const match = /^services\/([^/]+)\/src\/(database(?:\.ts)?$|generated(?:\/|$))/.exec(relative);
  return match?.[1];
}

function serviceOf(file: string): string | undefined {
  return /^services\/([^/]+)\//.exec(path.relative(root, file).split(path.sep).join('/'))?.[1];
}

describe("each service's Prisma client", () => {
  const files = SCANNED.flatMap((dir) => sourceFiles(path.join(root, dir)));

  it('scans the sources', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((file) => file.endsWith(path.join('services', 'ledger', 'src', 'database.ts')))).toBe(true);
  });

  it("is imported only by its own service's files", () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const specifier of relativeImports(fs.readFileSync(file, 'utf8'))) {
        const owner = clientOwner(path.resolve(path.dirname(file), specifier));
        if (owner !== undefined && owner !== serviceOf(file)) {
          violations.push(`${path.relative(root, file)} imports ${specifier} (the ${owner} service's client)`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('is reached through database.ts: no other file imports the generated code', () => {
    const violations: string[] = [];
    for (const file of files) {
      if (path.basename(file) === 'database.ts' && serviceOf(file) !== undefined) continue;
      for (const specifier of relativeImports(fs.readFileSync(file, 'utf8'))) {
        const target = path
          .relative(root, path.resolve(path.dirname(file), specifier))
          .split(path.sep)
          .join('/');
        if (/^services\/[^/]+\/src\/generated(\/|$)/.test(target)) violations.push(`${path.relative(root, file)} imports ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('recognises a violation (the check itself can fail)', () => {
    const fromLending = path.join(root, 'services', 'lending', 'src', 'lending.service.ts');
    const owner = clientOwner(
      path.resolve(path.dirname(fromLending), relativeImports("import { PrismaClient } from '../../ledger/src/database';")[0] as string),
    );
    expect(owner).toBe('ledger');
    expect(owner).not.toBe(serviceOf(fromLending));
  });
});
