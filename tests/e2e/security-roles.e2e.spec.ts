// Who may call what, for every route of the routes table (HTTP_ROUTES), through the gateway with
// every service running: no token, a malformed, an expired and a forged token are 401 with a reason
// each; a role the route does not allow is 403; a role it allows gets past both checks. A new route
// is covered as soon as it is in the table, and a route without a roles declaration fails here.
import { HTTP_ROUTES, ROLES, type HttpRoute } from '@ipledger/contracts';
import { foreignSigningKey, testToken } from '@ipledger/testing';
import {
  ACTOR_OF_ROLE,
  bearerFor,
  CALLER_ROLES,
  concretePath,
  isErrorBody,
  leaksInternals,
  PROTECTED_ROUTES,
  rawRequest,
  type CallerRole,
  type RawResponse,
} from './support/raw-http';
import { startSystem, type RunningSystem } from './support/scenario';

const name = (route: HttpRoute) => `${route.method} ${route.path}`;

describe('authentication and roles on every route', () => {
  let sut: RunningSystem;

  beforeAll(async () => {
    sut = await startSystem('e2e-security-roles');
  }, 180_000);

  afterAll(async () => {
    await sut?.stop();
  });

  /** The route with unknown, well-formed ids in its path and `{}` as the body of a POST. */
  function call(route: HttpRoute, authorization?: string): Promise<RawResponse> {
    return rawRequest(sut.services.gatewayUrl, {
      method: route.method,
      path: concretePath(route),
      headers: authorization === undefined ? {} : { authorization },
      body: route.method === 'POST' ? {} : undefined,
    });
  }

  function expectUnauthenticated(answer: RawResponse): string {
    expect({ status: answer.status, body: answer.json }).toMatchObject({
      status: 401,
      body: { error: { status: 401, code: 'unauthenticated' } },
    });
    expect(isErrorBody(answer.json, 401)).toBe(true);
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer/);
    return (answer.json as { error: { message: string } }).error.message;
  }

  describe('the routes table', () => {
    test.each(HTTP_ROUTES.map((route) => [name(route), route] as const))('%s declares who may call it', (_name, route) => {
      if (route.public) {
        // Only logging in and getting a token may be public.
        expect(['/api/auth/login', '/api/auth/token']).toContain(route.path);
        expect(route.roles).toEqual([]);
      } else {
        expect(Array.isArray(route.roles)).toBe(true);
        expect(route.roles.length).toBeGreaterThan(0);
        for (const role of route.roles) expect(ROLES).toContain(role);
        // `system` is the services' own role, never a caller's.
        expect(route.roles).not.toContain('system');
      }
    });

    it('has a placeholder for every path parameter and no route twice', () => {
      for (const route of HTTP_ROUTES) expect(() => concretePath(route)).not.toThrow();
      expect(new Set(HTTP_ROUTES.map(name)).size).toBe(HTTP_ROUTES.length);
    });
  });

  describe('without a valid token', () => {
    const routes = PROTECTED_ROUTES.map((route) => [name(route), route] as const);

    test.each(routes)('%s: no token → 401 unauthenticated', async (_name, route) => {
      const message = expectUnauthenticated(await call(route));
      expect(message).toMatch(/missing bearer token/);
    });

    test.each(routes)('%s: an empty or non-bearer Authorization header → 401 unauthenticated', async (_name, route) => {
      expect(expectUnauthenticated(await call(route, ''))).toMatch(/missing bearer token/);
      expect(expectUnauthenticated(await call(route, `Basic ${Buffer.from('li.wei:secret').toString('base64')}`))).toMatch(/malformed/);
    });

    test.each(routes)('%s: malformed, expired and foreign-signed tokens → 401, each with its own reason', async (_name, route) => {
      const bank = ACTOR_OF_ROLE[route.roles[0] as CallerRole] ?? ACTOR_OF_ROLE.bank;
      const malformed = expectUnauthenticated(await call(route, 'Bearer not-a-jwt'));
      const garbledJwt = expectUnauthenticated(await call(route, 'Bearer aaaa.bbbb.cccc'));
      const expired = expectUnauthenticated(await call(route, `Bearer ${testToken(bank, { expiresIn: -60 })}`));
      const forged = expectUnauthenticated(await call(route, `Bearer ${testToken(bank, { key: foreignSigningKey() })}`));
      expect(malformed).toMatch(/malformed/);
      expect(garbledJwt).toMatch(/malformed/);
      expect(expired).toMatch(/expired/);
      expect(forged).toMatch(/signature/);
      expect(new Set([malformed, expired, forged]).size).toBe(3);
    });
  });

  describe('with a valid token', () => {
    const cases = PROTECTED_ROUTES.flatMap((route) =>
      CALLER_ROLES.map((role) => [name(route), role, route.roles.includes(role) ? 'allowed' : 'refused', route] as const),
    );

    test.each(cases)('%s as %s: %s', async (_name, role: CallerRole, verdict, route) => {
      const answer = await call(route, bearerFor(role));
      expect(answer.status).toBeLessThan(500);
      expect(leaksInternals(answer.text)).toBe(false);
      if (verdict === 'refused') {
        expect({ status: answer.status, body: answer.json }).toMatchObject({
          status: 403,
          body: { error: { status: 403, code: 'forbidden' } },
        });
        expect(isErrorBody(answer.json, 403)).toBe(true);
      } else {
        expect([401, 403]).not.toContain(answer.status);
        // Unknown ids and empty bodies: a success, a validation error, not found or a refused command.
        expect([200, 201, 400, 404, 409]).toContain(answer.status);
        if (answer.status >= 400) expect(isErrorBody(answer.json, answer.status)).toBe(true);
      }
    });
  });

  it('lets the public routes through without a token (and refuses bad credentials with 401, not 403)', async () => {
    for (const route of HTTP_ROUTES.filter((candidate) => candidate.public)) {
      const answer = await call(route);
      expect({ route: name(route), status: answer.status }).toEqual({ route: name(route), status: 400 });
      expect(isErrorBody(answer.json, 400)).toBe(true);
    }
  });
});
