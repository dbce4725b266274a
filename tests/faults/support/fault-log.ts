// What the suite did to the system during one scenario (kills, deaths at fault points, exits of a
// service's own, restarts, broker and database stops), and what the services said about it (a
// consumer restarted in the process after a transient crash, a partition reported lost), with
// timestamps: figures for the report.
export interface FaultEvent {
  at: number;
  what: 'killed' | 'fault-point' | 'exited' | 'restarted' | 'infra' | 'consumer-restart' | 'records-lost';
  who: string;
  detail?: string;
}

export class FaultLog {
  readonly events: FaultEvent[] = [];
  private readonly killedByUs = new Set<string>();
  private readonly lastPoint = new Map<string, string>();

  killed(who: string): void {
    this.killedByUs.add(who);
    this.events.push({ at: Date.now(), what: 'killed', who });
  }

  /** The line a process writes as it kills itself at a fault point (it may be lost with the process). */
  faultPointLine(who: string, point: string): void {
    this.lastPoint.set(who, point);
  }

  /**
   * A death: after killed(), expected; a SIGKILL nobody sent to a process started with fault
   * points is a fault point (named when its line got out); anything else is an exit of its own.
   */
  exited(who: string, how: string, signal: string | null, armed: boolean): void {
    const point = this.lastPoint.get(who);
    this.lastPoint.delete(who);
    if (this.killedByUs.delete(who)) {
      this.events.push({ at: Date.now(), what: 'exited', who, detail: how });
    } else if (signal === 'SIGKILL' && armed) {
      this.events.push({ at: Date.now(), what: 'fault-point', who, detail: point ?? 'a fault point (its line was lost)' });
    } else {
      this.events.push({ at: Date.now(), what: 'exited', who, detail: `on its own: ${how}` });
    }
  }

  restarted(who: string): void {
    this.events.push({ at: Date.now(), what: 'restarted', who });
  }

  /** A service's log line: its consumer crashed on a transient error and restarts in the process. */
  consumerRestart(who: string): void {
    this.events.push({ at: Date.now(), what: 'consumer-restart', who });
  }

  /** A service's log line: records lost on a partition (offset out of range), the partition paused. */
  recordsLost(who: string, detail: string): void {
    this.events.push({ at: Date.now(), what: 'records-lost', who, detail });
  }

  infra(detail: string): void {
    this.events.push({ at: Date.now(), what: 'infra', who: detail.split(' ')[0] ?? detail, detail });
  }

  /** The events from `at` on (one scenario of a file that runs several). */
  since(at: number): FaultLog {
    const log = new FaultLog();
    log.events.push(...this.events.filter((event) => event.at >= at));
    return log;
  }

  count(what: FaultEvent['what'], who?: string): number {
    return this.events.filter((event) => event.what === what && (who === undefined || event.who === who)).length;
  }

  /** Exits that no kill or fault point caused (a service giving up when the broker or database went away). */
  ownExits(): FaultEvent[] {
    return this.events.filter((event) => event.what === 'exited' && event.detail?.startsWith('on its own') === true);
  }

  /** Fault-point deaths per point, e.g. { 'outbox.after-publish': 2 }. */
  faultPointsReached(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const event of this.events)
      if (event.what === 'fault-point' && event.detail !== undefined) counts[event.detail] = (counts[event.detail] ?? 0) + 1;
    return counts;
  }
}
