// Idle keep-alive connections are closed by the side that sends on them, never under a request.
//
// A connection left open between two requests is closed, in the end, by one side's idle timer. If
// the server's fires while the client sends on that connection, the request is reset (ECONNRESET:
// a 502 at the gateway for a request the service never saw). Node's defaults make that likely: a
// server drops an idle connection after 5 s, and a client reuses it for up to 4 s (the server's
// hint less 1 s). A service whose event loop was busy for a second or more (a large export, a
// batch of events) fires its overdue idle timers before it reads the requests that arrived
// meanwhile, and resets them all. Measured in CI: four audit reads answered 502 during the fuzz.
//
// So every server (each service, and the gateway for whatever stands in front of it) keeps an idle
// connection for SERVER_KEEP_ALIVE_MS, above the 60 s idle timeout load balancers and proxies use
// by default, and the gateway lets its upstream connections go after UPSTREAM_IDLE_MS: only a
// server stalled for the half minute between the two could reset a request.
import { Agent, type Server } from 'node:http';

/** How long a server keeps an idle keep-alive connection open. */
export const SERVER_KEEP_ALIVE_MS = 65_000;

/** How long the gateway keeps an idle connection to a service before it closes it itself. */
export const UPSTREAM_IDLE_MS = 30_000;

/** Applies SERVER_KEEP_ALIVE_MS to a service's or the gateway's HTTP server. */
export function keepIdleConnectionsOpen(server: Server): void {
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
}

/** The gateway's connections to the services: kept alive, closed by the gateway when idle. */
export function upstreamAgent(): Agent {
  return new Agent({ keepAlive: true, timeout: UPSTREAM_IDLE_MS });
}
