// Riding out a short outage: the pauses, what is safe to send again, and the CLI against a real
// local HTTP server that refuses connections, or answers 502/503 with Retry-After, a few times
// before it answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient } from './api';
import { EXIT } from './errors';
import type { Io } from './io';
import { run } from './program';
import { describeRetry, isSafeToRetry, nextDelay, retryAfterMs } from './transient-retry';

describe('transient retry rules', () => {
  it('doubles the pause from 250 ms up to 8 s, never shorter than Retry-After, and stops at the deadline', () => {
    const far = 1_000_000;
    expect([1, 2, 3, 4, 5, 6, 7, 9].map((attempt) => nextDelay(attempt, undefined, 0, far))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(nextDelay(1, 2000, 0, far)).toBe(2000);
    expect(nextDelay(5, 1000, 0, far)).toBe(4000);
    expect(nextDelay(3, undefined, 9_500, 10_000)).toBeUndefined();
    expect(nextDelay(1, 3000, 0, 2_000)).toBeUndefined();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2', 0)).toBe(2000);
    expect(retryAfterMs(new Date(5_000).toUTCString(), 1_000)).toBe(4000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(retryAfterMs(null, 0)).toBeUndefined();
  });

  it('sends again only reads, logging in and commands with an Idempotency-Key', () => {
    expect(isSafeToRetry('GET', false, false)).toBe(true);
    expect(isSafeToRetry('POST', true, false)).toBe(true);
    expect(isSafeToRetry('POST', false, true)).toBe(true);
    expect(isSafeToRetry('POST', false, false)).toBe(false);
  });

  it('says what failed, the pause and until when', () => {
    const until = new Date(2026, 0, 1, 15, 4, 5);
    expect(describeRetry({ failure: 'unreachable (connect ECONNREFUSED 127.0.0.1:3000)', delayMs: 2000, until })).toBe(
      'gateway unreachable (connect ECONNREFUSED 127.0.0.1:3000), retrying in 2 s (until 15:04:05)',
    );
    expect(describeRetry({ failure: 'answered 503', delayMs: 250, until })).toBe(
      'gateway answered 503, retrying in 0.25 s (until 15:04:05)',
    );
  });
});

/** A real HTTP server on 127.0.0.1: logs anyone in, and answers everything else with `answer`. */
function gateway(
  answer: (request: http.IncomingMessage, seen: number) => { status: number; body: unknown; headers?: Record<string, string> },
) {
  const requests: { method: string; path: string; key: string | undefined }[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      };
      if (request.url === '/api/auth/login') return send(200, { accessToken: 'token', tokenType: 'Bearer', expiresIn: 900 });
      const key = request.headers['idempotency-key'];
      requests.push({ method: request.method ?? '', path: request.url ?? '', key: typeof key === 'string' ? key : undefined });
      const { status, body, headers } = answer(request, requests.length);
      send(status, body, headers);
    });
  });
  return {
    requests,
    listen: (port = 0) =>
      new Promise<string>((resolve) =>
        server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function cliIo(env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const io: Io = {
    stdout: { write: (text) => (out += typeof text === 'string' ? text : Buffer.from(text).toString('utf8')) },
    stderr: { write: (text) => (err += text) },
    env: { IPLEDGER_PASSWORD: 'pw', ...env },
    writeFile: () => undefined,
  };
  return { io, stdout: () => out, stderr: () => err };
}

const unavailable = (status: number, retryAfter = '0') => ({
  status,
  body: { error: { code: 'service-unavailable', message: 'down', retryable: true } },
  headers: { 'retry-after': retryAfter },
});
const noAccounts = { status: 200, body: { items: [] } };

describe('the CLI across a short outage of the gateway', () => {
  it('retries a read through 502 and 503 answers, one line each on stderr, and honours Retry-After', async () => {
    const server = gateway((_request, seen) => (seen === 1 ? unavailable(502) : seen === 2 ? unavailable(503, '1') : noAccounts));
    const url = await server.listen();
    const cli = cliIo();
    const started = Date.now();
    try {
      expect(await run(['ledger', 'balances', '--base-url', url, '--retry-for', '20'], cli.io)).toBe(EXIT.ok);
    } finally {
      await server.close();
    }
    const lines = cli.stderr().trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /^ipledger: gateway answered 502 service-unavailable to GET \/api\/ledger\/accounts, retrying in 0\.25 s \(until \d\d:\d\d:\d\d\)$/,
      ),
      expect.stringMatching(
        /^ipledger: gateway answered 503 service-unavailable to GET \/api\/ledger\/accounts, retrying in 1 s \(until \d\d:\d\d:\d\d\)$/,
      ),
    ]);
    expect(server.requests).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000); // Retry-After: 1 was waited for (a lower bound: never flaky)
  });

  it('waits for a gateway that refuses connections until it listens', async () => {
    const port = await freePort();
    const server = gateway(() => noAccounts);
    const cli = cliIo({ IPLEDGER_RETRY_FOR: '20' });
    const starting = new Promise<void>((resolve) => setTimeout(() => void server.listen(port).then(() => resolve()), 1_200));
    try {
      expect(await run(['ledger', 'balances', '--base-url', `http://127.0.0.1:${port}`], cli.io)).toBe(EXIT.ok);
    } finally {
      await starting;
      await server.close();
    }
    expect(cli.stderr()).toMatch(/^ipledger: gateway unreachable \(connect ECONNREFUSED 127\.0\.0\.1:\d+\), retrying in 0\.25 s \(until /);
    expect(server.requests).toEqual([{ method: 'GET', path: '/api/ledger/accounts', key: undefined }]);
  });

  it('gives up at the deadline with the last answer or a clear error', async () => {
    const server = gateway(() => unavailable(503));
    const url = await server.listen();
    const refused = cliIo();
    try {
      expect(await run(['ledger', 'balances', '--base-url', url, '--retry-for', '1'], refused.io)).toBe(EXIT.refused);
    } finally {
      await server.close();
    }
    expect(refused.stderr()).toContain('retrying in');
    expect(refused.stderr()).toContain('the API refused (503 service-unavailable): down');

    const port = await freePort();
    const unreachable = cliIo();
    expect(await run(['ledger', 'balances', '--base-url', `http://127.0.0.1:${port}`, '--retry-for', '1'], unreachable.io)).toBe(
      EXIT.failure,
    );
    expect(unreachable.stderr()).toMatch(
      /cannot reach the API at http:\/\/127\.0\.0\.1:\d+ \(POST \/api\/auth\/login\): connect ECONNREFUSED .*; gave up after \d+ attempts in 1 s \(--retry-for, IPLEDGER_RETRY_FOR\)/,
    );
  });

  it('sends a command again only with its Idempotency-Key, the same key every time', async () => {
    const server = gateway((_request, seen) => (seen <= 2 ? unavailable(503) : { status: 201, body: { id: 'dl_1' } }));
    const url = await server.listen();
    try {
      const retries: string[] = [];
      const api = new ApiClient({
        baseUrl: url,
        password: 'pw',
        transientRetryFor: 10_000,
        onRetry: (retry) => retries.push(retry.failure),
      });
      const keyed = await api.call('wang.fang', 'POST', '/api/deals', { amount: '1.00' }, 'seed-1.deal-1.record');
      expect(keyed.status).toBe(201);
      expect(server.requests.map((request) => request.key)).toEqual([
        'seed-1.deal-1.record',
        'seed-1.deal-1.record',
        'seed-1.deal-1.record',
      ]);
      expect(retries).toHaveLength(2);

      const alwaysDown = gateway(() => unavailable(503));
      const downUrl = await alwaysDown.listen();
      try {
        const answer = await new ApiClient({ baseUrl: downUrl, password: 'pw', transientRetryFor: 10_000 }).call(
          'wang.fang',
          'POST',
          '/api/deals',
          { amount: '1.00' },
        );
        expect(answer.status).toBe(503); // no key: answered as it is, never sent twice
        expect(alwaysDown.requests).toHaveLength(1);
      } finally {
        await alwaysDown.close();
      }
    } finally {
      await server.close();
    }
  });
});
