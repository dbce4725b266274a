import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { HttpRoute } from '@ipledger/contracts';
import { API_ROUTE_METADATA } from './api-route';
import { ForbiddenError } from './errors';
import { readActor } from './request-context';

/** Lets a request through only when its role is one the route allows (routes table in contracts). */
@Injectable()
export class RolesGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const route = Reflect.getMetadata(API_ROUTE_METADATA, ctx.getHandler()) as HttpRoute | undefined;
    if (!route || route.public) return true; // infrastructure endpoints such as /health, and logging in
    const actor = readActor(ctx.switchToHttp().getRequest<Request>());
    if (!route.roles.includes(actor.role)) {
      throw new ForbiddenError(`role ${actor.role} may not call ${route.method} ${route.path}; allowed: ${route.roles.join(', ')}`);
    }
    return true;
  }
}
