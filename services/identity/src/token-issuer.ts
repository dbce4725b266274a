// Signing bearer tokens: Ed25519 (EdDSA) with the identity service's private key; every other
// service checks them with the public key alone, so no other service can mint one.
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, type Role, type TokenResponse } from '@ipledger/contracts';

export interface Principal {
  kind: 'user' | 'client';
  subject: string;
  orgId: string;
  role: Role;
}

export class TokenIssuer {
  private readonly key: ReturnType<typeof importJWK>;

  constructor(
    privateJwk: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = importJWK(JSON.parse(privateJwk) as Parameters<typeof importJWK>[0], 'EdDSA');
  }

  async issue(principal: Principal): Promise<TokenResponse> {
    const accessToken = await new SignJWT({ org: principal.orgId, role: principal.role, kind: principal.kind })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(principal.subject)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(await this.key);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.ttlSeconds,
      orgId: principal.orgId,
      role: principal.role,
      subject: principal.subject,
    };
  }
}
