// The shutdown sequence's order and its ways of ending, on a stand-in app (the real process is
// covered by tests/e2e/graceful-shutdown.e2e.spec.ts): readiness first, then HTTP, then the app's
// own close; exit 0 when all went well, 1 on a failed step, a second signal or a hang.
import { createServer, type Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import pino from 'pino';
import { installGracefulShutdown } from './graceful-shutdown';
import { ServiceState } from './service-state';
import { SERVICE_STATE } from './tokens';

const SIGNAL = 'SIGUSR2';
const logger = pino({ level: 'silent' });

function standInApp(server: Server, close: () => Promise<void>): { app: INestApplication; state: ServiceState; steps: string[] } {
  const state = new ServiceState();
  const steps: string[] = [];
  server.on('close', () => steps.push(`http closed (shutting down: ${String(state.shuttingDown)})`));
  const app = {
    get: (token: unknown) => {
      if (token !== SERVICE_STATE) throw new Error('unexpected token');
      return state;
    },
    getHttpServer: () => server,
    close: async () => {
      steps.push('app.close');
      await close();
    },
  } as unknown as INestApplication;
  return { app, state, steps };
}

function exitCode(): { exit: (code: number) => void; code: Promise<number> } {
  let resolve: (code: number) => void = () => undefined;
  const code = new Promise<number>((done) => (resolve = done));
  return { exit: (value) => resolve(value), code };
}

describe('installGracefulShutdown', () => {
  let server: Server;
  let uninstall: (() => void) | undefined;

  beforeEach(async () => {
    server = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(() => {
    uninstall?.();
    if (server.listening) server.close();
  });

  it('marks not ready, closes HTTP, then closes the app, and exits 0', async () => {
    const { app, state, steps } = standInApp(server, async () => undefined);
    const { exit, code } = exitCode();
    uninstall = installGracefulShutdown(app, logger, { timeoutMs: 10_000, readinessDelayMs: 0, signals: [SIGNAL], exit });
    process.emit(SIGNAL, SIGNAL);
    expect(await code).toBe(0);
    expect(state.shuttingDown).toBe(true);
    expect(steps).toEqual(['http closed (shutting down: true)', 'app.close']);
  });

  it('exits 1 when a step fails', async () => {
    const { app } = standInApp(server, async () => {
      throw new Error('producer would not disconnect');
    });
    const { exit, code } = exitCode();
    uninstall = installGracefulShutdown(app, logger, { timeoutMs: 10_000, readinessDelayMs: 0, signals: [SIGNAL], exit });
    process.emit(SIGNAL, SIGNAL);
    expect(await code).toBe(1);
  });

  it('exits 1 on a second signal while shutting down', async () => {
    const { app } = standInApp(server, () => new Promise<void>(() => undefined));
    const { exit, code } = exitCode();
    uninstall = installGracefulShutdown(app, logger, { timeoutMs: 10_000, readinessDelayMs: 0, signals: [SIGNAL], exit });
    process.emit(SIGNAL, SIGNAL);
    process.emit(SIGNAL, SIGNAL);
    expect(await code).toBe(1);
  });

  it('exits 1 when the shutdown does not finish within its bound', async () => {
    const { app, steps } = standInApp(server, () => new Promise<void>(() => undefined));
    const { exit, code } = exitCode();
    uninstall = installGracefulShutdown(app, logger, { timeoutMs: 50, readinessDelayMs: 0, signals: [SIGNAL], exit });
    process.emit(SIGNAL, SIGNAL);
    expect(await code).toBe(1);
    expect(steps).toContain('app.close');
  });
});
