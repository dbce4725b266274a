// Readiness as a pure decision: given what each dependency check found and whether the process
// is shutting down, is the service ready to take work, and if not, which check failed.
import { isConsuming, type ConsumerStatus } from '@ipledger/messaging';

export type CheckState = 'up' | 'down';

export interface ReadinessInputs {
  shuttingDown: boolean;
  /** Undefined when not checked (a shutting-down service answers without asking its dependencies). */
  database?: CheckState;
  kafka?: CheckState;
  /** Undefined for a service that consumes no events. */
  consumer?: ConsumerStatus;
}

export interface Readiness {
  ready: boolean;
  /** 'ok', 'shutting-down', or 'degraded' (a dependency check failed). */
  status: 'ok' | 'shutting-down' | 'degraded';
  checks: { database?: CheckState; kafka?: CheckState; consumer?: ConsumerStatus };
  /** The names of the checks that failed ('shutdown' while shutting down). */
  failed: string[];
}

export function assessReadiness(inputs: ReadinessInputs): Readiness {
  const checks: Readiness['checks'] = {};
  if (inputs.database !== undefined) checks.database = inputs.database;
  if (inputs.kafka !== undefined) checks.kafka = inputs.kafka;
  if (inputs.consumer !== undefined) checks.consumer = inputs.consumer;
  const failed: string[] = [];
  if (inputs.shuttingDown) failed.push('shutdown');
  // Not checked counts as failed: only a shutting-down service skips the checks.
  if (inputs.database !== 'up') failed.push('database');
  if (inputs.kafka !== 'up') failed.push('kafka');
  if (inputs.consumer !== undefined && !isConsuming(inputs.consumer)) failed.push('consumer');
  const status = inputs.shuttingDown ? 'shutting-down' : failed.length > 0 ? 'degraded' : 'ok';
  return { ready: failed.length === 0, status, checks, failed };
}
