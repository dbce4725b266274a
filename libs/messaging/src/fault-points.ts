// Named crash points for the fault suite (tests/faults): the places where a process dying loses or
// doubles work if the design is wrong. In normal running they do nothing. With
//   IPLEDGER_FAULT_POINTS="outbox.after-publish=0.2,consumer.after-handle=0.05"
// a process reaching a listed point kills itself with SIGKILL (no cleanup, no flush, exactly what a
// power cut or the OOM killer does) with the given probability. The fault suite sets it on the one
// process it wants to crash; a deployment never sets it.
export const FAULT_POINTS = {
  /** Outbox rows are committed and read for publishing, nothing is sent yet. */
  outboxBeforePublish: 'outbox.before-publish',
  /** The batch is on the broker, the rows are not marked published yet: the next relay sends them again. */
  outboxAfterPublish: 'outbox.after-publish',
  /** A consumed event's transaction (effects + inbox row) committed, its offset is not committed yet. */
  consumerAfterHandle: 'consumer.after-handle',
  /** A command's transaction committed, the HTTP answer is not sent yet: the client retries. */
  commandAfterCommit: 'command.after-commit',
} as const;

export type FaultPoint = (typeof FAULT_POINTS)[keyof typeof FAULT_POINTS];

const KNOWN = new Set<string>(Object.values(FAULT_POINTS));

/** Parses IPLEDGER_FAULT_POINTS; an unknown name or a probability outside [0, 1] is an error, not ignored. */
export function parseFaultPoints(value: string | undefined): ReadonlyMap<FaultPoint, number> {
  const points = new Map<FaultPoint, number>();
  if (value === undefined || value.trim() === '') return points;
  for (const item of value.split(',')) {
    const [name, probabilityText = '1'] = item.trim().split('=');
    const probability = Number(probabilityText);
    if (!KNOWN.has(name)) throw new Error(`IPLEDGER_FAULT_POINTS: unknown fault point "${name}" (known: ${[...KNOWN].join(', ')})`);
    if (!(probability >= 0 && probability <= 1))
      throw new Error(`IPLEDGER_FAULT_POINTS: probability of ${name} must be between 0 and 1, got "${probabilityText}"`);
    points.set(name as FaultPoint, probability);
  }
  return points;
}

let configured: ReadonlyMap<FaultPoint, number> | undefined;

function configuredPoints(): ReadonlyMap<FaultPoint, number> {
  configured ??= parseFaultPoints(process.env.IPLEDGER_FAULT_POINTS);
  return configured;
}

/** Dies here (SIGKILL, no cleanup) when the fault suite armed this point and the dice say so. */
export function reachFaultPoint(point: FaultPoint, random: () => number = Math.random): void {
  const probability = configuredPoints().get(point);
  if (probability === undefined || random() >= probability) return;
  process.stderr.write(
    `${JSON.stringify({ level: 60, msg: 'fault point reached: killing this process', faultPoint: point, pid: process.pid })}\n`,
  );
  process.kill(process.pid, 'SIGKILL');
}
