// Forwards /api/* to the service that owns the path, streaming bodies both ways. The gateway
// holds no state; it adds a request id and correlation id when the caller sent none. Every other
// end-to-end header passes as is both ways, IPledger-After in and IPledger-Events out among them
// (read-your-writes is between the caller and the owning service); UPSTREAM_TIMEOUT_MS must stay
// above the services' CONSISTENCY_WAIT_MS.
//
// Whatever happens on either side, the caller gets the standard error body or the service's own
// answer: a service down or answering garbage is 502, one too slow 504 (both `service-unavailable`,
// retryable); a caller that goes away mid-request takes the upstream request down with it.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { HEADERS, type ErrorBody } from '@ipledger/contracts';
import { resolveClientAddress, type TrustedProxies } from '@ipledger/service-kit';
import { serviceForPath, type Upstreams } from './upstreams';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'expect',
]);

/** What a 502 or 504 asks the caller to wait before retrying. */
const UPSTREAM_RETRY_AFTER_SECONDS = 2;

function sendError(response: ServerResponse, status: number, body: ErrorBody): void {
  if (response.destroyed) return; // the caller is gone
  if (response.headersSent) {
    // Part of the service's answer is out: the caller must see it broken, not complete.
    if (!response.writableEnded) response.destroy();
    return;
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    pragma: 'no-cache',
  };
  if (body.error.retryable === true) headers['retry-after'] = String(UPSTREAM_RETRY_AFTER_SECONDS);
  response.writeHead(status, headers);
  response.end(JSON.stringify(body));
}

function forwardedHeaders(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const forwarded: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) forwarded[name] = value;
  }
  return forwarded;
}

export function createProxy(upstreams: Upstreams, timeoutMs: number, trustedProxies: TrustedProxies) {
  return (incoming: Request, response: ServerResponse): void => {
    const url = incoming.originalUrl;
    const requestId = (incoming.headers[HEADERS.requestId] as string | undefined) ?? randomUUID();
    const service = serviceForPath(url.split('?')[0]);
    if (!service) {
      sendError(response, 404, { error: { status: 404, code: 'not-found', message: `no endpoint at ${url.split('?')[0]}`, requestId } });
      return;
    }
    const target = new URL(url, upstreams[service]);
    const headers = forwardedHeaders(incoming.headers);
    headers[HEADERS.requestId] = requestId;
    headers[HEADERS.correlationId] ??= requestId;
    // One address, the caller's as resolved here (X-Forwarded-For believed only from a trusted
    // proxy in front of the gateway), never a list the caller wrote: services trust the gateway,
    // and throttle logins and audit requests by this address.
    headers['x-forwarded-for'] = resolveClientAddress(incoming.socket.remoteAddress, incoming.headers['x-forwarded-for'], trustedProxies);
    // A request without a body goes on without one (not as an empty chunked body).
    if (incoming.headers['content-length'] === undefined && incoming.headers['transfer-encoding'] === undefined)
      headers['content-length'] = '0';
    const unavailable = (status: 502 | 504, message: string): void =>
      sendError(response, status, { error: { status, code: 'service-unavailable', message, retryable: true, requestId } });

    const upstream = httpRequest(target, { method: incoming.method, headers, timeout: timeoutMs }, (answer) => {
      try {
        response.writeHead(answer.statusCode ?? 502, forwardedHeaders(answer.headers));
      } catch {
        answer.destroy();
        unavailable(502, `${service} gave an answer that cannot be passed on`);
        return;
      }
      answer.on('error', () => response.destroy());
      answer.pipe(response);
    });
    upstream.on('timeout', () => {
      unavailable(504, `${service} did not answer within ${timeoutMs} ms`);
      upstream.destroy();
    });
    upstream.on('error', () => unavailable(502, `${service} is not reachable or answered malformed HTTP`));
    // The caller went away (or its body broke off): nobody is left to answer, stop the upstream request.
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    incoming.on('error', () => upstream.destroy());
    incoming.pipe(upstream);
  };
}
