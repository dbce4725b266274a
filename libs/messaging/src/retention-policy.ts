// How long a service keeps its messaging rows: published outbox events, inbox rows (which events a
// consumer group handled) and HTTP idempotency keys. The floors are the ones the database's
// retention functions check again (each service's migration `messaging_retention`), so no
// configuration can prune inside them.

/** The tables retention prunes, each through its own function `<schema>.prune_<table>`. */
export const PRUNED_TABLES = ['outbox', 'inbox', 'idempotency_keys'] as const;
export type PrunedTable = (typeof PRUNED_TABLES)[number];

export interface RetentionPolicy {
  /** Published outbox rows older than this are pruned: what `ipledger outbox republish` can still resend. */
  outboxDays: number;
  /** Inbox rows handled longer ago are pruned; never fewer days than outboxDays. */
  inboxDays: number;
  /** Idempotency keys recorded longer ago are pruned; a retry after that runs as a new request. */
  idempotencyKeyDays: number;
}

export const RETENTION_DEFAULTS: RetentionPolicy = { outboxDays: 30, inboxDays: 30, idempotencyKeyDays: 30 };

/**
 * The least each may be. Idempotency keys: the 7 days docs/api.md promises a retry is answered
 * with the first result. Outbox and inbox: a day, well beyond the relay's and the consumers'
 * redelivery (seconds to minutes); the inbox is also never shorter than the outbox (config.ts).
 */
export const RETENTION_FLOORS: RetentionPolicy = { outboxDays: 1, inboxDays: 1, idempotencyKeyDays: 7 };

/** The most each may be (about a hundred years: practically never pruned). */
export const RETENTION_MAX_DAYS = 36_500;

/** The retention, in days, of one table. */
export function retentionDaysOf(policy: RetentionPolicy, table: PrunedTable): number {
  if (table === 'outbox') return policy.outboxDays;
  if (table === 'inbox') return policy.inboxDays;
  return policy.idempotencyKeyDays;
}
