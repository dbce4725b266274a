// Checking a bearer token: signature (Ed25519, the identity service's key), issuer, audience,
// expiry and the claims' shape. The answer is the actor every command records, or a 401 that says
// what was wrong with the token (never which part of a password was).
import { errors, importJWK, jwtVerify, type CryptoKey, type KeyObject } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, TokenClaims, type Actor } from '@ipledger/contracts';
import { UnauthenticatedError } from './errors';

/** Tokens are accepted up to this many seconds past their expiry, for clocks a little apart. */
const CLOCK_TOLERANCE_SECONDS = 5;

export class TokenVerifier {
  private key?: Promise<CryptoKey | KeyObject | Uint8Array>;

  constructor(private readonly publicJwk: string) {}

  /** The actor a valid `Authorization` header names; UnauthenticatedError with the reason otherwise. */
  async actorOf(authorization: string | undefined): Promise<Actor> {
    if (authorization === undefined || authorization.trim() === '') {
      throw new UnauthenticatedError(
        'missing bearer token: send Authorization: Bearer <token> (POST /api/auth/login or /api/auth/token issues one)',
      );
    }
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization.trim());
    if (!match) throw new UnauthenticatedError('malformed Authorization header: expected "Bearer " followed by a JWT');
    const claims = await this.verify(match[1]);
    const parsed = TokenClaims.safeParse(claims);
    if (!parsed.success) throw new UnauthenticatedError('the token does not carry a valid organisation, role and subject');
    return { orgId: parsed.data.org, role: parsed.data.role, userId: parsed.data.sub };
  }

  private async verify(token: string): Promise<unknown> {
    this.key ??= importJWK(JSON.parse(this.publicJwk) as Parameters<typeof importJWK>[0], 'EdDSA');
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        algorithms: ['EdDSA'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      return payload;
    } catch (error) {
      throw new UnauthenticatedError(reasonFor(error));
    }
  }
}

function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired: get a new one';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token’s signature is not valid';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token’s "${error.claim}" claim is not acceptable (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with EdDSA';
  return 'the token is malformed';
}
