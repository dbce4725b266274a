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

// Errors that say a transaction lost a race for the database's time, not that the command or event is
// wrong: Prisma's P2028 (an interactive transaction that ran past its timeout, e.g. queued behind
// dozens of others on one locked row) and P2034 (a write conflict or deadlock), PostgreSQL's 40001
// (serialization failure), 40P01 (deadlock) and 55P03 (lock not available). The transaction rolled
// back whole, so the same command (with its Idempotency-Key) or event may simply run again.
const CONTENTION_CODES = new Set(['P2028', 'P2034', '40001', '40P01', '55P03']);
const CONTENTION_MESSAGES = [/expired transaction/i, /transaction already closed/i, /deadlock detected/i];

export function isContentionError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; typeof current === 'object' && current !== null && depth < 6; depth += 1) {
    const code = codeOf(current);
    if (code !== undefined && CONTENTION_CODES.has(code)) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && CONTENTION_MESSAGES.some((pattern) => pattern.test(message))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
