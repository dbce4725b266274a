// Logging in: reserve an attempt under the throttle (atomically, before anything else), check the
// secret against its hash (the same work whether or not the account exists), keep the reservation
// as a failure or release it and issue a token. A refusal never says whether the username or the
// password was wrong.
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Role, type TokenResponse } from '@ipledger/contracts';
import { LOGGER, TooManyRequestsError, UnauthenticatedError, type Logger } from '@ipledger/service-kit';
import { DEMO_ORGANISATIONS } from './demo-accounts';
import { decideLogin, LOGIN_THROTTLE } from './domain/login-throttle';
import { hashSecret, UNKNOWN_SUBJECT_HASH, verifySecret } from './domain/secret-hashing';
import type { IdentityConfig } from './identity.config';
import { IdentityRepository, type StoredPrincipal } from './identity.repository';
import { TokenIssuer } from './token-issuer';

export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');
export const TOKEN_ISSUER_PROVIDER = Symbol('TOKEN_ISSUER');

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  constructor(
    private readonly repository: IdentityRepository,
    @Inject(TOKEN_ISSUER_PROVIDER) private readonly issuer: TokenIssuer,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.IPLEDGER_DEMO_PASSWORD === undefined) return;
    await this.repository.seed(DEMO_ORGANISATIONS, await hashSecret(this.config.IPLEDGER_DEMO_PASSWORD));
    this.logger.info({ organisations: DEMO_ORGANISATIONS.length }, 'demo accounts present');
  }

  login(username: string, password: string, source: string): Promise<TokenResponse> {
    return this.authenticate('user', username, password, source, () => this.repository.findUser(username), 'invalid username or password');
  }

  clientCredentials(clientId: string, secret: string, source: string): Promise<TokenResponse> {
    return this.authenticate('client', clientId, secret, source, () => this.repository.findClient(clientId), 'invalid client id or secret');
  }

  private async authenticate(
    kind: 'user' | 'client',
    subject: string,
    secret: string,
    source: string,
    find: () => Promise<StoredPrincipal | null>,
    refusal: string,
  ): Promise<TokenResponse> {
    const now = new Date();
    // The attempt is counted BEFORE the secret is checked, in one atomic step: parallel guesses
    // cannot all pass a count that none of them has added to yet.
    const { counts, reservation } = await this.repository.reserveAttempt(
      `${kind}:${subject}`,
      source,
      new Date(now.getTime() - LOGIN_THROTTLE.windowSeconds * 1000),
      LOGIN_THROTTLE,
    );
    const decision = decideLogin(counts, now);
    if (!decision.allowed || reservation === null) {
      throw new TooManyRequestsError(
        decision.allowed ? 'too many failed logins; try again later' : decision.reason,
        decision.allowed ? LOGIN_THROTTLE.windowSeconds : decision.retryAfterSeconds,
      );
    }

    const principal = await find();
    const matches = await verifySecret(secret, principal?.secretHash ?? UNKNOWN_SUBJECT_HASH);
    const role = Role.safeParse(principal?.role);
    if (principal === null || !matches || principal.disabled || !role.success) {
      // The reserved attempt stays: it is the failure.
      throw new UnauthenticatedError(refusal);
    }
    await this.repository.releaseAttempt(reservation);
    return this.issuer.issue({ kind, subject: principal.subject, orgId: principal.orgId, role: role.data });
  }
}
