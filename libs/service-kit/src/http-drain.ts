// Closing the HTTP side without cutting a request short: the listener stops accepting
// connections, idle keep-alive connections are closed, requests in flight finish, and their
// answers carry `Connection: close` so their connections end with them.
import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { ServiceState } from './service-state';

/** Express middleware: once shutting down, every answer closes its connection. */
export function closeConnectionsWhenStopping(state: ServiceState) {
  return (_request: Request, response: Response, next: NextFunction): void => {
    if (state.shuttingDown) response.setHeader('connection', 'close');
    next();
  };
}

/** Resolves when the listener is closed and the last connection has ended. */
export function closeHttpServer(server: Server, idleSweepMs = 50): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    // A connection whose request finished after close() was called turns idle; sweep again.
    const sweep = setInterval(() => server.closeIdleConnections(), idleSweepMs);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
