// The report printed at the end of each scenario: what was done to the system (kills, fault
// points, restarts, broker and database stops), the workload's figures, and a table of the checks
// with pass/fail and what each found.
import type { FaultLog } from './fault-log';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ScenarioReport {
  scenario: string;
  startedAt: number;
  checks: Check[];
  figures: Record<string, string | number>;
  log?: FaultLog;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The report as text (also written to stderr by printReport). */
export function renderReport(report: ScenarioReport): string {
  const figures: Record<string, string | number> = { ...report.figures };
  if (report.log !== undefined) {
    const log = report.log;
    figures['kills (kill -9)'] = log.count('killed');
    const points = log.faultPointsReached();
    figures['deaths at fault points'] =
      Object.keys(points).length === 0
        ? 0
        : Object.entries(points)
            .map(([point, n]) => `${point} ×${n}`)
            .join(', ');
    figures['restarts by the supervisor'] = log.count('restarted');
    const own = log.ownExits();
    figures['exits of a service on its own'] = own.length === 0 ? 0 : own.map((event) => `${event.who} (${event.detail})`).join('; ');
    figures['consumer restarts in the process (transient crashes)'] = log.count('consumer-restart');
    const lost = log.events.filter((event) => event.what === 'records-lost');
    figures['partitions reported lost (offset out of range)'] =
      lost.length === 0 ? 0 : lost.map((event) => `${event.who}: ${event.detail ?? ''}`).join('; ');
    const infra = log.events.filter((event) => event.what === 'infra').map((event) => event.detail);
    if (infra.length > 0) figures['infrastructure'] = infra.join(', ');
  }
  figures['time'] = `${((Date.now() - report.startedAt) / 1000).toFixed(1)} s`;
  const passed = report.checks.filter((check) => check.ok).length;
  const timeline = (report.log?.events ?? [])
    .filter((event) => event.what !== 'consumer-restart')
    .slice(0, 60)
    .map(
      (event) =>
        `  +${((event.at - report.startedAt) / 1000).toFixed(1).padStart(6)} s  ${event.what.padEnd(11)} ${event.who}${event.detail === undefined ? '' : ` (${event.detail})`}`,
    );
  return [
    '',
    `=== fault scenario: ${report.scenario} — ${passed}/${report.checks.length} checks passed ===`,
    table(Object.entries(figures).map(([name, value]) => [`  ${name}`, String(value)])),
    '',
    table([
      ['  check', 'result', 'figures'],
      ...report.checks.map((check) => [`  ${check.name}`, check.ok ? 'PASS' : 'FAIL', check.detail]),
    ]),
    '',
    ...(timeline.length === 0 ? [] : ['  timeline:', ...timeline, '']),
  ].join('\n');
}

export function printReport(report: ScenarioReport): string {
  const text = renderReport(report);
  process.stderr.write(`${text}\n`);
  return text;
}

/** Fails with the report when a check failed (the report names which and why). */
export function expectAllPassed(report: ScenarioReport): void {
  const text = printReport(report);
  const failed = report.checks.filter((check) => !check.ok);
  if (failed.length > 0) throw new Error(`${failed.length} invariant(s) failed:${text}`);
}
