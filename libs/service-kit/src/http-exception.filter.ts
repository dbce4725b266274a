// The one place where errors become HTTP responses. Every error body is the contracts' ErrorBody;
// no stack trace ever leaves the process.
import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ErrorBody, ErrorCode } from '@ipledger/contracts';
import { isContentionError, isDatabaseUnavailableError } from '@ipledger/messaging';
import {
  ConcurrentModificationError,
  DomainError,
  IllegalTransitionError,
  MalformedBodyError,
  MethodNotAllowedError,
  NotYetConsistentError,
  RuleViolationError,
  TooManyRequestsError,
  UnsupportedMediaTypeError,
  ValidationError,
} from './errors';
import type { AuditRecorder } from './audit-recorder';
import type { Logger } from './logging';
import { requestIds } from './request-context';

type Mapped = { status: number; code: ErrorCode; message: string };

/** The code of a 4xx that carries no code of its own (a framework's or a library's error). */
function codeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
      return 'method-not-allowed';
    case 409:
      return 'rule-violated';
    case 413:
    case 431:
      return 'payload-too-large';
    case 415:
      return 'unsupported-media-type';
    case 429:
      return 'too-many-requests';
    default:
      return status >= 500 ? 'internal-error' : 'validation-failed';
  }
}

function fromHttpException(exception: HttpException, request: Request): Mapped {
  const status = exception.getStatus();
  if (status === 413) return { status, code: 'payload-too-large', message: 'request body is too large' };
  if (status === 404) return { status, code: 'not-found', message: `no endpoint ${request.method} ${request.path}` };
  if (status >= 500) return { status, code: 'internal-error', message: 'internal error; quote the request id to support' };
  return { status, code: codeOfStatus(status), message: exception.message };
}

/**
 * Errors of Express and its libraries (http-errors: `status` 4xx and `expose`), e.g. a path
 * parameter that is not valid percent-encoding. Their message is meant for the client.
 */
function fromClientError(exception: unknown): Mapped | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, statusCode, expose, message } = exception as {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
    message?: unknown;
  };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code >= 500 || expose !== true) return undefined;
  return {
    status: code,
    code: codeOfStatus(code),
    message: typeof message === 'string' ? message.slice(0, 300) : 'the request is malformed',
  };
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
    const body = this.toBody(exception, request, requestId);
    if (!response.headersSent) this.setHeaders(response, exception, body);
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

  private setHeaders(response: Response, exception: unknown, body: ErrorBody): void {
    // An error is never cached, whatever path it answers.
    response.setHeader('cache-control', 'no-store');
    response.setHeader('pragma', 'no-cache');
    if (
      exception instanceof TooManyRequestsError ||
      exception instanceof NotYetConsistentError ||
      exception instanceof ConcurrentModificationError
    ) {
      response.setHeader('retry-after', String(exception.retryAfterSeconds));
    } else if (body.error.status === 503) response.setHeader('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    if (exception instanceof MethodNotAllowedError) response.setHeader('allow', exception.allowed.join(', '));
    if (body.error.status === 401) response.setHeader('www-authenticate', 'Bearer realm="ipledger"');
  }

  private toBody(exception: unknown, request: Request, requestId: string): ErrorBody {
    if (exception instanceof DomainError) {
      const details =
        exception instanceof ValidationError || exception instanceof RuleViolationError || exception instanceof MalformedBodyError
          ? exception.details
          : exception instanceof UnsupportedMediaTypeError
            ? [{ field: exception.field, rule: exception.message }]
            : undefined;
      const currentState =
        exception instanceof IllegalTransitionError ||
        exception instanceof RuleViolationError ||
        exception instanceof ConcurrentModificationError
          ? exception.currentState
          : undefined;
      const retryable = exception instanceof ConcurrentModificationError || exception instanceof NotYetConsistentError;
      return {
        error: {
          status: exception.status,
          code: exception.code,
          message: exception.message,
          ...(details ? { details } : {}),
          ...(currentState ? { currentState } : {}),
          ...(exception instanceof NotYetConsistentError ? { pendingEvents: exception.pendingEvents } : {}),
          ...(retryable ? { retryable } : {}),
          requestId,
        },
      };
    }
    if (exception instanceof HttpException) {
      return { error: { ...fromHttpException(exception, request), requestId } };
    }
    const clientError = fromClientError(exception);
    if (clientError !== undefined) return { error: { ...clientError, requestId } };
    if (isDatabaseUnavailableError(exception)) {
      // Retrying is safe: with its Idempotency-Key a command never runs twice.
      return {
        error: {
          status: 503,
          code: 'service-unavailable',
          message: 'the database is not reachable right now; retry shortly',
          retryable: true,
          requestId,
        },
      };
    }
    if (isContentionError(exception)) {
      // Rolled back whole (it waited too long behind commands on the same records): safe to repeat.
      return {
        error: {
          status: 503,
          code: 'service-unavailable',
          message: 'the command waited too long for other commands on the same records and was rolled back; retry shortly',
          retryable: true,
          requestId,
        },
      };
    }
    return { error: { status: 500, code: 'internal-error', message: 'internal error; quote the request id to support', requestId } };
  }
}
