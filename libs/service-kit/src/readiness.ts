// Readiness as a pure decision: given what each dependency check found and whether the process
// is shutting down, may the service take work, and is it whole?
// - "down" (503): it cannot do its work: shutting down, the database unreachable, or the event
//   consumer not running (not started yet, crashed and not restarting, stopped). An orchestrator
//   should route elsewhere.
// - "degraded" (200): it works, but something on the messaging side is impaired: the broker (or a
//   partition's leader) unreachable, the outbox relay holding failing partitions or behind, the
//   consumer restarting after a transient error (consumer-crash.ts), a partition paused because
//   records were lost (offset-loss.ts). Commands are accepted (the outbox keeps their
//   events); pulling the instance would help nothing, since every instance shares the cluster.
// - "ok" (200): everything answered.
import { describeOffsetLoss, isConsuming, type ConsumerStatus, type OffsetLoss } from '@ipledger/messaging';

export type CheckState = 'up' | 'down';

/** What the outbox check found: the relay's failing partitions and its backlog ('unknown' if the check timed out). */
export type OutboxCheck =
  { failingPartitions: string[]; unpublished: number; oldestUnpublishedAgeMs: number | null; republishing?: number } | 'unknown';

export interface ReadinessInputs {
  shuttingDown: boolean;
  /** Undefined when not checked (a shutting-down service answers without asking its dependencies). */
  database?: CheckState;
  kafka?: CheckState;
  /** Undefined for a service that consumes no events. */
  consumer?: ConsumerStatus;
  /** Why the consumer is dead ('crashed'), shown beside its status. */
  consumerFailure?: string;
  /** Partitions the consumer paused because records were lost (offset out of range). */
  offsetLosses?: OffsetLoss[];
  /** Undefined when not checked. */
  outbox?: OutboxCheck;
}

export interface Readiness {
  /** Whether to route work here (HTTP 200): ok or degraded. */
  ready: boolean;
  status: 'ok' | 'degraded' | 'down' | 'shutting-down';
  checks: {
    database?: CheckState;
    kafka?: CheckState;
    consumer?: ConsumerStatus;
    consumerFailure?: string;
    lostPartitions?: string[];
    outbox?: OutboxCheck;
  };
  /** The checks that make the service down ('shutdown' while shutting down). */
  failed: string[];
  /** The checks that found it impaired but working. */
  degraded: string[];
}

/** An outbox whose oldest unpublished event is older than this is "behind". */
export const OUTBOX_BEHIND_AFTER_MS = 30_000;

export function assessReadiness(inputs: ReadinessInputs): Readiness {
  const checks: Readiness['checks'] = {};
  if (inputs.database !== undefined) checks.database = inputs.database;
  if (inputs.kafka !== undefined) checks.kafka = inputs.kafka;
  if (inputs.consumer !== undefined) checks.consumer = inputs.consumer;
  if (inputs.consumerFailure !== undefined) checks.consumerFailure = inputs.consumerFailure;
  if (inputs.outbox !== undefined) checks.outbox = inputs.outbox;
  if (inputs.offsetLosses !== undefined && inputs.offsetLosses.length > 0)
    checks.lostPartitions = inputs.offsetLosses.map(describeOffsetLoss);
  const failed: string[] = [];
  const degraded: string[] = [];
  if (inputs.shuttingDown) failed.push('shutdown');
  // Not checked counts against the service: only a shutting-down service skips the checks.
  if (inputs.database !== 'up') failed.push('database');
  if (inputs.kafka !== 'up') degraded.push('kafka');
  if (inputs.consumer === 'restarting') degraded.push('consumer');
  else if (inputs.consumer !== undefined && !isConsuming(inputs.consumer)) failed.push('consumer');
  if (inputs.outbox !== undefined && isOutboxImpaired(inputs.outbox)) degraded.push('outbox');
  // Records lost on a partition: that partition is paused, the others work; an operator must act.
  if (checks.lostPartitions) degraded.push('lost-partitions');
  const status = inputs.shuttingDown ? 'shutting-down' : failed.length > 0 ? 'down' : degraded.length > 0 ? 'degraded' : 'ok';
  return { ready: failed.length === 0, status, checks, failed, degraded };
}

function isOutboxImpaired(outbox: OutboxCheck): boolean {
  if (outbox === 'unknown') return true;
  return outbox.failingPartitions.length > 0 || (outbox.oldestUnpublishedAgeMs ?? 0) > OUTBOX_BEHIND_AFTER_MS;
}
