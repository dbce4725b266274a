// What the gateway's proxy hands a service and the caller, in front of a real HTTP upstream that
// records what it got: the ids, one X-Forwarded-For, no hop-by-hop header either way, the whole
// path; and a caller that leaves while the service is still answering takes the upstream request down.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadGatewayConfig } from './gateway.config';
import { createGatewayApp } from './gateway-app';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('the gateway proxy', () => {
  const seen: Seen[] = [];
  let upstreamClosedEarly = 0;
  const upstream: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      if (request.url?.startsWith('/api/loans/slow')) {
        response.on('close', () => void (response.writableFinished || upstreamClosedEarly++));
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"partial":');
        return;
      }
      response.writeHead(201, { 'content-type': 'application/json', 'x-from-service': 'yes', 'proxy-connection': 'keep-alive' });
      response.end('{"ok":true}');
    });
  });
  let gateway: NestExpressApplication;
  let port: number;

  beforeAll(async () => {
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const service = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const urls = [
      'PLEDGE_REGISTRATION_URL',
      'VALUATION_URL',
      'LENDING_URL',
      'LEDGER_URL',
      'RISK_COMPENSATION_URL',
      'IDENTITY_URL',
      'AUDIT_URL',
      'STATISTICS_URL',
    ];
    gateway = await createGatewayApp(
      loadGatewayConfig({
        IPLEDGER_PORT: '0',
        LOG_LEVEL: 'silent',
        UPSTREAM_TIMEOUT_MS: '2000',
        ...Object.fromEntries(urls.map((name) => [name, service])),
      }),
    );
    await gateway.listen(0, '127.0.0.1');
    port = (gateway.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    const server = gateway.getHttpServer() as Server;
    const closing = gateway.close();
    server.closeAllConnections();
    await closing;
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  /** One request from 127.0.0.1 (a trusted proxy by default) with exactly these headers. */
  function send(method: string, path: string, headers: Record<string, string>, body?: string) {
    return new Promise<{ status: number; headers: IncomingHttpHeaders; text: string }>((resolve, reject) => {
      const outgoing = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (answer) => {
        let text = '';
        answer.on('data', (chunk: Buffer) => (text += chunk.toString()));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, text }));
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  it('hands the service the whole path, new ids, one X-Forwarded-For and no body for a GET; the answer as it came, without hop-by-hop headers', async () => {
    const answer = await send('GET', '/api/loans?status=active', {
      'x-forwarded-for': '203.0.113.9, 198.51.100.7',
      te: 'trailers',
      'keep-alive': 'timeout=9',
    });
    expect([answer.status, answer.text, answer.headers['x-from-service'], answer.headers['proxy-connection']]).toEqual([
      201,
      '{"ok":true}',
      'yes',
      undefined,
    ]);
    const got = seen.at(-1);
    expect(got).toMatchObject({ method: 'GET', url: '/api/loans?status=active', body: '' });
    const headers = got?.headers ?? {};
    expect(headers['x-forwarded-for']).toBe('198.51.100.7'); // the nearest address not a trusted proxy, alone
    expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['x-correlation-id']).toBe(headers['x-request-id']);
    expect(headers['content-length']).toBe('0');
    expect(headers.host).toBe(`127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    expect([headers.te, headers['keep-alive'], headers['transfer-encoding']]).toEqual([undefined, undefined, undefined]);
  });

  it('keeps the caller’s ids and streams a body on', async () => {
    const body = JSON.stringify({ pledgeId: 'plg_1', amount: '1250000.00' });
    const answer = await send(
      'POST',
      '/api/loans',
      { 'content-type': 'application/json', 'x-request-id': 'req-7', 'x-correlation-id': 'corr-7', 'ipledger-after': 'LoanApplied:e1' },
      body,
    );
    expect(answer.status).toBe(201);
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/api/loans',
      body,
      headers: {
        'x-request-id': 'req-7',
        'x-correlation-id': 'corr-7',
        'ipledger-after': 'LoanApplied:e1',
        'content-length': String(body.length),
      },
    });
  });

  it('stops the upstream request when the caller leaves while the service is still answering', async () => {
    await new Promise<void>((resolve) => {
      const outgoing = httpRequest({ host: '127.0.0.1', port, method: 'GET', path: '/api/loans/slow', agent: false }, (answer) => {
        answer.once('data', () => {
          outgoing.destroy();
          resolve();
        });
      });
      outgoing.on('error', () => undefined);
      outgoing.end();
    });
    for (let waited = 0; upstreamClosedEarly === 0 && waited < 3_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(upstreamClosedEarly).toBe(1);
  });
});
