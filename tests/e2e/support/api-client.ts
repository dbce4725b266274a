// A thin HTTP client for scenarios: calls the gateway as a demo user, logged in through the
// identity service with a real password, the token sent as a bearer token.
import type { TokenResponse } from '@ipledger/contracts';

export interface ActingAs {
  orgId: string;
  role: 'bank' | 'appraiser' | 'bureau' | 'guarantor' | 'insurer' | 'statistician';
  /** The demo user (services/identity/src/demo-accounts.ts) this actor logs in as. */
  username: string;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  /** The answer's headers (IPledger-Events among them); absent on answers a scenario builds itself. */
  headers?: Headers;
}

export class ApiClient {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    private readonly baseUrl: string,
    private readonly password: string,
  ) {}

  as(actor: ActingAs) {
    return {
      get: <T>(path: string, headers: Record<string, string> = {}) => this.send<T>('GET', path, actor, undefined, headers),
      post: <T>(path: string, body: unknown, headers: Record<string, string> = {}) => this.send<T>('POST', path, actor, body, headers),
    };
  }

  /** Without any token: what an anonymous caller gets. */
  anonymous() {
    return {
      get: <T>(path: string) => this.request<T>('GET', path, {}),
      post: <T>(path: string, body: unknown) => this.request<T>('POST', path, {}, body),
    };
  }

  login(username: string, password = this.password): Promise<ApiResponse<TokenResponse>> {
    return this.request<TokenResponse>('POST', '/api/auth/login', {}, { username, password });
  }

  private tokenOf(actor: ActingAs): Promise<string> {
    let token = this.tokens.get(actor.username);
    if (token === undefined) {
      token = this.login(actor.username).then((answer) => {
        if (answer.status !== 200) throw new Error(`log in as ${actor.username}: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer.body.accessToken;
      });
      this.tokens.set(actor.username, token);
    }
    return token;
  }

  private async send<T>(
    method: string,
    path: string,
    actor: ActingAs,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    return this.request<T>(method, path, { ...headers, authorization: `Bearer ${await this.tokenOf(actor)}` }, body);
  }

  private async request<T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<ApiResponse<T>> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T, headers: response.headers };
  }
}
