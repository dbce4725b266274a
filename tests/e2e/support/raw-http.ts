// Requests exactly as written: the path is sent byte for byte (no URL normalisation of `..`,
// `%2e%2e` or backslashes, which fetch would apply), the body is any string, the headers any.
// For the security and fuzz scenarios, which must reach the gateway with what an attacker sends.
import { request as httpRequest, type Agent } from 'node:http';
import { ErrorBody, HTTP_ROUTES, type HttpRoute } from '@ipledger/contracts';
import { testToken, type TestActor } from '@ipledger/testing';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface RawRequest {
  method: string;
  /** Sent as is, e.g. `/api/pledges/..%2f..%2fledger`. */
  path: string;
  headers?: Record<string, string>;
  /** A string is sent as is (invalid JSON included); anything else is JSON-encoded. */
  body?: unknown;
}

export function rawRequest(
  baseUrl: string,
  { method, path, headers = {}, body }: RawRequest,
  timeoutMs = 15_000,
  agent: Agent | false = false,
): Promise<RawResponse> {
  const base = new URL(baseUrl);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const allHeaders: Record<string, string | number> = { ...headers };
  if (payload !== undefined) {
    allHeaders['content-type'] ??= 'application/json';
    allHeaders['content-length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: base.hostname, port: base.port, method, path, headers: allHeaders, timeout: timeoutMs, agent },
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
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    if (payload !== undefined) outgoing.write(payload);
    outgoing.end();
  });
}

/** Every role a person or client can hold (`system` is the services' own, never a caller's). */
export const CALLER_ROLES = ['bank', 'appraiser', 'bureau', 'guarantor', 'insurer', 'statistician'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

/** One organisation of the demo per role (services/identity/src/demo-accounts.ts). */
export const ACTOR_OF_ROLE: Record<CallerRole, TestActor> = {
  bank: { orgId: 'bank-cq-rural', role: 'bank', userId: 'li.wei' },
  appraiser: { orgId: 'appraiser-cq-huaxin', role: 'appraiser', userId: 'chen.jing' },
  bureau: { orgId: 'bureau-cq', role: 'bureau', userId: 'wang.fang' },
  guarantor: { orgId: 'guarantor-cq-xinda', role: 'guarantor', userId: 'sun.li' },
  insurer: { orgId: 'insurer-cq-picc', role: 'insurer', userId: 'zhou.hui' },
  statistician: { orgId: 'stats-cq', role: 'statistician', userId: 'he.xin' },
};

/** A valid bearer header (signed with the run's key) for a role. */
export function bearerFor(role: CallerRole, expiresIn = 3600): string {
  return `Bearer ${testToken(ACTOR_OF_ROLE[role], { expiresIn })}`;
}

/** Well-formed ids that exist nowhere: 32 hex digits that no UUIDv7 generator produces (version nibble f). */
export const UNKNOWN_IDS: Record<string, string> = {
  pledgeId: 'pl_ffffffffffff0fff8fffffffffffffff',
  valuationId: 'val_ffffffffffff0fff8fffffffffffffff',
  loanId: 'ln_ffffffffffff0fff8fffffffffffffff',
  entryId: 'je_ffffffffffff0fff8fffffffffffffff',
  policyId: 'pol_ffffffffffff0fff8fffffffffffffff',
  schemeId: 'sub_ffffffffffff0fff8fffffffffffffff',
  applicationId: 'sap_ffffffffffff0fff8fffffffffffffff',
  claimId: 'clm_ffffffffffff0fff8fffffffffffffff',
  dealId: 'dl_ffffffffffff0fff8fffffffffffffff',
  fundId: 'pol_fffffffffffe0fff8fffffffffffffff',
  year: '2026',
  calendarYearId: 'cal_ffffffffffff0fff8fffffffffffffff',
  accountCode: 'bank:bank-cq-nowhere:cash',
};

/** The route's path with its `{parameters}` filled by `fill` (by default: unknown, well-formed ids). */
export function concretePath(route: HttpRoute, fill: (name: string) => string = (name) => placeholderId(name)): string {
  return route.path.replace(/\{(\w+)\}/g, (_match, name: string) => fill(name));
}

export function placeholderId(name: string): string {
  const id = UNKNOWN_IDS[name];
  if (id === undefined) throw new Error(`no placeholder id for the path parameter {${name}}: add one to UNKNOWN_IDS`);
  return encodeURIComponent(id);
}

export const PROTECTED_ROUTES: readonly HttpRoute[] = HTTP_ROUTES.filter((route) => !route.public);

/** True when `body` is the documented error body with `status` (the body's status must match the HTTP one). */
export function isErrorBody(body: unknown, status: number): boolean {
  const parsed = ErrorBody.safeParse(body);
  return parsed.success && parsed.data.error.status === status;
}

/** A response body must never carry a stack trace or an internal file path. */
export function leaksInternals(text: string): boolean {
  return /(?:\\n|\n)\s+at [\w.<>$ ]+\(|node_modules\/|\.ts:\d+:\d+|PrismaClient|Invalid `prisma|syntax error at or near/i.test(text);
}
