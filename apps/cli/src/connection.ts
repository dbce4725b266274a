// --base-url, --user, --password and --retry-for (or their environment variables) → a logged-in
// API client that rides out a short outage of the gateway, one line on stderr per retry.
import { ApiClient } from './api';
import { UsageError } from './errors';
import type { Io } from './io';
import { DEFAULT_RETRY_FOR_SECONDS, describeRetry } from './transient-retry';

export interface ConnectionOptions {
  baseUrl?: string;
  user?: string;
  password?: string;
  /** Seconds a call keeps retrying an unreachable gateway or a 502/503/504 (0: never). */
  retryFor?: number;
}

/** How long (ms) the eventual commands wait for a fact other services learn through events, at least. */
const EVENTUAL_WAIT_MS = 30_000;

/** --retry-for, else IPLEDGER_RETRY_FOR, else the default; seconds. */
export function retryForSeconds(options: ConnectionOptions, io: Io): number {
  if (options.retryFor !== undefined) return options.retryFor;
  const fromEnv = io.env.IPLEDGER_RETRY_FOR;
  if (fromEnv === undefined || fromEnv.trim() === '') return DEFAULT_RETRY_FOR_SECONDS;
  if (!/^\d+$/.test(fromEnv.trim()) || Number(fromEnv) > 3600)
    throw new UsageError(`IPLEDGER_RETRY_FOR must be a number of seconds from 0 to 3600, not "${fromEnv}"`);
  return Number(fromEnv);
}

export const DEFAULT_BASE_URL = 'http://127.0.0.1:3000';

export function connect(options: ConnectionOptions, io: Io, defaultUser: string): { api: ApiClient; user: string } {
  const password = options.password ?? io.env.IPLEDGER_PASSWORD ?? io.env.IPLEDGER_DEMO_PASSWORD;
  if (password === undefined || password === '') {
    throw new UsageError(
      'no password: pass --password <password> or set IPLEDGER_PASSWORD (or IPLEDGER_DEMO_PASSWORD, printed by npm start)',
    );
  }
  const baseUrl = options.baseUrl ?? io.env.IPLEDGER_BASE_URL ?? DEFAULT_BASE_URL;
  const user = options.user ?? io.env.IPLEDGER_USERNAME ?? defaultUser;
  const retryFor = retryForSeconds(options, io) * 1000;
  const api = new ApiClient({
    baseUrl,
    password,
    fetch: io.fetch,
    transientRetryFor: retryFor,
    // A command waiting for an event may wait as long as an outage is ridden out.
    retryFor: Math.max(EVENTUAL_WAIT_MS, retryFor),
    onRetry: (retry) => io.stderr.write(`ipledger: ${describeRetry(retry)}\n`),
  });
  return { api, user };
}
