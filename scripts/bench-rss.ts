// Peak resident memory of a process (VmHWM in /proc, Linux), for `npm run bench`'s memory lines:
// read just before the process is stopped, so it covers the whole run.
import fs from 'node:fs';

/** The peak resident set of `pid` in MiB, or undefined where /proc does not tell. */
export function peakRssMiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}

export function formatMiB(value: number | undefined): string {
  return value === undefined ? 'unknown' : value.toFixed(1);
}
