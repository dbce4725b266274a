// Forwards /api/* to the service that owns the path, streaming bodies both ways. The gateway
// holds no state; it adds a request id and correlation id when the caller sent none. Every other
// end-to-end header passes as is both ways, IPledger-After in and IPledger-Events out among them
// (read-your-writes is between the caller and the owning service); UPSTREAM_TIMEOUT_MS must stay
// above the services' CONSISTENCY_WAIT_MS.
import { request as httpRequest, type ServerResponse } from 'node:http';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { HEADERS, type ErrorBody } from '@ipledger/contracts';
import { resolveClientAddress, type TrustedProxies } from '@ipledger/service-kit';
import { serviceForPath, type Upstreams } from './upstreams';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

function sendError(response: ServerResponse, status: number, body: ErrorBody): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
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
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    headers[HEADERS.requestId] = requestId;
    headers[HEADERS.correlationId] ??= requestId;
    // One address, the caller's as resolved here (X-Forwarded-For believed only from a trusted
    // proxy in front of the gateway), never a list the caller wrote: services trust the gateway,
    // and throttle logins and audit requests by this address.
    headers['x-forwarded-for'] = resolveClientAddress(incoming.socket.remoteAddress, incoming.headers['x-forwarded-for'], trustedProxies);
    const upstream = httpRequest(target, { method: incoming.method, headers, timeout: timeoutMs }, (answer) => {
      const answerHeaders: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) answerHeaders[name] = value;
      }
      response.writeHead(answer.statusCode ?? 502, answerHeaders);
      answer.pipe(response);
    });
    upstream.on('timeout', () => {
      upstream.destroy();
      sendError(response, 504, {
        error: { status: 504, code: 'service-unavailable', message: `${service} did not answer within ${timeoutMs} ms`, requestId },
      });
    });
    upstream.on('error', () => {
      sendError(response, 502, { error: { status: 502, code: 'service-unavailable', message: `${service} is not reachable`, requestId } });
    });
    incoming.pipe(upstream);
  };
}
