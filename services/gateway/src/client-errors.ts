// Requests Node refuses before any handler sees them (headers or URL over its 16 kB limit, broken
// HTTP) still get the documented error body, not a bare status line.
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from '@ipledger/contracts';

function answer(socket: Duplex, status: number, reason: string, body: ErrorBody): void {
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return;
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      answer(socket, 431, 'Request Header Fields Too Large', {
        error: { status: 431, code: 'payload-too-large', message: 'the request line or headers are too large (over 16 kB)' },
      });
      return;
    }
    answer(socket, 400, 'Bad Request', { error: { status: 400, code: 'validation-failed', message: 'malformed HTTP request' } });
  });
}
