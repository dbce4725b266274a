// Errors that say the database (or a connection to it) is unavailable, not that the event is bad:
// a consumer must keep retrying these without dead-lettering the event (dead-lettering would drop
// its effect for good: the offset moves on while the database is merely restarting).
// Prisma's own codes (P1001 can't reach the server, P1002 timed out, P1008 operation timed out,
// P1017 server closed the connection, P2024 pool timeout), PostgreSQL's SQLSTATE classes 08
// (connection exception) and 57P (operator intervention: shutdown, cannot connect now), 53300 (too
// many connections), and Node's socket errors; the `cause` chain is searched too.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTCONN']);
const MESSAGES = [
  /can't reach database server/i,
  /connection terminated/i,
  /server has closed the connection/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down)/i,
];

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function isDatabaseUnavailableError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; typeof current === 'object' && current !== null && depth < 6; depth += 1) {
    const code = codeOf(current);
    if (
      code !== undefined &&
      (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || code.startsWith('08') || code.startsWith('57P') || code === '53300')
    )
      return true;
    if ((current as { name?: unknown }).name === 'PrismaClientInitializationError') return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
