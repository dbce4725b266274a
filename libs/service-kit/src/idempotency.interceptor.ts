// Retried commands answer the first result: a POST carrying `Idempotency-Key` is executed once
// per (acting organisation, key); a retry with the same request gets the stored response, the same
// key with a different request gets 409. Refused commands change nothing, so their key is freed
// and a corrected retry may reuse it.
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { HEADERS, type HttpRoute } from '@ipledger/contracts';
import type { PrismaClient } from '@ipledger/db';
import { quoteSchema } from '@ipledger/messaging';
import { API_ROUTE_METADATA } from './api-route';
import { IdempotencyConflictError, ValidationError } from './errors';
import { readActor } from './request-context';
import type { ServiceIdentity } from './service-identity';
import { PRISMA, SERVICE_IDENTITY } from './tokens';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;
const IN_PROGRESS = 0;

interface StoredKey {
  request_hash: string;
  response_status: number;
  response_body: unknown;
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly table: string;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
  ) {
    this.table = `${quoteSchema(identity.schema)}.idempotency_keys`;
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle(); // event handlers are idempotent by eventId
    const route = Reflect.getMetadata(API_ROUTE_METADATA, ctx.getHandler()) as HttpRoute | undefined;
    const request = ctx.switchToHttp().getRequest<Request>();
    const key = request.headers[HEADERS.idempotencyKey];
    if (route?.method !== 'POST' || key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new ValidationError([{ field: `header ${HEADERS.idempotencyKey}`, rule: 'must be 1-100 letters, digits or . _ : -' }]);
    }
    return from(this.once(readActor(request).orgId, key, request, ctx.switchToHttp().getResponse<Response>(), next));
  }

  private async once(orgId: string, key: string, request: Request, response: Response, next: CallHandler): Promise<unknown> {
    const requestHash = createHash('sha256').update(`${request.method} ${request.originalUrl}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
    const claimed = await this.prisma.$executeRawUnsafe(
      `INSERT INTO ${this.table} (actor_org_id, key, request_hash, response_status, response_body) VALUES ($1, $2, $3, $4, '{}'::jsonb) ON CONFLICT DO NOTHING`,
      orgId,
      key,
      requestHash,
      IN_PROGRESS,
    );
    if (claimed === 0) return this.replay(orgId, key, requestHash, response);
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.prisma.$executeRawUnsafe(
        `UPDATE ${this.table} SET response_status = $3, response_body = $4::jsonb WHERE actor_org_id = $1 AND key = $2`,
        orgId,
        key,
        response.statusCode,
        JSON.stringify(body ?? null),
      );
      return body;
    } catch (error) {
      await this.prisma.$executeRawUnsafe(`DELETE FROM ${this.table} WHERE actor_org_id = $1 AND key = $2`, orgId, key);
      throw error;
    }
  }

  private async replay(orgId: string, key: string, requestHash: string, response: Response): Promise<unknown> {
    const [stored] = await this.prisma.$queryRawUnsafe<StoredKey[]>(
      `SELECT request_hash, response_status, response_body FROM ${this.table} WHERE actor_org_id = $1 AND key = $2`,
      orgId,
      key,
    );
    if (!stored) throw new IdempotencyConflictError(`Idempotency-Key ${key} was released while this request ran; retry it`);
    if (stored.request_hash !== requestHash) {
      throw new IdempotencyConflictError(`Idempotency-Key ${key} was already used for a different request`);
    }
    if (stored.response_status === IN_PROGRESS) {
      throw new IdempotencyConflictError(`the first request with Idempotency-Key ${key} is still running; retry shortly`);
    }
    response.setHeader('idempotent-replay', 'true');
    return stored.response_body;
  }
}
