// Polls every service's readiness (/health) once a second while a fault lasts, as an orchestrator
// would: how many answers were not 200, how long every service was "down" (503) at the same time,
// and whether any service reported a partition lost (offset out of range). Figures for the report.
import type { AppName } from '@ipledger/devstack';

/** One poll's answer per service: HTTP status (0: no answer within the poll's timeout) and readiness status. */
interface Answer {
  code: number;
  status: string;
  lostPartitions: string[];
}

export interface HealthFigures {
  rounds: number;
  polls: number;
  /** Polls answered with anything but 200 (503 down, no answer, …), per service. */
  not200: Map<string, number>;
  /** Polls answered 200 "degraded". */
  degraded: number;
  /** Rounds in which every polled service answered 503 (or nothing). */
  allDownRounds: number;
  /** The longest run of consecutive all-down rounds, in ms. */
  longestAllDownMs: number;
  /** Partitions any service's readiness reported lost. */
  lostPartitions: Set<string>;
}

const POLL_TIMEOUT_MS = 3_000;

async function poll(url: string): Promise<Answer> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(POLL_TIMEOUT_MS) });
    const body = (await response.json().catch(() => ({}))) as { status?: string; checks?: { lostPartitions?: string[] } };
    return { code: response.status, status: body.status ?? '?', lostPartitions: body.checks?.lostPartitions ?? [] };
  } catch {
    return { code: 0, status: 'no answer', lostPartitions: [] };
  }
}

export class HealthPoller {
  private readonly figures: HealthFigures = {
    rounds: 0,
    polls: 0,
    not200: new Map(),
    degraded: 0,
    allDownRounds: 0,
    longestAllDownMs: 0,
    lostPartitions: new Set(),
  };
  private running = false;
  private loop: Promise<void> | undefined;

  /** `urls`: the services to poll (the backends: the gateway's own /health only summarises them). */
  constructor(
    private readonly urls: Partial<Record<AppName, string>>,
    private readonly everyMs = 1_000,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Stops polling (again: a no-op); resolves with the figures. */
  async stop(): Promise<HealthFigures> {
    this.running = false;
    await this.loop;
    return this.figures;
  }

  private async run(): Promise<void> {
    let allDownSince: number | undefined;
    while (this.running) {
      const started = Date.now();
      const entries = Object.entries(this.urls).filter((entry): entry is [string, string] => entry[1] !== undefined);
      const answers = await Promise.all(entries.map(async ([name, url]) => [name, await poll(url)] as const));
      this.figures.rounds += 1;
      for (const [name, answer] of answers) {
        this.figures.polls += 1;
        if (answer.code !== 200) this.figures.not200.set(name, (this.figures.not200.get(name) ?? 0) + 1);
        if (answer.code === 200 && answer.status === 'degraded') this.figures.degraded += 1;
        for (const partition of answer.lostPartitions) this.figures.lostPartitions.add(`${name}: ${partition}`);
      }
      const allDown = answers.length > 0 && answers.every(([, answer]) => answer.code !== 200);
      if (allDown) {
        this.figures.allDownRounds += 1;
        allDownSince ??= started;
        this.figures.longestAllDownMs = Math.max(this.figures.longestAllDownMs, Date.now() - allDownSince);
      } else {
        allDownSince = undefined;
      }
      const wait = this.everyMs - (Date.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** The figures as report lines. */
export function healthReportFigures(figures: HealthFigures): Record<string, string> {
  const not200 = [...figures.not200].map(([name, n]) => `${name} ×${n}`).join(', ');
  return {
    'health polls during the fault': `${figures.rounds} rounds, ${figures.polls} polls; not 200: ${not200 === '' ? 'none' : not200}; 200 "degraded": ${figures.degraded}`,
    'every service down at once': `${figures.allDownRounds} rounds, longest ${(figures.longestAllDownMs / 1000).toFixed(1)} s`,
  };
}
