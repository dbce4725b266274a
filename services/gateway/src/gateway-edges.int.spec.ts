// The gateway's edges, in-process, in front of a real service (the service kit on the test
// PostgreSQL) and of upstreams that misbehave: one down, one answering garbage, one never answering.
// Whatever comes in or back, the caller gets a 4xx or a 502/504 in the standard error body, never
// cached, and the gateway keeps serving. The fuzz is seeded (FUZZ_SEED=… replays another).
import { Agent, request as httpRequest } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ERROR_CODES, ErrorBody } from '@ipledger/contracts';
import { SqlPrismaClient } from '@ipledger/db';
import { createServiceApp, loadConfig, MAX_JSON_DEPTH, REQUEST_BODY_LIMIT_BYTES, ServiceConfigSchema } from '@ipledger/service-kit';
import { actingAs, malformedRequests, sendRaw, serviceUnderTest, type MalformedRequest, type RawAnswer } from '@ipledger/testing';
import { loadGatewayConfig } from './gateway.config';
import { createGatewayApp } from './gateway-app';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 300);
const APPRAISER = actingAs({ orgId: 'appraiser-cq', role: 'appraiser' });

/** A service with the whole service kit (body reading, guards, errors) and no routes of its own. */
@Module({})
class NoRoutesModule {}

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A URL where nothing listens (a service that is down). */
async function closedPort(): Promise<string> {
  const server = createServer();
  const url = await listening(server);
  await new Promise((resolve) => server.close(resolve));
  return url;
}

function problemWith(request: MalformedRequest, answer: RawAnswer): string | undefined {
  if (answer.status >= 500 || answer.status < 400) return `status ${answer.status}`;
  if (answer.headers['cache-control'] !== 'no-store') return `cache-control ${String(answer.headers['cache-control'])}`;
  if (request.method !== 'HEAD') {
    const body = ErrorBody.safeParse(answer.json);
    if (!body.success || body.data.error.status !== answer.status) return `not the standard error body: ${answer.text.slice(0, 200)}`;
    if (!ERROR_CODES.includes(body.data.error.code)) return `unknown code ${body.data.error.code}`;
  }
  const code = (answer.json as ErrorBody | undefined)?.error.code;
  if (request.expect && (answer.status !== request.expect.status || code !== request.expect.code)) {
    return `expected ${request.expect.status} ${request.expect.code}, got ${answer.status} ${String(code)}`;
  }
  return undefined;
}

describe('the gateway in front of a real service and of misbehaving ones', () => {
  const upstream = serviceUnderTest(
    { service: 'valuation', schema: 'valuation', prismaClient: SqlPrismaClient },
    { createApp: (definition, env) => createServiceApp({ ...definition, module: NoRoutesModule }, loadConfig(ServiceConfigSchema, env)) },
  );
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const garbage = createServer((socket) => {
    track(socket);
    socket.end('THIS IS NOT HTTP\r\n\r\n');
  });
  const silent = createServer(track);
  let gateway: NestExpressApplication;
  let gatewayUrl: string;

  beforeAll(async () => {
    const service = upstream.baseUrl;
    const config = loadGatewayConfig({
      IPLEDGER_PORT: '0',
      LOG_LEVEL: 'silent',
      // Long enough for the real upstream's slowest answer on a loaded CI machine; the silent one still ends in a 504.
      UPSTREAM_TIMEOUT_MS: '3000',
      PLEDGE_REGISTRATION_URL: service,
      VALUATION_URL: service,
      LENDING_URL: service,
      IDENTITY_URL: service,
      AUDIT_URL: service,
      LEDGER_URL: await closedPort(),
      RISK_COMPENSATION_URL: await listening(garbage),
      STATISTICS_URL: await listening(silent),
    });
    gateway = await createGatewayApp(config);
    await gateway.listen(0, '127.0.0.1');
    gatewayUrl = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    const closed = Promise.all([garbage, silent].map((server) => new Promise((resolve) => server.close(resolve))));
    for (const socket of sockets) socket.destroy();
    await closed;
    if (gateway !== undefined) {
      const server = gateway.getHttpServer() as import('node:http').Server;
      const closing = gateway.close();
      server.closeAllConnections();
      await closing;
    }
  });

  const get = (path: string, headers: Record<string, string> = {}) => sendRaw(gatewayUrl, { kind: 'get', method: 'GET', path, headers });

  it(`answers ${REQUESTS} malformed requests through the gateway with a 4xx in the standard error body, never cached (seed ${SEED})`, async () => {
    const requests = malformedRequests({
      seed: SEED,
      count: REQUESTS,
      jsonRoute: { method: 'POST', path: '/api/valuations' },
      authorization: APPRAISER.authorization,
      limitBytes: REQUEST_BODY_LIMIT_BYTES,
      maxDepth: MAX_JSON_DEPTH,
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const failures: string[] = [];
    const byStatus: Record<number, number> = {};
    for (const request of requests) {
      const answer = await sendRaw(gatewayUrl, request, { agent }).catch((error: unknown) => ({
        status: 0,
        headers: {},
        text: String(error),
        json: undefined,
      }));
      byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
      const problem = answer.status === 0 ? `no answer: ${answer.text}` : problemWith(request, answer);
      if (problem) failures.push(`${request.kind} (${request.method} ${request.path.slice(0, 80)}): ${problem}`);
    }
    agent.destroy();
    console.log(
      `gateway edge fuzz (seed ${SEED}, replay with FUZZ_SEED=${SEED}): ${requests.length} requests; by status ${JSON.stringify(byStatus)}; ${failures.length} failing`,
    );
    expect({ seed: SEED, failing: failures.slice(0, 10) }).toEqual({ seed: SEED, failing: [] });
  }, 180_000);

  it.each([
    ['down', '/api/ledger/trial-balance', 502],
    ['answering something that is not HTTP', '/api/policies', 502],
    ['never answering', '/api/statistics/annual', 504],
  ] as const)('answers for a service %s (%s) with %i service-unavailable, retryable, in the standard body', async (_what, path, status) => {
    const answer = await get(path, APPRAISER);
    expect(answer.status).toBe(status);
    expect(answer.json).toMatchObject({ error: { status, code: 'service-unavailable', retryable: true } });
    expect(ErrorBody.safeParse(answer.json).success).toBe(true);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['retry-after']).toBe('2');
  });

  it('answers 404 outside /api and 405 for a method a path does not have, in the one error body, never cached', async () => {
    for (const path of ['/nope', '/docs/nope', '/docs/assets/nope.js', '/api/nope', '/health/nope']) {
      const answer = await get(path);
      expect({ path, status: answer.status, body: answer.json }).toMatchObject({
        path,
        status: 404,
        body: { error: { status: 404, code: 'not-found' } },
      });
      expect(ErrorBody.safeParse(answer.json).success).toBe(true);
      expect(answer.headers['cache-control']).toBe('no-store');
    }
    const wrongMethod = await sendRaw(gatewayUrl, { kind: '405', method: 'PUT', path: '/api/pledges', headers: {} });
    expect([wrongMethod.status, wrongMethod.headers.allow]).toEqual([405, 'GET, HEAD, POST']);
    expect(wrongMethod.json).toMatchObject({ error: { status: 405, code: 'method-not-allowed' } });
  });

  it('marks every /api and /health answer no-store, the service’s and its own', async () => {
    const proxied = await get('/api/valuations/val_ffffffffffff0fff8fffffffffffffff', APPRAISER);
    expect(proxied.status).toBe(404); // the upstream here has no routes: its own 404, passed on
    expect([proxied.headers['cache-control'], proxied.headers.pragma]).toEqual(['no-store', 'no-cache']);
    const health = await get('/health');
    expect(health.headers['cache-control']).toBe('no-store');
  });

  it('keeps serving after callers that go away mid-body, and stops the upstream request', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      await new Promise<void>((resolve) => {
        const url = new URL(gatewayUrl);
        const outgoing = httpRequest({
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/api/valuations',
          headers: { 'content-type': 'application/json', 'content-length': '5000' },
        });
        outgoing.on('error', () => resolve());
        outgoing.write('{"pledgeId":"');
        setTimeout(() => {
          outgoing.destroy();
          resolve();
        }, 20);
      });
    }
    const after = await sendRaw(gatewayUrl, {
      kind: 'after',
      method: 'POST',
      path: '/api/valuations',
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from('x'),
    });
    expect(after.json).toMatchObject({ error: { status: 415, code: 'unsupported-media-type' } });
  });
});
