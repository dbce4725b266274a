// A server for ../keep-alive.int.spec.ts, in a process of its own so that it can be busy without
// stalling the test: GET /busy holds its event loop for BUSY_MS, anything else answers "ok" at once.
// KEEP_ALIVE=service-kit applies keepIdleConnectionsOpen, KEEP_ALIVE=node-default leaves Node's.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepIdleConnectionsOpen } from '../keep-alive';

const busyMs = Number(process.env.BUSY_MS ?? 3_000);

const server: Server = createServer((request, response) => {
  if (request.url === '/busy') {
    const until = Date.now() + busyMs;
    while (Date.now() < until); // a busy event loop, as under a long synchronous stretch
  }
  response.end('ok');
});
if (process.env.KEEP_ALIVE === 'service-kit') keepIdleConnectionsOpen(server);
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => process.exit(0));
