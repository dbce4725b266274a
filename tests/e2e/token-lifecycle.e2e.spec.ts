// A token's life through the gateway: logging in for real, using the token, the same identity once
// the token is stale, refused passwords that never say which part was wrong, the throttle after
// repeated failures, and a bank's machine client.
import type { ErrorBody, PledgeListResponse, PledgeResponse, TokenResponse } from '@ipledger/contracts';
import { testToken } from '@ipledger/testing';
import type { z } from 'zod';
import { rawRequest } from './support/raw-http';
import { BANK, E2E_DEMO_PASSWORD, OTHER_BANK, startSystem, type RunningSystem } from './support/scenario';

type Pledges = z.infer<typeof PledgeListResponse>;

describe('the life of a bearer token', () => {
  let sut: RunningSystem;

  beforeAll(async () => {
    sut = await startSystem('e2e-token-lifecycle');
  }, 180_000);

  afterAll(async () => {
    await sut?.stop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    rawRequest(sut.services.gatewayUrl, { method: 'POST', path, body, headers });
  const get = (path: string, token: string) =>
    rawRequest(sut.services.gatewayUrl, { method: 'GET', path, headers: { authorization: `Bearer ${token}` } });
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

  it('works once logged in, and the same identity in a stale token is refused as expired', async () => {
    const login = await sut.api.login(BANK.username);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', orgId: BANK.orgId, role: 'bank', subject: BANK.username });
    expect(login.body.expiresIn).toBeGreaterThan(0);
    expect(login.body.expiresIn).toBeLessThanOrEqual(15 * 60);
    const token = login.body.accessToken;
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ sub: BANK.username, org: BANK.orgId, role: 'bank' });

    const fresh = await get('/api/pledges', token);
    expect(fresh.status).toBe(200);
    expect(fresh.json).toEqual({ items: [] });

    // The same user, the same claims, expired a minute ago (beyond the verifier's clock tolerance).
    const stale = testToken({ orgId: BANK.orgId, role: 'bank', userId: BANK.username }, { expiresIn: -60, claims: { kind: claims.kind } });
    const refused = await get('/api/pledges', stale);
    expect(refused.status).toBe(401);
    expect((refused.json as ErrorBody).error).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect((refused.json as ErrorBody).error.message).toMatch(/expired/);
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);

    // The fresh token still works: refusing the stale one did not revoke the user.
    expect((await get('/api/pledges', token)).status).toBe(200);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrongPassword = await sut.api.login(OTHER_BANK.username, 'not-the-password');
    const unknownUser = await sut.api.login('nobody.here', E2E_DEMO_PASSWORD);
    for (const answer of [wrongPassword, unknownUser]) {
      expect(answer.status).toBe(401);
      expect((answer.body as unknown as ErrorBody).error).toMatchObject({
        status: 401,
        code: 'unauthenticated',
        message: 'invalid username or password',
      });
      expect(answer.body).not.toHaveProperty('accessToken');
    }
    const { requestId: _a, ...first } = (wrongPassword.body as unknown as ErrorBody).error;
    const { requestId: _b, ...second } = (unknownUser.body as unknown as ErrorBody).error;
    expect(first).toEqual(second);
    // One failure does not lock the account out.
    expect((await sut.api.login(OTHER_BANK.username)).status).toBe(200);
  });

  it('answers the sixth wrong password for one account with 429 and Retry-After', async () => {
    const attempt = () => post('/api/auth/login', { username: 'zhou.hui', password: 'guessing-again' });
    for (let failure = 1; failure <= 5; failure++) {
      const answer = await attempt();
      expect({ failure, status: answer.status }).toEqual({ failure, status: 401 });
    }
    const sixth = await attempt();
    expect(sixth.status).toBe(429);
    expect((sixth.json as ErrorBody).error).toMatchObject({ status: 429, code: 'too-many-requests' });
    const retryAfter = Number(sixth.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Even the right password is held back while the account is throttled.
    const right = await post('/api/auth/login', { username: 'zhou.hui', password: E2E_DEMO_PASSWORD });
    expect(right.status).toBe(429);
    expect(right.json).not.toHaveProperty('accessToken');
    // Other accounts are not locked out by it.
    expect((await sut.api.login(BANK.username)).status).toBe(200);
  });

  it('gives a bank’s machine client a bank token that lists that bank’s pledges only', async () => {
    const submitted = await sut.api.as(BANK).post<PledgeResponse>('/api/pledges', {
      pledgor: { uscc: '91350100M000100Y43', name: '重庆示例智能装备有限公司' },
      ipItems: [{ ipType: 'invention-patent', number: '201910884346.5', title: '一种工业机器人关节减速器' }],
      requestedLoanAmount: '1000000.00',
      termMonths: 12,
      districtCode: '500112',
      appraiserOrgId: 'appraiser-cq-huaxin',
    });
    expect(submitted.status).toBe(201);

    const issued = await post('/api/auth/token', { clientId: 'bank-cq-rural-core', clientSecret: E2E_DEMO_PASSWORD });
    expect(issued.status).toBe(200);
    const body = issued.json as TokenResponse;
    expect(body).toMatchObject({ tokenType: 'Bearer', orgId: BANK.orgId, role: 'bank', subject: 'bank-cq-rural-core' });
    expect(claimsOf(body.accessToken)).toMatchObject({ kind: 'client', org: BANK.orgId, role: 'bank' });

    const listed = await get('/api/pledges', body.accessToken);
    expect(listed.status).toBe(200);
    expect((listed.json as Pledges).items.map((pledge) => pledge.id)).toEqual([submitted.body.id]);

    // The other bank's client sees none of it; a wrong secret is refused without saying which part.
    const other = await post('/api/auth/token', { clientId: 'bank-cq-city-core', clientSecret: E2E_DEMO_PASSWORD });
    expect(other.status).toBe(200);
    expect(((await get('/api/pledges', (other.json as TokenResponse).accessToken)).json as Pledges).items).toEqual([]);
    const wrong = await post('/api/auth/token', { clientId: 'bank-cq-rural-core', clientSecret: 'wrong-secret' });
    expect(wrong.status).toBe(401);
    expect((wrong.json as ErrorBody).error).toMatchObject({ code: 'unauthenticated', message: 'invalid client id or secret' });
  });
});
