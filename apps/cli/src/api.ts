// The CLI's HTTP client: logs in as a demo user (POST /api/auth/login), sends the bearer token,
// turns error bodies into exit codes, and retries commands that wait for facts other services
// learn through events. A command given an idempotency key carries it (Idempotency-Key), so it
// may be retried safely; with `transientRetryFor`, network errors and 502/503/504 are retried
// with backoff (honouring Retry-After) until that deadline, for what is safe to send again only
// (transient-retry.ts): reads, logging in, and commands with an Idempotency-Key.
import { setTimeout as sleep } from 'node:timers/promises';
import type { TokenResponse } from '@ipledger/contracts';
import { HEADERS } from '@ipledger/contracts';
import { ApiRefusedError, AuthenticationError, CliError, EXIT, isErrorBody } from './errors';
import { isSafeToRetry, nextDelay, retryAfterMs, type TransientRetry } from './transient-retry';

const IDEMPOTENCY_KEY = HEADERS.idempotencyKey;

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export interface ApiClientOptions {
  baseUrl: string;
  password: string;
  /** How long `eventually` keeps retrying (ms). */
  retryFor?: number;
  retryEvery?: number;
  fetch?: typeof fetch;
  /** How long (ms) a call keeps retrying network errors and `transientStatuses`. Default 0: no retry. */
  transientRetryFor?: number;
  /** Answers retried like network errors. Default 502, 503, 504. */
  transientStatuses?: readonly number[];
  /** Told of every transient failure that is retried (what failed: a status or the network error). */
  onTransient?: (failure: string) => void;
  /** Told of every retry: what failed, the pause, until when (the CLI prints a line to stderr). */
  onRetry?: (retry: TransientRetry) => void;
  /** Told of every POST that answered 2xx (after retries), e.g. to record the accepted commands. */
  onAccepted?: (accepted: AcceptedCommand) => void;
}

export interface AcceptedCommand {
  username: string;
  path: string;
  /** The Idempotency-Key it carried, if any. */
  key: string | undefined;
  status: number;
  body: unknown;
  /** True when the service answered a stored first result (idempotent-replay header). */
  replayed: boolean;
}

const DEFAULT_TRANSIENT_STATUSES: readonly number[] = [502, 503, 504];

/** Thrown by fetch when the API is unreachable: retried within transientRetryFor. */
class UnreachableError extends CliError {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message, EXIT.failure);
  }
}

const LOGIN_PATH = '/api/auth/login';

export class ApiClient {
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Logs in (once per user) and returns the access token; exit 3 when the API says no. */
  login(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (token === undefined) {
      token = this.request<TokenResponse>('POST', '/api/auth/login', {}, { username, password: this.options.password }).then((answer) => {
        if (answer.status === 200) return answer.body.accessToken;
        const detail = isErrorBody(answer.body) ? `${answer.body.error.code}: ${answer.body.error.message}` : JSON.stringify(answer.body);
        if (answer.status === 400 || answer.status === 401 || answer.status === 403 || answer.status === 429) {
          throw new AuthenticationError(`could not log in as ${username} (${answer.status} ${detail})`);
        }
        throw new ApiRefusedError(`log in as ${username}`, answer.status, answer.body);
      });
      token.catch(() => this.tokens.delete(username));
      this.tokens.set(username, token);
    }
    return token;
  }

  /** One request as `username`; `key` is sent as Idempotency-Key. */
  async call<T>(username: string, method: 'GET' | 'POST', path: string, body?: unknown, key?: string): Promise<ApiAnswer<T>> {
    const token = await this.login(username);
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (key !== undefined) headers[IDEMPOTENCY_KEY] = key;
    const answer = await this.request<T>(method, path, headers, body);
    if (method === 'POST' && answer.status >= 200 && answer.status < 300) {
      this.options.onAccepted?.({ username, path, key, status: answer.status, body: answer.body, replayed: answer.replayed });
    }
    return answer;
  }

  /** A call that must answer `status`; anything else is exit 4 with the API's error. */
  async expect<T>(
    status: number,
    username: string,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    what: string,
    key?: string,
  ): Promise<T> {
    const answer = await this.call<T>(username, method, path, body, key);
    if (answer.status !== status) throw new ApiRefusedError(what, answer.status, answer.body);
    return answer.body;
  }

  /**
   * Repeats a command while it is refused with 404 or 409 (a fact not yet learned from an event),
   * until it answers `status` or the time is up.
   */
  async eventually<T>(
    status: number,
    username: string,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    what: string,
    key?: string,
  ): Promise<T> {
    const deadline = Date.now() + (this.options.retryFor ?? 30_000);
    for (;;) {
      const answer = await this.call<T>(username, method, path, body, key);
      if (answer.status === status) return answer.body;
      const retryable = answer.status === 404 || answer.status === 409 || answer.status === 503;
      if (!retryable || Date.now() > deadline) throw new ApiRefusedError(what, answer.status, answer.body);
      await sleep(this.options.retryEvery ?? 150);
    }
  }

  /** The raw bytes of a download (CSV, XLSX); an error body is exit 4. */
  async download(username: string, path: string, what: string): Promise<{ contentType: string; bytes: Buffer }> {
    const token = await this.login(username);
    const response = await this.sendRetrying('GET', path, { authorization: `Bearer ${token}` });
    const bytes = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new ApiRefusedError(what, response.status, parseJson(bytes.toString('utf8')));
    return { contentType: response.headers.get('content-type') ?? '', bytes };
  }

  private async request<T>(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<ApiAnswer<T> & { replayed: boolean }> {
    const response = await this.sendRetrying(
      method,
      path,
      body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body,
    );
    const text = await response.text();
    return { status: response.status, body: parseJson(text) as T, replayed: response.headers.get('idempotent-replay') === 'true' };
  }

  /**
   * Sends once, or, when it is safe to send again (isSafeToRetry), until an answer that is not
   * transient or the transientRetryFor deadline: network errors and `transientStatuses` are retried
   * after a growing pause, never shorter than the answer's Retry-After.
   */
  private async sendRetrying(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
    const retryFor = this.options.transientRetryFor ?? 0;
    const deadline = Date.now() + retryFor;
    const safe = isSafeToRetry(method, headers[IDEMPOTENCY_KEY] !== undefined, path === LOGIN_PATH);
    const transient = this.options.transientStatuses ?? DEFAULT_TRANSIENT_STATUSES;
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await this.send(method, path, headers, body);
      } catch (error) {
        if (!(error instanceof UnreachableError)) throw error;
        const delay = safe ? nextDelay(attempt, undefined, Date.now(), deadline) : undefined;
        if (delay === undefined) throw this.gaveUp(error, safe, retryFor, attempt);
        await this.retrying(error.message, `unreachable (${error.reason})`, delay, deadline);
        continue;
      }
      if (!safe || !transient.includes(response.status)) return response;
      const delay = nextDelay(attempt, retryAfterMs(response.headers.get('retry-after'), Date.now()), Date.now(), deadline);
      if (delay === undefined) return response;
      const text = await response.text().catch(() => '');
      const answer = parseJson(text);
      const code = isErrorBody(answer) ? ` ${answer.error.code}` : '';
      await this.retrying(
        `${method} ${path} answered ${response.status}`,
        `answered ${response.status}${code} to ${method} ${path}`,
        delay,
        deadline,
      );
    }
  }

  private async retrying(failure: string, described: string, delayMs: number, deadline: number): Promise<void> {
    this.options.onTransient?.(failure);
    this.options.onRetry?.({ failure: described, delayMs, until: new Date(deadline) });
    await sleep(delayMs);
  }

  /** The final error once retrying stops: what failed, and why it was not (or no longer) retried. */
  private gaveUp(error: UnreachableError, safe: boolean, retryFor: number, attempts: number): CliError {
    if (!safe && retryFor > 0)
      return new CliError(`${error.message}; not retried: a command without an Idempotency-Key might run twice`, EXIT.failure);
    if (!safe || attempts === 1) return error;
    return new CliError(
      `${error.message}; gave up after ${attempts} attempts in ${Math.round(retryFor / 1000)} s (--retry-for, IPLEDGER_RETRY_FOR)`,
      EXIT.failure,
    );
  }

  private async send(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
    const url = new URL(path, this.options.baseUrl);
    try {
      return await this.fetchImpl(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      // fetch's TypeError names the socket's error in `cause` (an Error of another realm under jest: read it by shape).
      const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause?.message;
      const reason = typeof cause === 'string' ? cause : error instanceof Error ? error.message : String(error);
      throw new UnreachableError(`cannot reach the API at ${this.options.baseUrl} (${method} ${url.pathname}): ${reason}`, reason);
    }
  }
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
