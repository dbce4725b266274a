// The shared outbox/inbox/idempotency models have ONE definition (prisma/shared/messaging.prisma):
// every service's services/<name>/prisma/messaging.prisma must be exactly what
// `node scripts/prisma.mjs shared` writes from it, so a hand edit of one copy fails here.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = path.resolve(__dirname, '..', '..', '..', '..');

function sharedCheck(root = repo): { ok: boolean; output: string } {
  const script = path.join(root, 'scripts', 'prisma.mjs');
  try {
    return {
      ok: true,
      output: execFileSync(process.execPath, [script, 'shared', '--check'], { cwd: root, encoding: 'utf8', stdio: 'pipe' }),
    };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

describe('the shared messaging models', () => {
  it("match the template in every service's schema folder", () => {
    const result = sharedCheck();
    expect(result.output).toContain('matches prisma/shared/messaging.prisma');
    expect(result.ok).toBe(true);
  });

  it('a copy edited by hand is reported, naming the service', () => {
    // On a copy of the layout, so the repository's files are never touched.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-shared-'));
    try {
      for (const file of [
        'scripts/prisma.mjs',
        'scripts/lib/prisma-layout.mjs',
        'prisma/services.json',
        'prisma/shared/messaging.prisma',
      ]) {
        fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
        fs.copyFileSync(path.join(repo, file), path.join(copy, file));
      }
      for (const service of fs.readdirSync(path.join(repo, 'services'))) {
        const shared = path.join(repo, 'services', service, 'prisma', 'messaging.prisma');
        if (!fs.existsSync(shared)) continue;
        fs.mkdirSync(path.join(copy, 'services', service, 'prisma'), { recursive: true });
        fs.copyFileSync(shared, path.join(copy, 'services', service, 'prisma', 'messaging.prisma'));
      }
      expect(sharedCheck(copy).ok).toBe(true);

      const edited = path.join(copy, 'services', 'audit', 'prisma', 'messaging.prisma');
      fs.writeFileSync(
        edited,
        fs.readFileSync(edited, 'utf8').replace('attempts    Int       @default(0)', 'attempts    Int       @default(1)'),
      );
      const result = sharedCheck(copy);
      expect(result.ok).toBe(false);
      expect(result.output).toMatch(/services\/\{audit\}\/prisma\/messaging\.prisma differ/);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
