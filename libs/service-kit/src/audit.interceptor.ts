// Enters the request's audit context (AsyncLocalStorage) around the rest of the chain, so that
// UnitOfWork.run can record a command in its own transaction, and records a successful answer
// that no unit of work recorded (a login, an idempotent replay). Errors are recorded by the
// exception filter, which also sees what the guards refused before any interceptor ran.
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { mergeMap, Observable } from 'rxjs';
import { AuditRecorder, auditStorage } from './audit-recorder';

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditRecorder) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const request = ctx.switchToHttp().getRequest<Request>();
    const state = this.audit.stateOf(request);
    if (!state) return next.handle();
    const answered = new Observable<unknown>((subscriber) => auditStorage.run(state, () => next.handle().subscribe(subscriber)));
    return answered.pipe(
      mergeMap(async (body) => {
        await this.audit.recordAnswer(request, body);
        return body;
      }),
    );
  }
}
