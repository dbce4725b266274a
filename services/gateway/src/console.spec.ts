import express from 'express';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { consoleHandler, CONSOLE_CSP } from './console';

describe('the web console at the base URL', () => {
  let dist: string;
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let base: string;

  beforeAll(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><div id="app"></div><script type="module" src="/assets/app.js"></script>',
    );
    fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1);');
    const app = express();
    const handler = consoleHandler(dist);
    if (handler === undefined) throw new Error('expected a handler');
    app.use(handler);
    app.use((_request, response) => {
      response.json({ landing: true });
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dist, { recursive: true, force: true });
  });

  const html = { accept: 'text/html,application/xhtml+xml' };

  test('a browser gets index.html at "/" and at client routes, with the console CSP', async () => {
    for (const route of ['/', '/stats', '/bureau/claims/clm_1']) {
      const answer = await fetch(`${base}${route}`, { headers: html });
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain('<div id="app">');
      expect(answer.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    }
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toContain("'unsafe-eval'");
  });

  test('serves the built assets, and 404 for a missing one', async () => {
    const script = await fetch(`${base}/assets/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
  });

  test('leaves /api, /docs, /health and non-browser requests to the gateway', async () => {
    for (const route of ['/api/pledges', '/docs', '/health']) {
      expect(await (await fetch(`${base}${route}`, { headers: html })).json()).toEqual({ landing: true });
    }
    expect(await (await fetch(`${base}/`, { headers: { accept: 'application/json' } })).json()).toEqual({ landing: true });
  });

  test('does nothing without a build', () => {
    expect(consoleHandler(path.join(dist, 'missing'))).toBeUndefined();
  });
});
