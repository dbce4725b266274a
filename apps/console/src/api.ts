// Calls to the gateway at the same origin. The token lives in sessionStorage (this tab only, gone
// when it closes); every call sends it; a 401 ends the session and shows the login page.
export type Role = 'bank' | 'appraiser' | 'bureau' | 'guarantor' | 'insurer' | 'statistician' | 'system';

export interface Session {
  accessToken: string;
  role: Role;
  orgId: string;
  subject: string;
  expiresAt: number;
}

export interface ErrorDetail {
  field: string;
  rule: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

const KEY = 'ipledger.console.session';
let onUnauthenticated: () => void = () => undefined;

export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export function session(): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    if (stored === null || stored.expiresAt <= Date.now()) return null;
    return stored;
  } catch {
    return null;
  }
}

export function logout(): void {
  sessionStorage.removeItem(KEY);
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: ErrorDetail[] } };
    return new ApiError(
      response.status,
      body.error?.code ?? 'error',
      body.error?.message ?? response.statusText,
      body.error?.details ?? [],
    );
  } catch {
    const message = response.status >= 500 ? '服务暂不可用，请稍后重试' : response.statusText;
    return new ApiError(response.status, 'error', message);
  }
}

export async function login(username: string, password: string): Promise<Session> {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw await errorOf(response);
  const token = (await response.json()) as { accessToken: string; role: Role; orgId: string; subject: string; expiresIn: number };
  const stored: Session = {
    accessToken: token.accessToken,
    role: token.role,
    orgId: token.orgId,
    subject: token.subject,
    expiresAt: Date.now() + token.expiresIn * 1000,
  };
  sessionStorage.setItem(KEY, JSON.stringify(stored));
  return stored;
}

async function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  const current = session();
  if (current === null) {
    onUnauthenticated();
    throw new ApiError(401, 'unauthenticated', '请先登录');
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${current.accessToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器');
  }
  if (response.status === 401) {
    logout();
    onUnauthenticated();
    throw await errorOf(response);
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

export async function get<T>(path: string): Promise<T> {
  return (await (await send('GET', path)).json()) as T;
}

export async function post<T>(path: string, body: unknown = {}): Promise<T> {
  return (await (await send('POST', path, body)).json()) as T;
}

/** Downloads a file answer (CSV / XLSX) under the server's file name, else `fallbackName`. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const response = await send('GET', path);
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] ?? match[2] ?? fallbackName) : fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return error.message;
    if (error.status === 403) return `无权操作：${error.message}`;
    if (error.status === 404) return `未找到：${error.message}`;
    if (error.status >= 500) return `服务暂不可用（${error.status}）：${error.message}`;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
