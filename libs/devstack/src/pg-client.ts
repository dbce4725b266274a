// One short-lived PostgreSQL connection for devstack's administrative steps (creating databases,
// roles, checks): connects within 5 s, ignores the client's late socket errors, always closes.
import pg from 'pg';

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>, applicationName?: string): Promise<T> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
    ...(applicationName === undefined ? {} : { application_name: applicationName }),
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A SQL identifier, double-quoted. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
