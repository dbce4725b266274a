// The workload under fault: the `ipledger seed` plan (apps/cli/src/seed), smaller, sent through the
// gateway with an Idempotency-Key per plan step and transient failures (service restarting, broker
// or database away) retried until a deadline. Every accepted command is recorded with the answer
// it got, so the invariants can check that each effect is present exactly once.
import { ApiClient, type AcceptedCommand } from '../../../apps/cli/src/api';
import { planSeed, type SeedPlan } from '../../../apps/cli/src/seed/plan';
import {
  APPRAISER_USER,
  BUREAU_APPROVER_USER,
  BUREAU_USER,
  publishPolicy,
  publishSubsidyScheme,
  runPlan,
  stepKeys,
  type YearSummary,
} from '../../../apps/cli/src/seed/run';
import { DEMO_PASSWORD } from './system';

export interface WorkloadOptions {
  seed?: number;
  years?: number;
  scale?: number;
  concurrency?: number;
  /** How long one call may keep retrying while a service or the infrastructure is away. */
  transientRetryFor?: number;
}

export interface AcceptedStep {
  /** The plan step's Idempotency-Key, e.g. `faults-kills.loan-3.pledge`, `faults-kills.deal-7.record`. */
  step: string;
  path: string;
  status: number;
  body: unknown;
  /** How many 2xx answers the step got (a replay after a crash counts again). */
  answers: number;
  replays: number;
}

/** The workload's own figures for the report. */
export function workloadFigures(result: WorkloadResult): Record<string, string> {
  const retried = [...result.transients].map(([kind, n]) => `${kind} ×${n}`).join(', ');
  return {
    workload: `${result.plan.loans.length} loans, ${result.plan.deals.length} deals, ${result.accepted.size} commands accepted in ${(result.ms / 1000).toFixed(1)} s`,
    'transient failures retried by the client': retried === '' ? 'none' : retried,
  };
}

/** The accepted steps of several workloads run against one system. */
export function mergeAccepted(...results: WorkloadResult[]): Map<string, AcceptedStep> {
  return new Map(results.flatMap((result) => [...result.accepted]));
}

export interface WorkloadResult {
  plan: SeedPlan;
  accepted: Map<string, AcceptedStep>;
  summary: Map<number, YearSummary>;
  ms: number;
  /** Transient failures retried by the client, by status (or 'network error'). */
  transients: Map<string, number>;
}

// Today in China: claims are filed, approved and paid on the server's date, so the plan's today
// must be the server's for its recent default to be inside the filing window.
const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Runs the plan to its end; throws the first command that failed for good. */
export async function runWorkload(baseUrl: string, label: string, options: WorkloadOptions = {}): Promise<WorkloadResult> {
  const plan = planSeed({ seed: options.seed ?? 7, years: options.years ?? 2, scale: options.scale ?? 0.5, today: TODAY });
  const prefix = `faults-${label}`;
  const accepted = new Map<string, AcceptedStep>();
  const transients = new Map<string, number>();
  const record = (command: AcceptedCommand) => {
    if (command.key === undefined) return;
    const step = command.key;
    const known = accepted.get(step);
    if (known !== undefined) {
      known.answers += 1;
      if (command.replayed) known.replays += 1;
      return;
    }
    accepted.set(step, {
      step,
      path: command.path,
      status: command.status,
      body: command.body,
      answers: 1,
      replays: command.replayed ? 1 : 0,
    });
  };
  const api = new ApiClient({
    baseUrl,
    password: DEMO_PASSWORD,
    // How long a step waits for another service to learn a fact (a 404 or 409 that is not final):
    // after a broker restart the group coordinator may take tens of seconds to load before any
    // consumer rejoins, on top of the outage itself.
    retryFor: 180_000,
    retryEvery: 200,
    transientRetryFor: options.transientRetryFor ?? 120_000,
    // 500: a command that met the database going away; safe to repeat with its Idempotency-Key.
    transientStatuses: [500, 502, 503, 504],
    onAccepted: record,
    onTransient: (failure) => {
      const kind = /answered (\d{3})$/.exec(failure)?.[1] ?? 'network error';
      transients.set(kind, (transients.get(kind) ?? 0) + 1);
    },
  });
  const started = Date.now();
  for (const user of ['li.wei', 'zhao.min', APPRAISER_USER, BUREAU_USER, BUREAU_APPROVER_USER]) await api.login(user);
  const keys = stepKeys(prefix);
  await publishPolicy(api, keys);
  const scheme = await publishSubsidyScheme(api, keys);
  const silent = { start: () => undefined, tick: () => undefined, stop: () => undefined };
  const summary = await runPlan(api, plan, options.concurrency ?? 4, silent, keys, scheme.id);
  return { plan, accepted, summary, ms: Date.now() - started, transients };
}
