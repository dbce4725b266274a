// The retention settings of a service's messaging tables (libs/messaging retention-policy.ts and
// messaging-pruner.ts), as env variables: how many days published outbox events, inbox rows and
// idempotency keys are kept, how often the pruner runs and how many rows one statement deletes.
import { z } from 'zod';
import { RETENTION_DEFAULTS, RETENTION_FLOORS, RETENTION_MAX_DAYS, type RetentionPolicy } from '@ipledger/messaging';

function days(floor: number, fallback: number, why: string) {
  return z.coerce
    .number({ error: 'must be a whole number of days' })
    .int({ message: 'must be a whole number of days' })
    .min(floor, { message: `must be at least ${floor} (${why})` })
    .max(RETENTION_MAX_DAYS, { message: `must be at most ${RETENTION_MAX_DAYS}` })
    .default(fallback);
}

export const RetentionSettings = {
  /** Published outbox events older than this are pruned: `ipledger outbox republish` reaches no further back. */
  OUTBOX_RETENTION_DAYS: days(RETENTION_FLOORS.outboxDays, RETENTION_DEFAULTS.outboxDays, 'a published event is kept at least a day'),
  /** Inbox rows (events a consumer group handled) older than this are pruned; at least OUTBOX_RETENTION_DAYS. */
  INBOX_RETENTION_DAYS: days(RETENTION_FLOORS.inboxDays, RETENTION_DEFAULTS.inboxDays, 'a handled event is remembered at least a day'),
  /** Idempotency keys older than this are pruned; never within the 7 days docs/api.md promises. */
  IDEMPOTENCY_KEY_RETENTION_DAYS: days(
    RETENTION_FLOORS.idempotencyKeyDays,
    RETENTION_DEFAULTS.idempotencyKeyDays,
    'the API promises a retry the first answer for 7 days',
  ),
  /** How often the pruner runs (default hourly). */
  RETENTION_PRUNE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1_000, { message: 'must be at least 1000 (a second)' })
    .max(86_400_000, { message: 'must be at most 86400000 (a day)' })
    .default(3_600_000),
  /** Rows one pruning statement deletes at most, so no statement holds its locks for long. */
  RETENTION_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1, { message: 'must be 1 to 10000' })
    .max(10_000, { message: 'must be 1 to 10000' })
    .default(1_000),
};

interface RetentionValues {
  OUTBOX_RETENTION_DAYS: number;
  INBOX_RETENTION_DAYS: number;
  IDEMPOTENCY_KEY_RETENTION_DAYS: number;
}

/**
 * The rule between the settings: the inbox keeps a handled event at least as long as its
 * producer's outbox can republish it, or a republished event would be handled a second time.
 */
export function checkRetention(values: RetentionValues, ctx: z.RefinementCtx): void {
  if (values.INBOX_RETENTION_DAYS < values.OUTBOX_RETENTION_DAYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['INBOX_RETENTION_DAYS'],
      message: `must be at least OUTBOX_RETENTION_DAYS (${values.OUTBOX_RETENTION_DAYS}): an event republished from the outbox must still be recognised as handled`,
    });
  }
}

/** The policy the pruner applies. */
export function retentionPolicy(values: RetentionValues): RetentionPolicy {
  return {
    outboxDays: values.OUTBOX_RETENTION_DAYS,
    inboxDays: values.INBOX_RETENTION_DAYS,
    idempotencyKeyDays: values.IDEMPOTENCY_KEY_RETENTION_DAYS,
  };
}
