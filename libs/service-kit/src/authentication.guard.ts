import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { HttpRoute } from '@ipledger/contracts';
import { API_ROUTE_METADATA } from './api-route';
import { attachActor } from './request-context';
import type { TokenVerifier } from './authentication';
import { TOKEN_VERIFIER } from './tokens';

/**
 * Every route of the routes table needs a valid bearer token, except the public authentication
 * routes; infrastructure endpoints (health) are not in the table and need none. Runs before the
 * roles guard, which then reads the actor this guard attached.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const route = Reflect.getMetadata(API_ROUTE_METADATA, ctx.getHandler()) as HttpRoute | undefined;
    if (!route || route.public) return true;
    const request = ctx.switchToHttp().getRequest<Request>();
    attachActor(request, await this.verifier.actorOf(request.headers.authorization));
    return true;
  }
}
