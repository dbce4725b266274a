import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, importJWK } from 'jose';
import { TokenVerifier } from './authentication';
import { UnauthenticatedError } from './errors';

function keys() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicJwk: JSON.stringify(publicKey.export({ format: 'jwk' })),
    privateJwk: JSON.stringify(privateKey.export({ format: 'jwk' })),
  };
}

const trusted = keys();
const foreign = keys();

async function token(
  options: { privateJwk?: string; expiresIn?: string; claims?: Record<string, unknown>; issuer?: string } = {},
): Promise<string> {
  const key = await importJWK(JSON.parse(options.privateJwk ?? trusted.privateJwk) as Parameters<typeof importJWK>[0], 'EdDSA');
  return new SignJWT({ org: 'bank-cq-rural', role: 'bank', kind: 'user', ...options.claims })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(options.issuer ?? 'ipledger-identity')
    .setAudience('ipledger')
    .setSubject('li.wei')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(key);
}

async function refusal(authorization: string | undefined): Promise<string> {
  try {
    await new TokenVerifier(trusted.publicJwk).actorOf(authorization);
  } catch (error) {
    if (error instanceof UnauthenticatedError) return error.message;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('checking bearer tokens', () => {
  it('accepts a token signed by the identity service and names its actor', async () => {
    const actor = await new TokenVerifier(trusted.publicJwk).actorOf(`Bearer ${await token()}`);

    expect(actor).toEqual({ orgId: 'bank-cq-rural', role: 'bank', userId: 'li.wei' });
  });

  it('refuses each bad token with its own reason', async () => {
    expect(await refusal(undefined)).toMatch(/^missing bearer token/);
    expect(await refusal('Basic bGk6d2Vp')).toMatch(/^malformed Authorization header/);
    expect(await refusal(`Bearer ${await token({ expiresIn: '-1m' })}`)).toBe('the token has expired: get a new one');
    expect(await refusal(`Bearer ${await token({ privateJwk: foreign.privateJwk })}`)).toBe('the token’s signature is not valid');
    expect(await refusal(`Bearer ${await token({ issuer: 'someone-else' })}`)).toMatch(/"iss" claim/);
    expect(await refusal(`Bearer ${await token({ claims: { role: 'root' } })}`)).toMatch(/valid organisation, role and subject/);
    const [header, payload] = (await token()).split('.');
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'bureau' })).toString(
      'base64url',
    );
    expect(await refusal(`Bearer ${header}.${tampered}.${(await token()).split('.')[2]}`)).toBe('the token’s signature is not valid');
  });
});
