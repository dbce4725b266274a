// The one way a process opens a database: a generated Prisma client over Prisma's query compiler
// and the `pg` driver adapter (no native engine). Each service passes ITS OWN client class
// (services/<name>/src/database.ts), generated from its own schema folder, so it sees its own
// models only; libraries and tools that need SQL only use SqlPrismaClient (no models).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqlPrismaClient } from './generated/client';

export { SqlPrismaClient };

export interface DatabaseOptions {
  url: string;
  /** Connections in this process's pool. */
  poolSize?: number;
}

/** The slice of a client (or of its interactive transaction) that runs SQL. */
export interface SqlClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** What the service kit needs of any service's client: SQL, interactive transactions, disconnect. */
export interface DatabaseClient<Tx extends SqlClient = SqlClient> extends SqlClient {
  $transaction<R>(fn: (tx: Tx) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
  $disconnect(): Promise<void>;
}

/** A generated PrismaClient class. */
export type PrismaClientClass<C extends DatabaseClient = DatabaseClient> = new (options: { adapter: PrismaPg }) => C;

export function createPrismaClient<C extends DatabaseClient>(Client: PrismaClientClass<C>, options: DatabaseOptions): C {
  const adapter = new PrismaPg({ connectionString: options.url, max: options.poolSize ?? 10 });
  return new Client({ adapter });
}

/** Prisma's unique-constraint violation (P2002): a racing writer got there first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
}
