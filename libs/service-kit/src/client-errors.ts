// Requests Node refuses before any handler sees them (headers or URL over its 16 kB limit, an
// unknown method, broken HTTP, a request not received in time) still get the documented error
// body, not a bare status line. Installed on every service's and the gateway's HTTP server.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from '@ipledger/contracts';

function answer(socket: Duplex, status: number, reason: string, body: ErrorBody): void {
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
      `Cache-Control: no-store\r\nConnection: close\r\n\r\n${json}`,
  );
}

export function answerClientErrors(server: Server): void {
  // An Expect header other than 100-continue: Node's own answer is a bare 417.
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const json = JSON.stringify({
      error: { status: 417, code: 'validation-failed', message: 'the Expect header can only be 100-continue' },
    } satisfies ErrorBody);
    response.writeHead(417, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
    response.end(json);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      answer(socket, 431, 'Request Header Fields Too Large', {
        error: { status: 431, code: 'payload-too-large', message: 'the request line or headers are too large (over 16 kB)' },
      });
      return;
    }
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      answer(socket, 408, 'Request Timeout', {
        error: { status: 408, code: 'validation-failed', message: 'the request was not received in time' },
      });
      return;
    }
    if (error.code === 'HPE_INVALID_METHOD') {
      answer(socket, 400, 'Bad Request', {
        error: { status: 400, code: 'validation-failed', message: 'malformed HTTP request: unknown method' },
      });
      return;
    }
    answer(socket, 400, 'Bad Request', { error: { status: 400, code: 'validation-failed', message: 'malformed HTTP request' } });
  });
}
