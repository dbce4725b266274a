// The outbox relay's right to publish, held on a database connection of its own (not one of the
// pool's, and never inside a transaction). Only one instance of a service publishes at a time,
// which keeps each key's events in outbox order across instances:
// - the publisher lock (`ipledger.outbox.<schema>.publisher`, a session advisory lock) is held by
//   one instance for as long as its connection lives; every other instance tries it at each poll
//   and publishes nothing until it gets it (the holder stopped, or its connection was lost);
// - the batch lock (`ipledger.outbox.<schema>`, the relay's lock `ipledger outbox republish` and
//   prune_outbox take in their transactions) is held by the publisher around each batch only:
//   they wait for the batch in flight at most, and while they hold it the publisher skips a round.
// Both are session locks on an idle connection: while a batch is on its way to the broker no
// transaction is open. A lost connection (PostgreSQL restarted) releases both; the next poll
// connects again and competes for the publisher lock anew. The connection asks PostgreSQL to end
// it when idle for longer than `idleTimeoutMs` (idle_session_timeout): a live relay uses it at
// every poll, so only a publisher frozen or hung that long loses the lock to another instance.
// The same connection LISTENs on the service's outbox channel (`ipledger_outbox_<schema>`, notified
// by the outbox table's triggers when a transaction appended events or asked for a republish), so
// the relay wakes at the commit of any instance, not at its next poll.
import pg from 'pg';
import type { MessagingLogger } from './logger';

export interface PublisherLeaseOptions {
  /** The service's database (its own role): advisory locks need no privilege. */
  url: string;
  schema: string;
  logger: MessagingLogger;
  /** Bound of one lock statement and of connecting (default 10 s): a half-open connection is given up. */
  timeoutMs?: number;
  /** How long the connection may stay idle before PostgreSQL ends it, and the locks with it (default 30 s). */
  idleTimeoutMs?: number;
  /** Called when a transaction committed events to the outbox, or asked for a republish (any instance). */
  onOutboxChanged?: () => void;
}

/** The channel the outbox table's triggers notify (migrations `*_outbox_notify`). */
export function outboxChannel(schema: string): string {
  return `ipledger_outbox_${schema}`;
}

const tryLock = async (client: pg.Client, key: string): Promise<boolean> =>
  (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key])).rows[0].locked;

export class PublisherLease {
  private readonly publisherKey: string;
  private readonly batchKey: string;
  private client: pg.Client | undefined;
  private publisher = false;

  constructor(private readonly options: PublisherLeaseOptions) {
    this.batchKey = `ipledger.outbox.${options.schema}`;
    this.publisherKey = `${this.batchKey}.publisher`;
  }

  /** Whether this instance is its service's publisher now (as of its last poll). */
  isPublisher(): boolean {
    return this.publisher;
  }

  /**
   * Runs `batch` if this instance is (or now becomes) the publisher and the batch lock is free;
   * undefined otherwise. Throws when the database cannot be reached (the relay backs off).
   */
  async runBatch<T>(batch: () => Promise<T>): Promise<T | undefined> {
    const client = await this.connection();
    let locked: boolean;
    try {
      if (!this.publisher) {
        this.publisher = await tryLock(client, this.publisherKey);
        if (!this.publisher) return undefined;
        this.options.logger.info({ schema: this.options.schema }, 'outbox relay: this instance is now the publisher');
      }
      locked = await tryLock(client, this.batchKey);
    } catch (error) {
      this.drop(client, error);
      throw error;
    }
    if (!locked) return undefined;
    try {
      return await batch();
    } finally {
      // Unless the connection went meanwhile (the lock with it), or the unlock fails (then the
      // connection is closed, which releases every lock of its session).
      if (this.client === client)
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [this.batchKey]).catch((error: unknown) => this.drop(client, error));
    }
  }

  /** Gives up being the publisher: closes the connection, which releases its locks. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.publisher = false;
    await client?.end().catch(() => undefined);
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: `ipledger-outbox-relay:${this.options.schema}`,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
      options: `-c idle_session_timeout=${this.options.idleTimeoutMs ?? 30_000}`,
    });
    // A connection that breaks later (PostgreSQL restarted) emits 'error'; unheard it would crash the process.
    client.on('error', (error) => this.drop(client, error));
    client.on('end', () => this.drop(client));
    client.on('notification', () => this.options.onOutboxChanged?.());
    try {
      await client.connect();
      await client.query(`LISTEN "${outboxChannel(this.options.schema)}"`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  /** Forgets a connection that failed: its session, and so both locks, are gone (or go as it closes). */
  private drop(client: pg.Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    const wasPublisher = this.publisher;
    this.publisher = false;
    void client.end().catch(() => undefined);
    this.options.logger.warn(
      { schema: this.options.schema, wasPublisher, err: error instanceof Error ? error.message : undefined },
      'outbox relay: lost its database connection (and with it the publisher lock); it connects again at the next poll',
    );
  }
}
