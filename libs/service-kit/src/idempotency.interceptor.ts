// Retried commands answer the first result: a POST carrying `Idempotency-Key` is executed once
// per (acting organisation, key); a retry with the same request gets the stored response, the same
// key with a different request gets 409. The interceptor attaches the claim to the request; the
// handler's context carries it into UnitOfWork.run(ctx, work), which commits the key in the
// command's own transaction (idempotency-store.ts), so a crash at any point neither loses the
// command nor runs it twice. Afterwards the command's receipt says whether the key is stored.
// Refused commands change nothing and leave no key: a corrected retry may reuse it.
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { HEADERS, type HttpRoute } from '@ipledger/contracts';
import type { DatabaseClient } from '@ipledger/db';
import { API_ROUTE_METADATA } from './api-route';
import { receiptOf } from './command-receipt';
import { addCommandEvents } from './command-events';
import { ConcurrentModificationError, IdempotencyConflictError, ValidationError } from './errors';
import { attachIdempotencyClaim, IdempotencyRaceError, IdempotencyStore, type IdempotencyClaim } from './idempotency-store';
import { readActor } from './request-context';
import type { ServiceIdentity } from './service-identity';
import { PRISMA, SERVICE_IDENTITY } from './tokens';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly store: IdempotencyStore;

  constructor(
    @Inject(PRISMA) private readonly prisma: DatabaseClient,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
  ) {
    this.store = new IdempotencyStore(identity.schema);
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
    const claim: IdempotencyClaim = {
      orgId: readActor(request).orgId,
      key,
      requestHash: createHash('sha256')
        .update(`${request.method} ${request.originalUrl}\n${JSON.stringify(request.body ?? null)}`)
        .digest('hex'),
      status: route.successStatus,
    };
    return from(this.once(claim, request, ctx.switchToHttp().getResponse<Response>(), next));
  }

  private async once(claim: IdempotencyClaim, request: Request, response: Response, next: CallHandler): Promise<unknown> {
    if (await this.store.find(this.prisma, claim.orgId, claim.key)) return this.replay(claim, request, response);
    attachIdempotencyClaim(request, claim);
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      if (error instanceof IdempotencyRaceError) return this.replay(claim, request, response);
      throw error;
    }
    const receipt = receiptOf(request);
    if (receipt.keyStored) await this.store.updateBody(this.prisma, claim, body);
    else if (!(await this.store.record(this.prisma, claim, body, receipt.events))) return this.replay(claim, request, response);
    return body;
  }

  private async replay(claim: IdempotencyClaim, request: Request, response: Response): Promise<unknown> {
    const stored = await this.store.find(this.prisma, claim.orgId, claim.key);
    // Lost the race to a request with the same key whose answer is not stored yet: retrying finds it.
    if (!stored) throw new ConcurrentModificationError(`a request with Idempotency-Key ${claim.key} is still being recorded; retry it`);
    if (stored.requestHash !== claim.requestHash) {
      throw new IdempotencyConflictError(`Idempotency-Key ${claim.key} was already used for a different request`);
    }
    response.status(stored.status);
    response.setHeader('idempotent-replay', 'true');
    addCommandEvents(receiptOf(request), stored.events);
    return stored.body;
  }
}
