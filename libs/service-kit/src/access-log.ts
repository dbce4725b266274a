// One JSON line per HTTP request, written by pino-http when the answer is finished (or the caller
// went away): method, route template, status, duration, the request and correlation ids, and the
// acting organisation and role when the request was authenticated. Never headers, tokens or bodies:
// pino-http's own `req`/`res` objects are left out (quiet loggers, our own line object). The ids are
// echoed as response headers so a caller can quote them. Health probes log at debug to keep the
// volume down.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { pinoHttp, type Options } from 'pino-http';
import { HEADERS } from '@ipledger/contracts';
import type { Logger } from './logging';
import { findActor, requestIds } from './request-context';

export interface AccessLogFields {
  method: string;
  /** The route template (/api/loans/:loanId) when a route matched, else null. */
  route: string | null;
  /** The path without its query string. */
  path: string;
  status: number;
  durationMs: number;
  requestId: string;
  correlationId: string;
  actorOrg?: string;
  actorRole?: string;
}

export const ACCESS_LOG_MESSAGE = 'http request';

/** The fields of one access-log line (pure, for the middleware and its tests). */
export function accessLogFields(request: Request, response: Response, durationMs: number): AccessLogFields {
  const { requestId, correlationId } = requestIds(request);
  const route = (request.route as { path?: unknown } | undefined)?.path;
  const actor = findActor(request);
  return {
    method: request.method,
    route: typeof route === 'string' ? route : null,
    path: (request.originalUrl ?? request.url).split('?')[0] ?? '',
    status: response.statusCode,
    durationMs: Math.round(durationMs * 10) / 10,
    requestId,
    correlationId,
    ...(actor ? { actorOrg: actor.orgId, actorRole: actor.role } : {}),
  };
}

function isHealthProbe(path: string): boolean {
  return path === '/health' || path.startsWith('/health/');
}

/** The access line's level: health probes at debug, every other request at info (5xx included). */
export function accessLogLevel(request: Request): 'debug' | 'info' {
  return isHealthProbe((request.originalUrl ?? request.url).split('?')[0] ?? '') ? 'debug' : 'info';
}

/**
 * The object pino-http logs for a finished request: the access fields, `aborted` when the caller
 * went away first. The request id is left to the logger's binding (pino-http's request logger
 * carries it as `requestId`), so it appears once.
 */
export function accessLogLine(
  request: Request,
  response: Response,
  durationMs: number,
): Omit<AccessLogFields, 'requestId'> & { aborted?: true } {
  const { requestId: _bound, ...fields } = accessLogFields(request, response, durationMs);
  return response.writableFinished ? fields : { ...fields, aborted: true };
}

/** pino-http configured to write exactly the access line above. */
export function accessLogOptions(logger: Logger): Options<IncomingMessage, ServerResponse> {
  const line = (request: IncomingMessage, response: ServerResponse, value: { responseTime: number }) =>
    accessLogLine(request as Request, response as Response, value.responseTime);
  return {
    logger,
    // Every line of the request's logger carries its id (and nothing else of the request).
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    genReqId: (request) => requestIds(request as Request).requestId,
    customLogLevel: (request) => accessLogLevel(request as Request),
    customSuccessObject: (request, response, value) => line(request, response, value as { responseTime: number }),
    customErrorObject: (request, response, _error, value) => line(request, response, value as { responseTime: number }),
    customSuccessMessage: () => ACCESS_LOG_MESSAGE,
    customErrorMessage: () => ACCESS_LOG_MESSAGE,
  };
}

export function accessLog(logger: Logger) {
  const log = pinoHttp(accessLogOptions(logger));
  return (request: Request, response: Response, next: NextFunction): void => {
    const { requestId, correlationId } = requestIds(request);
    response.setHeader(HEADERS.requestId, requestId);
    response.setHeader(HEADERS.correlationId, correlationId);
    log(request, response, next);
  };
}
