// The identity service in-process on a real PostgreSQL: demo accounts seeded with hashed secrets,
// logins and client credentials answered with tokens that the other services' verifier accepts,
// failures refused without saying which part was wrong, and repeated failures throttled.
import type { ErrorBody, TokenResponse } from '@ipledger/contracts';
import { createServiceApp, loadConfig, ServiceConfigSchema, TokenVerifier } from '@ipledger/service-kit';
import { serviceUnderTest, testEnvironment } from '@ipledger/testing';
import { loadIdentityConfig } from './identity.config';
import { IdentityModule } from './identity.module';
import { PrismaClient } from './database';

const PASSWORD = 'integration-demo-password';
const JSON_BODY = { 'content-type': 'application/json' };

describe('identity on a real database', () => {
  const sut = serviceUnderTest(
    { service: 'identity', schema: 'identity', prismaClient: PrismaClient },
    {
      createApp: (definition, env) =>
        createServiceApp(
          { ...definition, module: IdentityModule.withConfig(loadIdentityConfig(env)) },
          loadConfig(ServiceConfigSchema, env),
        ),
      env: { IPLEDGER_DEMO_PASSWORD: PASSWORD, IPLEDGER_TOKEN_TTL_SECONDS: '120' },
    },
  );
  const login = (username: string, password: string, from = '203.0.113.7') =>
    sut.call<TokenResponse & ErrorBody>('POST', '/api/auth/login', { ...JSON_BODY, 'x-forwarded-for': from }, { username, password });

  it('stores only slow hashes of the demo secrets', async () => {
    const users = await sut.prisma.identityUser.findMany();
    expect(users.map((user) => user.username)).toEqual(
      expect.arrayContaining(['li.wei', 'zhao.min', 'chen.jing', 'sun.li', 'zhou.hui', 'wang.fang', 'liu.yang', 'he.xin']),
    );
    for (const user of users) {
      expect(user.passwordHash).toMatch(/^scrypt\$/);
      expect(user.passwordHash).not.toContain(PASSWORD);
    }
  });

  it('logs a person in with a token the services accept, carrying organisation, role and user', async () => {
    const answer = await login('wang.fang', PASSWORD);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 120, orgId: 'bureau-cq', role: 'bureau', subject: 'wang.fang' });
    const actor = await new TokenVerifier(testEnvironment().jwtPublicKey).actorOf(`Bearer ${answer.body.accessToken}`);
    expect(actor).toEqual({ orgId: 'bureau-cq', role: 'bureau', userId: 'wang.fang' });
  });

  it('gives a machine client a token for its organisation', async () => {
    const answer = await sut.call<TokenResponse>('POST', '/api/auth/token', JSON_BODY, {
      clientId: 'bank-cq-rural-core',
      clientSecret: PASSWORD,
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ orgId: 'bank-cq-rural', role: 'bank', subject: 'bank-cq-rural-core' });
  });

  it('refuses a wrong password and an unknown user alike, never saying which', async () => {
    const wrong = await login('li.wei', 'not-the-password', '198.51.100.1');
    const unknown = await login('nobody.here', PASSWORD, '198.51.100.2');

    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.error).toMatchObject({ code: 'unauthenticated', message: 'invalid username or password' });
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    expect(wrong.body).not.toHaveProperty('accessToken');
  });

  it('throttles an account after five failures in fifteen minutes, even with the right password, and says when to retry', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await login('zhao.min', `guess-${attempt}`, `192.0.2.${attempt + 10}`)).status).toBe(401);
    }

    const throttled = await login('zhao.min', PASSWORD, '192.0.2.99');

    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('too-many-requests');
    expect(throttled.body.error.message).toMatch(/too many failed logins for this account/);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(800);
    expect((await login('he.xin', PASSWORD, '192.0.2.99')).status).toBe(200); // other accounts are not locked
  });

  it('counts parallel failures atomically: of 40 wrong passwords at once exactly 5 are checked, the rest are 429', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) => login('chen.jing', `parallel-guess-${index}`, `198.18.1.${index + 1}`)),
    );

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);
    for (const answer of answers.filter((each) => each.status === 429)) {
      expect(answer.body.error.code).toBe('too-many-requests');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(800);
    }
    expect(await sut.prisma.identityLoginFailure.count({ where: { subject: 'user:chen.jing' } })).toBe(5);
  });

  it('lets exactly one of many parallel guesses through when one attempt is left', async () => {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await login('sun.li', `serial-guess-${attempt}`, `198.18.2.${attempt + 1}`)).status).toBe(401);
    }

    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) => login('sun.li', `last-guess-${index}`, `198.18.3.${index + 1}`)),
    );

    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(39);
  });

  it('does not count a right password as a failure', async () => {
    for (let attempt = 0; attempt < 8; attempt += 1)
      expect((await login('zhou.hui', PASSWORD, `198.18.4.${attempt + 1}`)).status).toBe(200);
    expect(await sut.prisma.identityLoginFailure.count({ where: { subject: 'user:zhou.hui' } })).toBe(0);
  });

  it('believes X-Forwarded-For from a trusted proxy (loopback by default): one address is limited, the others are not', async () => {
    // 20 failures from one address (over different accounts, each under its own limit).
    for (let attempt = 0; attempt < 20; attempt += 1) {
      expect((await login(`probe-${attempt % 5}.nobody`, 'wrong-secret', '203.0.113.66')).status).toBe(401);
    }

    const fromThere = await login('liu.yang', PASSWORD, '203.0.113.66');
    expect(fromThere.status).toBe(429);
    expect(fromThere.body.error.message).toMatch(/too many failed logins from this address/);
    expect((await login('liu.yang', PASSWORD, '203.0.113.67')).status).toBe(200);
    expect(await sut.prisma.identityLoginFailure.count({ where: { source: '203.0.113.66' } })).toBe(20);
  });

  it('answers a malformed login with 400 naming the fields', async () => {
    const answer = await sut.call<ErrorBody>('POST', '/api/auth/login', JSON_BODY, { username: '', password: 42 });

    expect(answer.status).toBe(400);
    expect(answer.body.error.details?.map((issue) => issue.field).sort()).toEqual(['password', 'username']);
  });
  it('records every login attempt in the audit trail with the username tried, never the password', async () => {
    const audits = async () =>
      (await sut.prisma.outbox.findMany({ where: { type: 'CommandAudited' }, orderBy: { id: 'asc' } })).map(
        (row) => row.envelope as { payload: Record<string, unknown> },
      );
    const before = (await audits()).length;
    expect((await login('wang.fang', PASSWORD, '192.0.2.10')).status).toBe(200);
    expect((await login('wang.fang', 'a-wrong-secret', '192.0.2.11')).status).toBe(401);

    const records = (await audits()).slice(before);
    expect(records.map((record) => record.payload)).toEqual([
      expect.objectContaining({
        path: '/api/auth/login',
        outcome: 'succeeded',
        status: 200,
        targetId: null,
        actor: { orgId: null, role: null, userId: 'wang.fang' },
      }),
      expect.objectContaining({
        path: '/api/auth/login',
        outcome: 'denied',
        status: 401,
        actor: { orgId: null, role: null, userId: 'wang.fang' },
      }),
    ]);
    const stored = JSON.stringify(records);
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain('a-wrong-secret');
    expect(stored).not.toContain('accessToken');
  });

  it('never lets a browser or a proxy keep a token: Cache-Control no-store on tokens and on refusals', async () => {
    const answers = [
      await login('liu.yang', PASSWORD, '192.0.2.40'),
      await sut.call('POST', '/api/auth/token', JSON_BODY, { clientId: 'bank-cq-rural-core', clientSecret: PASSWORD }),
      await login('liu.yang', 'a-wrong-secret', '192.0.2.41'),
    ];
    expect(answers.map((answer) => [answer.status, answer.headers.get('cache-control'), answer.headers.get('pragma')])).toEqual([
      [200, 'no-store', 'no-cache'],
      [200, 'no-store', 'no-cache'],
      [401, 'no-store', 'no-cache'],
    ]);
  });
});
