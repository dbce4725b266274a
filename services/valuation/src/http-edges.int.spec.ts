// The HTTP edges of a service, called directly (services are reachable on the network too), on a
// real PostgreSQL and Kafka: whatever a request carries (charset, content coding, media type,
// nesting, lone surrogates, bytes that are not UTF-8, size, method, path, duplicate headers, bad
// JSON, huge numbers, prototype keys), the answer is a 4xx in the standard error body, never a
// 5xx, never cached, and nothing stored changes. The fuzz is seeded (FUZZ_SEED=… replays another).
import { Agent } from 'node:http';
import { gzipSync } from 'node:zlib';
import { ERROR_CODES, ErrorBody } from '@ipledger/contracts';
import { createServiceApp, loadConfig, MAX_JSON_DEPTH, REQUEST_BODY_LIMIT_BYTES, ServiceConfigSchema } from '@ipledger/service-kit';
import { actingAs, malformedRequests, sendRaw, serviceUnderTest, type MalformedRequest, type RawAnswer } from '@ipledger/testing';
import { PrismaClient } from './database';
import { ValuationModule } from './valuation.module';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 400);
const APPRAISER = actingAs({ orgId: 'appraiser-cq', role: 'appraiser' });

/** Why an answer breaks the rules of the edge, or undefined when it keeps them. */
function problemWith(request: MalformedRequest, answer: RawAnswer, authorized: boolean): string | undefined {
  if (answer.status >= 500) return `status ${answer.status}`;
  if (answer.status < 400) return `status ${answer.status} for a request that must be refused`;
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
  if (request.reachesRoute && authorized && answer.status !== 400) return `expected 400 from the route's checks, got ${answer.status}`;
  return undefined;
}

describe('the HTTP edges of a service, called directly', () => {
  const sut = serviceUnderTest(
    { service: 'valuation', schema: 'valuation', prismaClient: PrismaClient, consumer: 'valuation', module: ValuationModule },
    { createApp: (definition, env) => createServiceApp(definition, loadConfig(ServiceConfigSchema, env)) },
  );

  /** What requests could change: the domain's rows, its events (refusals are audited by design), idempotency keys. */
  const stored = async () =>
    sut.prisma.$queryRawUnsafe<unknown[]>(
      `SELECT (SELECT count(*) FROM valuation.valuations)::int AS valuations,
              (SELECT count(*) FROM valuation.known_pledges)::int AS pledges,
              (SELECT count(*) FROM valuation.outbox WHERE type <> 'CommandAudited')::int AS events,
              (SELECT count(*) FROM valuation.idempotency_keys)::int AS keys`,
    );

  it(`answers ${REQUESTS} malformed requests with a 4xx in the standard error body, never cached, changing nothing (seed ${SEED})`, async () => {
    const requests = malformedRequests({
      seed: SEED,
      count: REQUESTS,
      jsonRoute: { method: 'POST', path: '/api/valuations' },
      authorization: APPRAISER.authorization,
      limitBytes: REQUEST_BODY_LIMIT_BYTES,
      maxDepth: MAX_JSON_DEPTH,
    });
    const before = await stored();
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const failures: string[] = [];
    const byStatus: Record<number, number> = {};
    for (const request of requests) {
      const authorized = request.headers.authorization === APPRAISER.authorization;
      const answer = await sendRaw(sut.baseUrl, request, { agent }).catch((error: unknown) => ({
        status: 0,
        headers: {},
        text: String(error),
        json: undefined,
      }));
      byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
      const problem = answer.status === 0 ? `no answer: ${answer.text}` : problemWith(request, answer, authorized);
      if (problem)
        failures.push(`${request.kind} (${request.method} ${request.path.slice(0, 80)}${authorized ? ', with a token' : ''}): ${problem}`);
    }
    agent.destroy();
    console.log(
      `edge fuzz (seed ${SEED}, replay with FUZZ_SEED=${SEED}): ${requests.length} requests; by status ${JSON.stringify(byStatus)}; ${failures.length} failing`,
    );
    expect(await stored()).toEqual(before);
    expect({ seed: SEED, failing: failures.slice(0, 10) }).toEqual({ seed: SEED, failing: [] });
    // The service still works after all of it.
    expect((await sut.call('GET', '/health/live', {})).status).toBe(200);
  }, 180_000);

  const post = (body: Buffer | string, headers: Record<string, string | string[]>) =>
    sendRaw(sut.baseUrl, {
      kind: 'case',
      method: 'POST',
      path: '/api/valuations',
      headers: { ...APPRAISER, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? Buffer.from(body) : body,
    });

  // The requests that used to answer 500, each now a 4xx that says what is wrong.
  test.each([
    [
      'a charset other than UTF-8',
      '{}',
      { 'content-type': 'application/json; charset=iso-8859-1' },
      415,
      'unsupported-media-type',
      'header content-type',
    ],
    ['an unknown Content-Encoding', '{}', { 'content-encoding': 'bogus' }, 415, 'unsupported-media-type', 'header content-encoding'],
    [
      'a gzip-labelled body that is not gzip',
      '{"pledgeId":"x"}',
      { 'content-encoding': 'gzip' },
      400,
      'validation-failed',
      'header content-encoding',
    ],
    ['a 40,000-deep nested array', `${'['.repeat(40_000)}${']'.repeat(40_000)}`, {}, 400, 'validation-failed', '(body)'],
    ['a 15,000-deep nested object', `${'{"a":'.repeat(15_000)}1${'}'.repeat(15_000)}`, {}, 400, 'validation-failed', '(body)'],
    ['a lone surrogate, escaped', '{"pledgeId":"\\ud800"}', {}, 400, 'validation-failed', 'pledgeId'],
    [
      'raw bytes that are not UTF-8',
      Buffer.concat([Buffer.from('{"method":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
      {},
      400,
      'validation-failed',
      'method',
    ],
    ['a __proto__ key', '{"pledgeId":"x","__proto__":{"role":"bureau"}}', {}, 400, 'validation-failed', '__proto__'],
    ['invalid JSON', '{"pledgeId":', {}, 400, 'validation-failed', '(body)'],
    ['a text/plain body', '{}', { 'content-type': 'text/plain' }, 415, 'unsupported-media-type', 'header content-type'],
  ] as const)('refuses %s with a 4xx in the standard body naming the field', async (_name, body, headers, status, code, field) => {
    const answer = await post(body, headers);
    expect({
      status: answer.status,
      code: (answer.json as ErrorBody).error.code,
      fields: (answer.json as ErrorBody).error.details?.map((issue) => issue.field),
    }).toEqual({
      status,
      code,
      fields: [field],
    });
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('refuses a body over the limit with 413, declared or inflated from gzip', async () => {
    const declared = await post(`{"a":"${'x'.repeat(REQUEST_BODY_LIMIT_BYTES)}"}`, {});
    expect([declared.status, (declared.json as ErrorBody).error.code]).toEqual([413, 'payload-too-large']);
    const inflated = await post(gzipSync(`{"a":"${'0'.repeat(REQUEST_BODY_LIMIT_BYTES * 50)}"}`), { 'content-encoding': 'gzip' });
    expect([inflated.status, (inflated.json as ErrorBody).error.code]).toEqual([413, 'payload-too-large']);
  });

  it('reads a gzip-compressed JSON body like a plain one', async () => {
    const answer = await post(gzipSync('{"pledgeId":"pl_x","unknownField":1}'), { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(400);
    expect((answer.json as ErrorBody).error.details).toEqual(
      expect.arrayContaining([{ field: 'unknownField', rule: 'is not a known field' }]),
    );
  });

  it('answers 404 outside /api and 405 for a method a path does not have, in the same error body, never cached', async () => {
    for (const path of ['/nope', '/docs/nope', '/api/nope']) {
      const answer = await sendRaw(sut.baseUrl, { kind: '404', method: 'GET', path, headers: {} });
      expect({ path, status: answer.status, body: answer.json }).toMatchObject({
        path,
        status: 404,
        body: { error: { status: 404, code: 'not-found' } },
      });
      expect(ErrorBody.safeParse(answer.json).success).toBe(true);
      expect(answer.headers['cache-control']).toBe('no-store');
    }
    const wrongMethod = await sendRaw(sut.baseUrl, { kind: '405', method: 'DELETE', path: '/api/valuations/val_1', headers: APPRAISER });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');
    expect(wrongMethod.json).toMatchObject({ error: { status: 405, code: 'method-not-allowed' } });
  });

  it('marks API data and health answers no-store', async () => {
    const list = await sut.call('GET', '/api/valuations?pledgeId=pl_ffffffffffff0fff8fffffffffffffff', APPRAISER);
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(list.headers.get('pragma')).toBe('no-cache');
    expect((await sut.call('GET', '/health', {})).headers.get('cache-control')).toBe('no-store');
  });

  it('answers a request Node itself refuses (an unknown method) in the standard error body', async () => {
    const answer = await sendRaw(sut.baseUrl, { kind: 'method', method: 'FOO', path: '/api/valuations', headers: {} }).catch(
      (error: unknown) => error,
    );
    // Node's client refuses to send an unknown method token only if it is invalid; FOO is valid syntax.
    expect(answer).toMatchObject({ status: 400, json: { error: { status: 400, code: 'validation-failed' } } });
  });
});
