// The fields of an access-log line: ids, route template, actor; never the token or the body.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express, { type Request, type Response } from 'express';
import pino from 'pino';
import { accessLog, accessLogFields } from './access-log';
import { attachActor } from './request-context';

function request(overrides: Partial<Request> = {}): Request {
  return {
    method: 'POST',
    originalUrl: '/api/loans/ln_1/repayments?dry=1',
    url: '/api/loans/ln_1/repayments?dry=1',
    headers: { authorization: 'Bearer secret-token', 'x-correlation-id': 'corr-1', 'x-request-id': 'req-1' },
    body: { password: 'hunter2' },
    route: { path: '/api/loans/:loanId/repayments' },
    ...overrides,
  } as unknown as Request;
}

describe('accessLogFields', () => {
  it('names the route template, status, duration, ids and actor', () => {
    const req = request();
    attachActor(req, { orgId: 'bank-cq-rural', role: 'bank', userId: 'li.wei' });
    const fields = accessLogFields(req, { statusCode: 201 } as Response, 12.345);
    expect(fields).toEqual({
      method: 'POST',
      route: '/api/loans/:loanId/repayments',
      path: '/api/loans/ln_1/repayments',
      status: 201,
      durationMs: 12.3,
      requestId: 'req-1',
      correlationId: 'corr-1',
      actorOrg: 'bank-cq-rural',
      actorRole: 'bank',
    });
    expect(JSON.stringify(fields)).not.toMatch(/secret-token|hunter2/);
  });

  it('has no route when none matched, no actor when unauthenticated, and new ids when the caller sent none', () => {
    const fields = accessLogFields(request({ headers: {}, route: undefined }), { statusCode: 404 } as Response, 1);
    expect(fields.route).toBeNull();
    expect(fields).not.toHaveProperty('actorOrg');
    expect(fields.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fields.correlationId).toBe(fields.requestId);
  });
});

describe('the access line pino-http writes', () => {
  /** An Express app with the access log first, a route that authenticates and one that never answers. */
  async function serve(level: string) {
    const records: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        records.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ level, base: { service: 'lending' } }, stream);
    const app = express();
    app.use(accessLog(logger));
    app.post('/api/loans/:loanId/repayments', (req, res) => {
      attachActor(req, { orgId: 'bank-cq-rural', role: 'bank', userId: 'li.wei' });
      res.status(201).json({ ok: true });
    });
    app.get('/health/live', (_req, res) => void res.json({ status: 'alive' }));
    app.get('/api/slow', () => undefined);
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const close = () => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      return closed;
    };
    return { records, url, close };
  }

  it('is one line with the access fields and the ids, echoes the ids, and holds no header, token or body', async () => {
    const { records, url, close } = await serve('info');
    const answer = await fetch(`${url}/api/loans/ln_1/repayments?dry=1`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer secret-token',
        'x-correlation-id': 'corr-1',
        'x-request-id': 'req-1',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ password: 'hunter2' }),
    });
    expect([answer.status, answer.headers.get('x-request-id'), answer.headers.get('x-correlation-id')]).toEqual([201, 'req-1', 'corr-1']);
    await close();
    expect(records).toHaveLength(1);
    const { time, durationMs, ...line } = records[0] ?? {};
    expect(line).toEqual({
      level: 30,
      service: 'lending',
      msg: 'http request',
      method: 'POST',
      route: '/api/loans/:loanId/repayments',
      path: '/api/loans/ln_1/repayments',
      status: 201,
      requestId: 'req-1',
      correlationId: 'corr-1',
      actorOrg: 'bank-cq-rural',
      actorRole: 'bank',
    });
    expect([typeof time, typeof durationMs]).toEqual(['number', 'number']);
    expect(JSON.stringify(records)).not.toMatch(/secret-token|hunter2|authorization/);
  });

  it('logs health probes at debug only', async () => {
    const atInfo = await serve('info');
    await fetch(`${atInfo.url}/health/live`);
    await atInfo.close();
    expect(atInfo.records).toEqual([]);
    const atDebug = await serve('debug');
    await fetch(`${atDebug.url}/health/live`);
    await atDebug.close();
    expect(atDebug.records).toMatchObject([{ level: 20, msg: 'http request', path: '/health/live', status: 200 }]);
  });

  it('marks a request the caller abandoned before the answer', async () => {
    const { records, url, close } = await serve('info');
    const abandoned = new AbortController();
    const pending = fetch(`${url}/api/slow`, { signal: abandoned.signal }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    abandoned.abort();
    await pending;
    for (let waited = 0; records.length === 0 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await close();
    expect(records).toMatchObject([{ msg: 'http request', path: '/api/slow', route: '/api/slow', aborted: true }]);
  });
});
