// One JSON line per HTTP request, written when the answer is finished: method, route template,
// status, duration, the request and correlation ids, and the acting organisation and role when the
// request was authenticated. Never headers, tokens or bodies. The ids are echoed as response
// headers so a caller can quote them. Health probes log at debug to keep the volume down.
import type { NextFunction, Request, Response } from 'express';
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

export function accessLog(logger: Logger) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const { requestId, correlationId } = requestIds(request);
    response.setHeader(HEADERS.requestId, requestId);
    response.setHeader(HEADERS.correlationId, correlationId);
    // 'close' comes after 'finish' for a complete answer, and alone when the caller went away.
    response.once('close', () => {
      const fields = accessLogFields(request, response, Number(process.hrtime.bigint() - started) / 1e6);
      const line = response.writableFinished ? fields : { ...fields, aborted: true };
      if (isHealthProbe(fields.path)) logger.debug(line, 'http request');
      else logger.info(line, 'http request');
    });
    next();
  };
}
