// Glue for one scenario: the PRNG that picks its random moments, pauses, and the end of every
// scenario (invariants checked, report printed, failure when a check failed).
import { TOPIC_PREFIX, type FaultSystem } from './system';
import { checkInvariants, type ExpectedDeadLetter } from './invariants';
import { expectAllPassed, type Check } from './report';
import type { AcceptedStep } from './workload';
import { mulberry32 } from '../../../apps/cli/src/prng';

/** For the pauses a scenario makes on purpose (a broker down for 10 s); waiting for something is pollUntil's. */
export { setTimeout as sleep } from 'node:timers/promises';

/** The random moments of a scenario, repeatable per seed (printed in the report): the seed workload's PRNG. */
export const seededRandom = mulberry32;

/** A seed from IPLEDGER_FAULTS_SEED, or a fresh one. */
export function scenarioSeed(): number {
  const given = process.env['IPLEDGER_FAULTS_SEED'];
  if (given === undefined || given === '') return Math.floor(Math.random() * 1_000_000);
  if (!/^\d{1,15}$/.test(given)) throw new Error(`IPLEDGER_FAULTS_SEED must be a whole number (a seed from a report), got "${given}"`);
  return Number(given);
}

export interface FinishOptions {
  scenario: string;
  startedAt: number;
  accepted: ReadonlyMap<string, AcceptedStep>;
  figures?: Record<string, string | number>;
  expectedDeadLetters?: ExpectedDeadLetter[];
  /** Checks of the scenario's own (e.g. snapshots unchanged). */
  extraChecks?: Check[];
}

/** Waits for every service to run, checks every invariant, prints the report, fails on a failed check. */
export async function finishScenario(system: FaultSystem, options: FinishOptions): Promise<void> {
  await system.awaitAllRunning();
  const result = await checkInvariants({
    databaseUrl: system.databaseUrl,
    brokers: system.brokers,
    prefix: TOPIC_PREFIX,
    accepted: options.accepted,
    expectedDeadLetters: options.expectedDeadLetters,
    ledgerPublicKey: system.baseEnv['IPLEDGER_LEDGER_PUBLIC_KEY'],
  });
  expectAllPassed({
    scenario: options.scenario,
    startedAt: options.startedAt,
    checks: [...(options.extraChecks ?? []), ...result.checks],
    figures: { ...options.figures, ...result.figures },
    log: system.log.since(options.startedAt),
  });
}
