// Forwards /api/* to the service that owns the path, streaming bodies both ways, on
// http-proxy-middleware (routing, streaming, upstream errors, stopping the upstream request when the
// caller aborts). The gateway holds no state; it adds a request id and correlation id when the
// caller sent none. Every other end-to-end header passes as is both ways, IPledger-After in and
// IPledger-Events out among them (read-your-writes is between the caller and the owning service);
// UPSTREAM_TIMEOUT_MS must stay above the services' CONSISTENCY_WAIT_MS.
//
// Whatever happens on either side, the caller gets the standard error body or the service's own
// answer: a service down or answering garbage is 502, one too slow 504 (both `service-unavailable`,
// retryable); a caller that goes away mid-request takes the upstream request down with it.
//
// Where the library's defaults do not keep these edges, this file decides:
// - The outgoing headers are set on the incoming request before it is handed on (the library copies
//   them): `on.proxyReq` comes only once a socket is assigned, when body bytes may have fixed the
//   headers already. The library's X-Forwarded-* (xfwd) stays off: one address, resolved here.
// - The timeout is set in `on.proxyReq` and ends the upstream request with UpstreamTimeout:
//   `proxyTimeout` aborts into the same "socket hang up" as a service that dropped the
//   connection, so 504 could not be told from 502.
// - The answer is written here (selfHandleResponse): without hop-by-hop headers, and an answer Node
//   refuses to pass on is a 502 instead of an exception thrown inside the library's stream.
import { type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Request } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { randomUUID } from 'node:crypto';
import { HEADERS, type ErrorBody, type ServiceName } from '@ipledger/contracts';
import { resolveClientAddress, upstreamAgent, type TrustedProxies } from '@ipledger/service-kit';
import { serviceForPath, type Upstreams } from './upstreams';

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'expect'];

/** What a 502 or 504 asks the caller to wait before retrying. */
const UPSTREAM_RETRY_AFTER_SECONDS = 2;

class UpstreamTimeout extends Error {}

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

function withoutHopByHop(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.includes(name)) kept[name] = value;
  }
  return kept;
}

/** The headers the service gets: the caller's end-to-end ones, the ids, one X-Forwarded-For. */
function upstreamHeaders(incoming: Request, trustedProxies: TrustedProxies): IncomingMessage['headers'] {
  const headers: IncomingMessage['headers'] = withoutHopByHop(incoming.headers);
  const requestId = (incoming.headers[HEADERS.requestId] as string | undefined) ?? randomUUID();
  headers[HEADERS.requestId] = requestId;
  headers[HEADERS.correlationId] ??= requestId;
  // One address, the caller's as resolved here (X-Forwarded-For believed only from a trusted
  // proxy in front of the gateway), never a list the caller wrote: services trust the gateway,
  // and throttle logins and audit requests by this address.
  headers['x-forwarded-for'] = resolveClientAddress(incoming.socket.remoteAddress, incoming.headers['x-forwarded-for'], trustedProxies);
  // A request without a body goes on without one (not as an empty chunked body).
  if (incoming.headers['content-length'] === undefined && incoming.headers['transfer-encoding'] === undefined)
    headers['content-length'] = '0';
  return headers;
}

const pathOf = (request: Request): string => request.originalUrl.split('?')[0] ?? '';

export function createProxy(upstreams: Upstreams, timeoutMs: number, trustedProxies: TrustedProxies) {
  const unavailable = (request: Request, response: ServerResponse, status: 502 | 504, message: string): void => {
    const requestId = request.headers[HEADERS.requestId] as string;
    sendError(response, status, { error: { status, code: 'service-unavailable', message, retryable: true, requestId } });
  };

  const proxy = createProxyMiddleware<Request, ServerResponse>({
    router: (request) => upstreams[serviceForPath(pathOf(request)) as ServiceName],
    // Mounted under /api, Express strips the prefix from request.url; the service wants the whole path.
    pathRewrite: (_path, request) => request.originalUrl,
    changeOrigin: true,
    xfwd: false,
    // Kept-alive connections the gateway closes when idle, well before a service would (keep-alive.ts).
    agent: upstreamAgent(),
    selfHandleResponse: true,
    on: {
      proxyReq: (upstream: ClientRequest, _request, response) => {
        upstream.setTimeout(timeoutMs, () => upstream.destroy(new UpstreamTimeout()));
        // The caller went away (or its body broke off): nobody is left to answer, stop the upstream request.
        if (response.destroyed) upstream.destroy();
        else response.on('close', () => !response.writableFinished && upstream.destroy());
      },
      proxyRes: (answer, request, response) => {
        const service = serviceForPath(pathOf(request));
        try {
          response.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
        } catch {
          answer.destroy();
          unavailable(request, response, 502, `${service} gave an answer that cannot be passed on`);
          return;
        }
        answer.on('error', () => response.destroy());
        answer.pipe(response);
      },
      error: (error, request, response: ServerResponse | Socket) => {
        if (!('writeHead' in response)) return; // not an HTTP answer (upgrades are not proxied)
        const service = serviceForPath(pathOf(request));
        if (error instanceof UpstreamTimeout) unavailable(request, response, 504, `${service} did not answer within ${timeoutMs} ms`);
        else unavailable(request, response, 502, `${service} is not reachable or answered malformed HTTP`);
      },
    },
  });

  return (incoming: Request, response: ServerResponse): void => {
    const path = pathOf(incoming);
    if (!serviceForPath(path)) {
      const requestId = (incoming.headers[HEADERS.requestId] as string | undefined) ?? randomUUID();
      sendError(response, 404, { error: { status: 404, code: 'not-found', message: `no endpoint at ${path}`, requestId } });
      return;
    }
    incoming.headers = upstreamHeaders(incoming, trustedProxies);
    // The library hands on what it could not even start (no target) instead of answering: a 502 too.
    void proxy(incoming, response, () => unavailable(incoming, response, 502, `${path} could not be forwarded`));
  };
}
