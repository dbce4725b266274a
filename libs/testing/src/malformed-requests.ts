// Malformed HTTP requests, generated from a seed, for the edge tests of a service and of the
// gateway: charsets, content codings, media types, nesting depths, lone surrogates, bytes that are
// not UTF-8, sizes around the body limit, odd methods and paths, duplicate headers, bad JSON, huge
// numbers and prototype-polluting keys. Every body a generated request carries is one the API
// refuses (not JSON, not UTF-8, or with a field no schema knows), so sending them must change
// nothing. Deterministic: the same seed gives the same requests, byte for byte.
import { request as httpRequest, type Agent, type OutgoingHttpHeaders } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

export interface MalformedRequest {
  /** Which kind of malformation, e.g. "charset iso-8859-1" (for the failure report). */
  kind: string;
  method: string;
  path: string;
  /** A value that is an array is sent as that many header lines. */
  headers: OutgoingHttpHeaders;
  body?: Buffer;
  /**
   * What the answer must be when the request is refused before routing (its body, its method),
   * whoever sends it and wherever it goes. Otherwise any 4xx.
   */
  expect?: { status: number; code: string };
  /** The body is well-formed JSON that only the route's schema (or a guard) refuses: 401 without a token, 400 with one. */
  reachesRoute?: boolean;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** mulberry32: a small, fast, seeded PRNG (the same sequence for the same seed on every machine). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MalformedRequestOptions {
  seed: number;
  count: number;
  /** A JSON route that takes a body, e.g. POST /api/valuations. */
  jsonRoute: { method: string; path: string };
  /** A valid Authorization header for the route (sent with about half of the requests). */
  authorization?: string;
  /** The service's body limit in bytes. */
  limitBytes: number;
  /** The documented nesting limit. */
  maxDepth: number;
}

const FOREIGN_CHARSETS = [
  'iso-8859-1',
  'latin1',
  'utf-16',
  'UTF-16LE',
  'us-ascii',
  'koi8-r',
  'gbk',
  'gb2312',
  'big5',
  'utf-32',
  'windows-1252',
  'x-unknown',
];
const BOGUS_CODINGS = ['bogus', 'compress', 'gzip, br', 'identity, gzip', 'zstd', 'x-compress', '*', 'gzip;q=1'];
const FOREIGN_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/json',
  'application/xml',
  'application',
  '*/*',
  'application/json-seq',
];
const BAD_JSON = [
  '{',
  '{"a":}',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":undefined}',
  '[1,2',
  '{"a" 1}',
  '}{',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  'nul',
  '1',
  '"a string"',
  'null',
  'true',
  '{"a":1}{"b":2}',
  '{"a":01}',
];
const INVALID_UTF8: number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc3, 0x28],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
  [0xf4, 0x90, 0x80, 0x80],
];
const LONE_SURROGATES = ['\\ud800', '\\udfff', '\\ud800\\u0041', 'a\\udc00b', '\\ud83d'];
const ODD_METHODS = ['PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const ODD_PATHS = [
  '/nope',
  '/docs/nope',
  '/api/nope',
  '/api',
  '/API/NOPE',
  '//',
  '/api/valuations/%ff',
  '/api/valuations/%',
  '/api/valuations/..%2f..%2f',
  `/api/${'x'.repeat(4000)}`,
  '/api/valuations?limit[]=1&limit[]=2',
  '/api/valuations?pledgeId=%ED%A0%80',
  '/health/nope',
  '/%2e%2e/%2e%2e/etc/passwd',
];
const HUGE_NUMBERS = ['1e400', '-1e400', '123456789012345678901234567890.123', '1e-400', '-0', '9007199254740993', '0.1e999999999'];
const POLLUTING = [
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '{"a":{"__proto__":{"x":1}}}',
  '[{"prototype":1}]',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** A JSON object the route's schema refuses whatever else is right: it has a field no schema knows. */
function refusedObject(extra: string): string {
  return `{"fuzzUnknownField":true${extra === '' ? '' : `,${extra}`}}`;
}

function nested(depth: number, random: () => number): string {
  const array = random() < 0.5;
  return array ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
}

/** `count` malformed requests for `options.jsonRoute`, the same for the same seed. */
export function malformedRequests(options: MalformedRequestOptions): MalformedRequest[] {
  const random = seededRandom(options.seed);
  const { method, path } = options.jsonRoute;
  const json = (
    kind: string,
    body: Buffer | string,
    headers: OutgoingHttpHeaders = {},
    expected?: MalformedRequest['expect'],
  ): MalformedRequest => ({
    kind,
    method,
    path,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    ...(expected ? { expect: expected } : {}),
  });
  const routed = (request: MalformedRequest): MalformedRequest => ({ ...request, reachesRoute: true });
  const validation = { status: 400, code: 'validation-failed' };
  const unsupported = { status: 415, code: 'unsupported-media-type' };
  const tooLarge = { status: 413, code: 'payload-too-large' };

  const generators: (() => MalformedRequest)[] = [
    () => {
      const charset = pick(random, FOREIGN_CHARSETS);
      return json(`charset ${charset}`, refusedObject(''), { 'content-type': `application/json; charset=${charset}` }, unsupported);
    },
    () => {
      const coding = pick(random, BOGUS_CODINGS);
      return json(`content-encoding ${coding}`, refusedObject(''), { 'content-encoding': coding }, unsupported);
    },
    () => {
      const coding = pick(random, ['gzip', 'deflate', 'br', 'x-gzip']);
      const garbage = random() < 0.5 ? Buffer.from(refusedObject('')) : gzipSync(refusedObject('')).subarray(0, 12);
      return json(`${coding}-labelled body that is not ${coding}`, garbage, { 'content-encoding': coding }, validation);
    },
    () => {
      const coding = pick(random, ['gzip', 'deflate', 'br']);
      const text = refusedObject('');
      const body = coding === 'gzip' ? gzipSync(text) : coding === 'deflate' ? deflateSync(text) : brotliCompressSync(text);
      return routed(json(`well-formed ${coding} of a refused body`, body, { 'content-encoding': coding }));
    },
    () => {
      // A decompression bomb: a few kB that inflate past the limit.
      const inflated = options.limitBytes * (2 + Math.floor(random() * 20));
      return json(
        'gzip past the limit once inflated',
        gzipSync(`{"a":"${'0'.repeat(inflated)}"}`),
        { 'content-encoding': 'gzip' },
        tooLarge,
      );
    },
    () => {
      const type = pick(random, FOREIGN_TYPES);
      return json(`content-type ${type}`, refusedObject(''), { 'content-type': type }, unsupported);
    },
    () => {
      const request = json('no content-type', refusedObject(''), {}, unsupported);
      delete request.headers['content-type'];
      return request;
    },
    () => {
      const depth =
        random() < 0.3 ? pick(random, [40_000, 100_000, options.maxDepth + 1]) : options.maxDepth + 1 + Math.floor(random() * 500);
      const body = nested(depth, random);
      // Deep enough and long enough, the size limit is met first.
      return json(`nesting ${depth} deep (${body.length} bytes)`, body, {}, body.length > options.limitBytes ? tooLarge : validation);
    },
    () => {
      const depth = 2 + Math.floor(random() * (options.maxDepth - 1));
      return routed(json(`nesting ${depth} deep (within the limit)`, `{"fuzzUnknownField":${nested(depth - 1, random)}}`));
    },
    () => {
      const surrogate = pick(random, LONE_SURROGATES);
      return random() < 0.5
        ? json(`lone surrogate ${surrogate} in a value`, `{"pledgeId":"${surrogate}"}`, {}, validation)
        : json(`lone surrogate ${surrogate} in a key`, `{"${surrogate}":1}`, {}, validation);
    },
    () => {
      const bytes = pick(random, INVALID_UTF8);
      const body = Buffer.concat([Buffer.from('{"pledgeId":"x'), Buffer.from(bytes), Buffer.from('"}')]);
      return json(`invalid UTF-8 ${bytes.map((byte) => byte.toString(16)).join(' ')}`, body, {}, validation);
    },
    () => {
      const bytes = pick(random, INVALID_UTF8);
      return json(`invalid UTF-8 bytes alone ${bytes.map((byte) => byte.toString(16)).join(' ')}`, Buffer.from(bytes), {}, validation);
    },
    () => {
      const around = pick(random, [-100, -1, 0, 1, 2, 1000, options.limitBytes]);
      const size = options.limitBytes + around;
      const padding = Math.max(0, size - refusedObject('"p":""').length);
      const body = refusedObject(`"p":"${'x'.repeat(padding)}"`);
      const request = json(
        `body of ${body.length} bytes (limit ${options.limitBytes})`,
        body,
        {},
        body.length > options.limitBytes ? tooLarge : undefined,
      );
      return body.length > options.limitBytes ? request : routed(request);
    },
    () => {
      const odd = pick(random, ODD_METHODS);
      return { kind: `method ${odd}`, method: odd, path, headers: {}, expect: { status: 405, code: 'method-not-allowed' } };
    },
    () => {
      const odd = pick(random, ODD_PATHS);
      return { kind: `path ${odd.slice(0, 60)}`, method: pick(random, ['GET', 'POST', 'HEAD']), path: odd, headers: {} };
    },
    () => {
      const header = pick(random, [
        'content-type',
        'authorization',
        'content-encoding',
        'idempotency-key',
        'x-request-id',
        'ipledger-after',
      ]);
      const values: Record<string, string[]> = {
        'content-type': ['application/json', 'text/plain'],
        authorization: [options.authorization ?? 'Bearer a.b.c', 'Bearer x.y.z'],
        'content-encoding': ['gzip', 'br'],
        'idempotency-key': ['k1', 'k2'],
        'x-request-id': ['a', 'b'],
        'ipledger-after': ['PledgeValued:x', 'nonsense'],
      };
      return json(`duplicate header ${header}`, refusedObject(''), { [header]: values[header] });
    },
    () => {
      const text = pick(random, BAD_JSON);
      return json(`bad JSON ${text}`, text, {}, validation);
    },
    () => {
      const number = pick(random, HUGE_NUMBERS);
      return routed(json(`huge number ${number}`, `{"appraisedValue":${number},"fuzzUnknownField":${number}}`));
    },
    () => {
      const text = pick(random, POLLUTING);
      return json(`prototype key ${text}`, text, {}, validation);
    },
    () => routed(json('a BOM before the body', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(refusedObject(''))]))),
    () => routed(json('NUL character', '{"pledgeId":"a\\u0000b"}')),
  ];

  return Array.from({ length: options.count }, (_, index) => {
    // Every generator at least once, in order, then at random.
    const request = generators[index < generators.length ? index : Math.floor(random() * generators.length)]();
    if (options.authorization !== undefined && request.headers.authorization === undefined && random() < 0.5) {
      request.headers.authorization = options.authorization;
    }
    return request;
  });
}

/** Sends a request exactly as given (path, header lines, body bytes); never follows or normalises anything. */
export function sendRaw(
  baseUrl: string,
  request: MalformedRequest,
  options: { agent?: Agent; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  const base = new URL(baseUrl);
  const headers: OutgoingHttpHeaders = { ...request.headers };
  if (request.body !== undefined && headers['content-length'] === undefined) headers['content-length'] = request.body.length;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        headers,
        agent: options.agent ?? false,
        timeout: options.timeoutMs ?? 15_000,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: answer.statusCode ?? 0, headers: answer.headers, text, json });
        });
        answer.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${request.method} ${request.path}: no answer in time`)));
    outgoing.on('error', reject);
    if (request.body !== undefined) outgoing.write(request.body);
    outgoing.end();
  });
}
