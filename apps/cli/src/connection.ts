// --base-url, --user and --password (or their environment variables) → a logged-in API client.
import { ApiClient } from './api';
import { UsageError } from './errors';
import type { Io } from './io';

export interface ConnectionOptions {
  baseUrl?: string;
  user?: string;
  password?: string;
}

export const DEFAULT_BASE_URL = 'http://127.0.0.1:3000';

export function connect(options: ConnectionOptions, io: Io, defaultUser: string): { api: ApiClient; user: string } {
  const password = options.password ?? io.env.IPLEDGER_PASSWORD ?? io.env.IPLEDGER_DEMO_PASSWORD;
  if (password === undefined || password === '') {
    throw new UsageError('no password: pass --password <password> or set IPLEDGER_PASSWORD (or IPLEDGER_DEMO_PASSWORD, printed by npm start)');
  }
  const baseUrl = options.baseUrl ?? io.env.IPLEDGER_BASE_URL ?? DEFAULT_BASE_URL;
  const user = options.user ?? io.env.IPLEDGER_USERNAME ?? defaultUser;
  return { api: new ApiClient({ baseUrl, password, fetch: io.fetch }), user };
}
