import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ValidationError } from './errors';

/** Where in a request a NUL character hides, e.g. "path parameter pledgeId" or "body.pledgor.name". */
function findNul(value: unknown, where: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? where : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNul(item, `${where}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = findNul(key, `${where} key`) ?? findNul(item, `${where}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * PostgreSQL text cannot hold a NUL character (U+0000), and no field of this API needs one: a
 * request carrying one anywhere (path, query, body) is refused with 400 before any handler runs,
 * instead of failing deep in the database.
 */
@Injectable()
export class TextSanityGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const request = ctx.switchToHttp().getRequest<Request>();
    const found =
      findNul(request.params, 'path') ?? findNul(request.query, 'query') ?? findNul(request.body, 'body') ?? findNul(request.path, 'path');
    if (found) throw new ValidationError([{ field: found, rule: 'must not contain the NUL character (U+0000)' }]);
    return true;
  }
}
