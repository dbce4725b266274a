// Identity behind a peer that is NOT a trusted proxy: X-Forwarded-For is the caller's claim and is
// ignored, so an attacker cannot spread guesses over invented addresses (every one counts against
// its real address), nor pin failures on someone else's address to lock them out.
import type { ErrorBody, TokenResponse } from '@ipledger/contracts';
import { createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { serviceUnderTest } from '@ipledger/testing';
import { PrismaClient } from './database';
import { loadIdentityConfig } from './identity.config';
import { IdentityModule } from './identity.module';

const PASSWORD = 'integration-demo-password';

describe('identity when its peer is not a trusted proxy', () => {
  const sut = serviceUnderTest(
    { service: 'identity', schema: 'identity', prismaClient: PrismaClient },
    {
      createApp: (definition, env) =>
        createServiceApp(
          { ...definition, module: IdentityModule.withConfig(loadIdentityConfig(env)) },
          loadConfig(ServiceConfigSchema, env),
        ),
      // The test calls from loopback; only 192.0.2.250 would be believed.
      env: { IPLEDGER_DEMO_PASSWORD: PASSWORD, IPLEDGER_TRUSTED_PROXIES: '192.0.2.250' },
    },
  );
  const login = (username: string, password: string, claimed: string) =>
    sut.call<TokenResponse & ErrorBody>(
      'POST',
      '/api/auth/login',
      { 'content-type': 'application/json', 'x-forwarded-for': claimed },
      { username, password },
    );

  it('ignores a spoofed X-Forwarded-For and counts failures against the real peer', async () => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      expect((await login(`spoof-${attempt % 5}.nobody`, 'wrong-secret', `198.51.100.${attempt + 1}`)).status).toBe(401);
    }
    const rows = await sut.prisma.identityLoginFailure.findMany();
    expect(new Set(rows.map((row) => row.source))).toEqual(new Set(['127.0.0.1']));

    const next = await login('wang.fang', PASSWORD, '198.51.100.200');
    expect(next.status).toBe(429);
    expect(next.body.error.message).toMatch(/too many failed logins from this address/);
  });
});
