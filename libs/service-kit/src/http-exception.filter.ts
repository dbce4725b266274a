// The one place where errors become HTTP responses. Every error body is the contracts' ErrorBody;
// no stack trace ever leaves the process.
import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ErrorBody, ErrorCode } from '@ipledger/contracts';
import { isDatabaseUnavailableError } from '@ipledger/messaging';
import { DomainError, IllegalTransitionError, NotYetConsistentError, RuleViolationError, TooManyRequestsError, ValidationError } from './errors';
import type { AuditRecorder } from './audit-recorder';
import type { Logger } from './logging';
import { requestIds } from './request-context';

function fromHttpException(exception: HttpException): { status: number; code: ErrorCode; message: string } {
  const status = exception.getStatus();
  if (status === 413) return { status, code: 'payload-too-large', message: 'request body is too large' };
  if (status === 404) return { status, code: 'not-found', message: 'no such endpoint' };
  if (status === 400) return { status, code: 'validation-failed', message: 'request body is not valid JSON' };
  if (status === 403) return { status, code: 'forbidden', message: exception.message };
  return { status, code: status >= 500 ? 'internal-error' : 'validation-failed', message: exception.message };
}

/** What a 503 for an unreachable database asks the caller to wait before retrying. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    /** Records refused and denied requests in the audit trail before the answer leaves. */
    private readonly audit?: AuditRecorder,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const { requestId } = requestIds(request);
    const body = this.toBody(exception, requestId);
    if (exception instanceof TooManyRequestsError) response.setHeader('retry-after', String(exception.retryAfterSeconds));
    if (exception instanceof NotYetConsistentError) response.setHeader('retry-after', String(exception.retryAfterSeconds));
    else if (body.error.status === 503) response.setHeader('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    if (body.error.status === 401) response.setHeader('www-authenticate', 'Bearer realm="ipledger"');
    if (body.error.status >= 500) {
      this.logger.error({ err: exception, requestId, path: request.path }, 'request failed');
    }
    const send = (): void => {
      if (!response.headersSent) response.status(body.error.status).json(body);
    };
    if (this.audit === undefined) return send();
    // recordError never throws; the answer goes out either way.
    void this.audit.recordError(request, body.error).then(send, send);
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof DomainError) {
      const details =
        exception instanceof ValidationError || exception instanceof RuleViolationError ? exception.details : undefined;
      const currentState =
        exception instanceof IllegalTransitionError || exception instanceof RuleViolationError ? exception.currentState : undefined;
      return {
        error: {
          status: exception.status,
          code: exception.code,
          message: exception.message,
          ...(details ? { details } : {}),
          ...(currentState ? { currentState } : {}),
          ...(exception instanceof NotYetConsistentError ? { pendingEvents: exception.pendingEvents } : {}),
          requestId,
        },
      };
    }
    if (exception instanceof HttpException) {
      return { error: { ...fromHttpException(exception), requestId } };
    }
    const type = (exception as { type?: string } | null)?.type;
    if (type === 'entity.too.large') {
      return { error: { status: 413, code: 'payload-too-large', message: 'request body is too large', requestId } };
    }
    if (type === 'entity.parse.failed') {
      return { error: { status: 400, code: 'validation-failed', message: 'request body is not valid JSON', requestId } };
    }
    if (isDatabaseUnavailableError(exception)) {
      // Retrying is safe: with its Idempotency-Key a command never runs twice.
      return { error: { status: 503, code: 'service-unavailable', message: 'the database is not reachable right now; retry shortly', requestId } };
    }
    return { error: { status: 500, code: 'internal-error', message: 'internal error; quote the request id to support', requestId } };
  }
}
