// A thin HTTP client for scenarios: calls the gateway as a given organisation and role.
export interface ActingAs {
  orgId: string;
  role: 'bank' | 'appraiser' | 'bureau' | 'guarantor' | 'insurer' | 'statistician';
  userId?: string;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
}

export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  as(actor: ActingAs) {
    const headers: Record<string, string> = { 'x-actor-org': actor.orgId, 'x-actor-role': actor.role };
    if (actor.userId) headers['x-actor-user'] = actor.userId;
    return {
      get: <T>(path: string) => this.send<T>('GET', path, headers),
      post: <T>(path: string, body: unknown) => this.send<T>('POST', path, headers, body),
    };
  }

  private async send<T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<ApiResponse<T>> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }
}
