// Bearer tokens for tests, signed the way the identity service signs them (EdDSA, its issuer and
// audience) with the run's private key, so a service under test checks them with its real verifier.
// Signed with node:crypto, synchronously, so a test can build its headers as constants; the
// verifier that checks them is the production one (jose).
import { createPrivateKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { testEnvironment } from './env';

export interface TestActor {
  orgId: string;
  role: 'bank' | 'appraiser' | 'bureau' | 'guarantor' | 'insurer' | 'statistician';
  /** The user (or client id); defaults to `<orgId>-user`. */
  userId?: string;
}

export interface TokenOptions {
  /** Seconds from now; negative for a token that already expired. Default one hour. */
  expiresIn?: number;
  /** Sign with this key instead of the run's (a forged token). */
  key?: KeyObject;
  issuer?: string;
  audience?: string;
  /** Claims to add or override. */
  claims?: Record<string, unknown>;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A compact JWS (JWT) for `actor`. */
export function testToken(actor: TestActor, options: TokenOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({
      iss: options.issuer ?? 'ipledger-identity',
      aud: options.audience ?? 'ipledger',
      sub: actor.userId ?? `${actor.orgId}-user`,
      org: actor.orgId,
      role: actor.role,
      kind: 'user',
      jti: randomUUID(),
      iat: now,
      exp: now + (options.expiresIn ?? 3600),
      ...options.claims,
    }),
  );
  const key =
    options.key ??
    createPrivateKey({ key: JSON.parse(testEnvironment().jwtPrivateKey) as object, format: 'jwk' } as Parameters<
      typeof createPrivateKey
    >[0]);
  const signature = sign(null, Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${base64url(signature)}`;
}

/** `{ authorization: 'Bearer …' }` for `actor`, plus JSON content type: a test's request headers. */
export function actingAs(actor: TestActor, options: TokenOptions = {}): Record<string, string> {
  return { authorization: `Bearer ${testToken(actor, options)}`, 'content-type': 'application/json' };
}

/** A key the services do not trust: tokens it signs must be refused. */
export function foreignSigningKey(): KeyObject {
  return generateKeyPairSync('ed25519').privateKey;
}
