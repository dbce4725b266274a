// The CLI's HTTP client: logs in as a demo user (POST /api/auth/login), sends the bearer token,
// turns error bodies into exit codes, and retries commands that wait for facts other services
// learn through events.
import type { TokenResponse } from '@ipledger/contracts';
import { ApiRefusedError, AuthenticationError, CliError, EXIT, isErrorBody } from './errors';

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
}

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

  async call<T>(username: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const token = await this.login(username);
    return this.request<T>(method, path, { authorization: `Bearer ${token}` }, body);
  }

  /** A call that must answer `status`; anything else is exit 4 with the API's error. */
  async expect<T>(status: number, username: string, method: 'GET' | 'POST', path: string, body: unknown, what: string): Promise<T> {
    const answer = await this.call<T>(username, method, path, body);
    if (answer.status !== status) throw new ApiRefusedError(what, answer.status, answer.body);
    return answer.body;
  }

  /**
   * Repeats a command while it is refused with 404 or 409 (a fact not yet learned from an event),
   * until it answers `status` or the time is up.
   */
  async eventually<T>(status: number, username: string, method: 'GET' | 'POST', path: string, body: unknown, what: string): Promise<T> {
    const deadline = Date.now() + (this.options.retryFor ?? 30_000);
    for (;;) {
      const answer = await this.call<T>(username, method, path, body);
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

  private async request<T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<ApiAnswer<T>> {
    const response = await this.send(method, path, body === undefined ? headers : { ...headers, 'content-type': 'application/json' }, body);
    const text = await response.text();
    return { status: response.status, body: parseJson(text) as T };
  }

  private async send(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
    const url = new URL(path, this.options.baseUrl);
    try {
      return await this.fetchImpl(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new CliError(`cannot reach the API at ${this.options.baseUrl} (${method} ${url.pathname})${cause}`, EXIT.failure);
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
