// Child processes that must never outlive the process that started them.
//
// Every child is spawned in its own process group (detached), so a terminal's Ctrl-C reaches only
// the parent, which then stops its children in order. Three layers make sure none is orphaned:
//  1. stop(): the stop signal, then SIGKILL to the whole group after a timeout;
//  2. the parent's 'exit' handler sends every live child its stop signal; so do its SIGINT/SIGTERM/
//     SIGHUP handlers when nobody else handles the signal (then the signal is re-raised);
//  3. a guard: a tiny `sh` process reading a pipe from the parent. The parent writes "+pid:SIG"
//     for each child and "-pid" when it exited. When the pipe closes, however the parent ended
//     (even SIGKILL), the guard signals the children still listed and SIGKILLs them 20 s later.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { errorMessage } from './error-message';
import { tailFile } from './paths';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type OutputStream = 'stdout' | 'stderr';

export interface SpawnManagedOptions {
  /** Used in messages, e.g. "kafka", "ledger". */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** Append stdout and stderr to this file (the child writes it directly). Otherwise output is piped. */
  logFile?: string;
  /** With piped output: called for every complete line. */
  onLine?: (line: string, stream: OutputStream) => void;
  /** Signal for a graceful stop. Default SIGTERM. */
  stopSignal?: NodeJS.Signals;
  /** How long stop() waits before SIGKILL. Default 10 s. */
  stopTimeoutMs?: number;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  hasExited(): boolean;
  /** The last lines of its output (the log file's tail, or the piped lines kept in memory). */
  tail(maxLines?: number): string;
  /** Stop signal, wait, then SIGKILL to its process group. Idempotent. */
  stop(options?: { timeoutMs?: number; signal?: NodeJS.Signals }): Promise<ExitInfo>;
}

const KEPT_LINES = 200;

interface LiveChild {
  pid: number;
  stopSignal: NodeJS.Signals;
}

const live = new Map<number, LiveChild>();
let guardStdin: Writable | undefined;
let handlersInstalled = false;

const GUARD_SCRIPT = `
pids=""
while IFS= read -r line; do
  case "$line" in
    +*) pids="$pids \${line#+}" ;;
    -*) gone="\${line#-}"; keep=""
        for e in $pids; do [ "\${e%%:*}" = "$gone" ] || keep="$keep $e"; done
        pids="$keep" ;;
  esac
done
[ -z "$pids" ] && exit 0
for e in $pids; do kill -s "\${e#*:}" "\${e%%:*}" 2>/dev/null; done
i=0
while [ "$i" -lt 100 ]; do
  alive=""
  for e in $pids; do kill -0 "\${e%%:*}" 2>/dev/null && alive="$alive $e"; done
  [ -z "$alive" ] && exit 0
  pids="$alive"; i=$((i + 1)); sleep 0.2
done
for e in $pids; do kill -s KILL -- "-\${e%%:*}" 2>/dev/null; kill -s KILL "\${e%%:*}" 2>/dev/null; done
exit 0
`;

function guard(): Writable | undefined {
  if (guardStdin !== undefined) return guardStdin;
  try {
    const child = spawn('/bin/sh', ['-c', GUARD_SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => undefined);
    child.unref();
    const stdin = child.stdin;
    if (stdin === null) return undefined;
    stdin.on('error', () => undefined);
    // The pipe must not keep the parent's event loop alive.
    (stdin as unknown as { unref?: () => void }).unref?.();
    guardStdin = stdin;
    return stdin;
  } catch {
    return undefined;
  }
}

function signalName(signal: NodeJS.Signals): string {
  return signal.replace(/^SIG/, '');
}

function killQuietly(pid: number, signal: NodeJS.Signals | 0): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Sends every live child its stop signal, synchronously (for exit and signal handlers). */
export function signalAllChildren(): void {
  for (const child of live.values()) killQuietly(child.pid, child.stopSignal);
}

/** How many children started through devstack are still running. */
export function liveChildCount(): number {
  return live.size;
}

function onParentSignal(signal: NodeJS.Signals): void {
  // Others listen too (e.g. a launcher with an ordered shutdown): they decide what happens, and
  // the 'exit' handler and the guard still catch whatever they leave behind.
  if (process.listenerCount(signal) > 1) return;
  // Only we listen: clean up, then keep the default behaviour of the signal (terminate).
  signalAllChildren();
  process.removeListener(signal, onParentSignal);
  process.kill(process.pid, signal);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', signalAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onParentSignal);
}

function register(child: LiveChild): void {
  installHandlers();
  live.set(child.pid, child);
  guard()?.write(`+${child.pid}:${signalName(child.stopSignal)}\n`);
}

function unregister(pid: number): void {
  if (!live.delete(pid)) return;
  guardStdin?.write(`-${pid}\n`);
}

function waitForSpawn(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
}

function splitLines(onLine: (line: string) => void): (chunk: Buffer) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line.replace(/\r$/, ''));
  };
}

/** Spawns a child that is stopped when the parent exits; rejects when it cannot be started. */
export async function spawnManaged(options: SpawnManagedOptions): Promise<ManagedProcess> {
  const stopSignal = options.stopSignal ?? 'SIGTERM';
  const defaultTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const kept: string[] = [];
  let logFd: number | undefined;
  if (options.logFile !== undefined) logFd = fs.openSync(options.logFile, 'a');

  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    uid: options.uid,
    gid: options.gid,
    detached: true,
    stdio: logFd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', logFd, logFd],
  });
  try {
    await waitForSpawn(child);
  } catch (error) {
    const reason = errorMessage(error);
    throw new Error(`could not start ${options.name} (${options.command}): ${reason}`);
  } finally {
    if (logFd !== undefined) fs.closeSync(logFd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.name} (${options.command}): no pid`);

  let exitInfo: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      unregister(pid);
      resolve(exitInfo);
    });
  });
  register({ pid, stopSignal });

  const keep = (stream: OutputStream) =>
    splitLines((line) => {
      kept.push(line);
      if (kept.length > KEPT_LINES) kept.shift();
      options.onLine?.(line, stream);
    });
  child.stdout?.on('data', keep('stdout'));
  child.stderr?.on('data', keep('stderr'));

  let stopping: Promise<ExitInfo> | undefined;
  const stop = (stopOptions: { timeoutMs?: number; signal?: NodeJS.Signals } = {}): Promise<ExitInfo> => {
    if (exitInfo !== undefined) return Promise.resolve(exitInfo);
    stopping ??= (async () => {
      killQuietly(pid, stopOptions.signal ?? stopSignal);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), stopOptions.timeoutMs ?? defaultTimeoutMs);
      });
      const first = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (first !== 'timeout') return first;
      killQuietly(-pid, 'SIGKILL');
      killQuietly(pid, 'SIGKILL');
      return exited;
    })();
    return stopping;
  };

  return {
    name: options.name,
    pid,
    exited,
    hasExited: () => exitInfo !== undefined,
    tail: (maxLines = 40) => (options.logFile !== undefined ? tailFile(options.logFile, maxLines) : kept.slice(-maxLines).join('\n')),
    stop,
  };
}

export function describeExit(info: ExitInfo): string {
  return info.signal !== null ? `killed by ${info.signal}` : `exit code ${String(info.code)}`;
}

/** Runs a command to completion, collecting its output; rejects with the output on failure. */
export function runCommand(
  name: string,
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      uid: options.uid,
      gid: options.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${name}: could not run ${command}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${name} failed (${describeExit({ code, signal })}): ${command} ${args.join(' ')}\n${output.trimEnd()}`));
    });
  });
}
