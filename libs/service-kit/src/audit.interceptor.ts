// Works out which route of the routes table the request is (the audit state the handler's context
// hands to its unit of work), and after a successful answer records it unless the request's receipt
// says a unit of work already did (a login or an idempotent replay has none). Errors are recorded
// by the exception filter, which also sees what the guards refused before any interceptor ran.
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { mergeMap, Observable } from 'rxjs';
import { AuditRecorder } from './audit-recorder';

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditRecorder) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const request = ctx.switchToHttp().getRequest<Request>();
    if (!this.audit.stateOf(request)) return next.handle();
    return next.handle().pipe(
      mergeMap(async (body) => {
        await this.audit.recordAnswer(request, body);
        return body;
      }),
    );
  }
}
