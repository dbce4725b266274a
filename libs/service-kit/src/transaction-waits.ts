// How long a service's writes wait. Generous on purpose: commands that race on one row (approvals
// on one fund's budget year) or one lock (a burst of logins on one account) queue on it, holding
// their connections, and a queue of a few dozen must finish, not fail. Prisma's defaults (2 s for
// a connection, 5 s for the transaction) refused part of such a queue on a loaded machine.

/** How long a transaction may wait for a pooled connection. */
export const CONNECTION_WAIT_MS = 30_000;
/** How long a transaction may run, including waiting for row and advisory locks. */
export const TRANSACTION_TIMEOUT_MS = 30_000;
