// The CLI's HTTP client: logs in as a demo user (POST /api/auth/login), sends the bearer token,
// turns error bodies into exit codes, and retries commands that wait for facts other services
// learn through events. A command given an idempotency key carries it (Idempotency-Key), so it
// may be retried safely; with `transientRetryFor`, network errors and 502/503/504 are retried
// with backoff until that deadline (the fault suite restarts services under a running workload).
import type { TokenResponse } from '@ipledger/contracts';
import { HEADERS } from '@ipledger/contracts';
import { ApiRefusedError, AuthenticationError, CliError, EXIT, isErrorBody } from './errors';

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
class UnreachableError extends CliError {}

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
  async expect<T>(status: number, username: string, method: 'GET' | 'POST', path: string, body: unknown, what: string, key?: string): Promise<T> {
    const answer = await this.call<T>(username, method, path, body, key);
    if (answer.status !== status) throw new ApiRefusedError(what, answer.status, answer.body);
    return answer.body;
  }

  /**
   * Repeats a command while it is refused with 404 or 409 (a fact not yet learned from an event),
   * until it answers `status` or the time is up.
   */
  async eventually<T>(status: number, username: string, method: 'GET' | 'POST', path: string, body: unknown, what: string, key?: string): Promise<T> {
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
    const response = await this.send('GET', path, { authorization: `Bearer ${token}` });
    const bytes = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new ApiRefusedError(what, response.status, parseJson(bytes.toString('utf8')));
    return { contentType: response.headers.get('content-type') ?? '', bytes };
  }

  /** Sends once, or until an answer that is not transient or the transientRetryFor deadline. */
  private async request<T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<ApiAnswer<T> & { replayed: boolean }> {
    const deadline = Date.now() + (this.options.transientRetryFor ?? 0);
    const transient = this.options.transientStatuses ?? DEFAULT_TRANSIENT_STATUSES;
    for (let attempt = 1; ; attempt += 1) {
      const pause = Math.min(2_000, 100 * 2 ** Math.min(attempt - 1, 5));
      let response: Response;
      try {
        response = await this.send(method, path, body === undefined ? headers : { ...headers, 'content-type': 'application/json' }, body);
      } catch (error) {
        if (!(error instanceof UnreachableError) || Date.now() + pause > deadline) throw error;
        this.options.onTransient?.(error.message);
        await sleep(pause);
        continue;
      }
      const text = await response.text();
      if (transient.includes(response.status) && Date.now() + pause <= deadline) {
        this.options.onTransient?.(`${method} ${path} answered ${response.status}`);
        await sleep(pause);
        continue;
      }
      return { status: response.status, body: parseJson(text) as T, replayed: response.headers.get('idempotent-replay') === 'true' };
    }
  }

  private async send(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
    const url = new URL(path, this.options.baseUrl);
    try {
      return await this.fetchImpl(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new UnreachableError(`cannot reach the API at ${this.options.baseUrl} (${method} ${url.pathname})${cause}`, EXIT.failure);
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

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
