// The ledger's tables read directly with `pg`, independent of the ledger service's code: one
// read-only REPEATABLE READ transaction (a consistent snapshot while postings go on), entries and
// checkpoints by keyset pagination in batches, so the whole ledger is never in memory.
import pg from 'pg';
import type { ChainedEntry, ChainHead, Checkpoint, Direction } from '@ipledger/ledger-proof';
import { CliError, EXIT } from '../errors';

export const SNAPSHOT_BATCH_SIZE = 1000;

const UTC_MILLIS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

interface EntryRow {
  id: string;
  sequence: string;
  event_id: string;
  event_type: string;
  description: string;
  effective_date: string;
  reverses_entry_id: string | null;
  correlation_id: string;
  posted_at: string;
  previous_hash: string;
  hash: string;
}

interface PostingRow {
  entry_id: string;
  position: number;
  account_code: string;
  direction: Direction;
  amount: string;
}

interface CheckpointRow {
  sequence: string;
  hash: string;
  signed_at: string;
  key_id: string;
  signature: string;
}

export type JournalItem = { kind: 'entry'; entry: ChainedEntry } | { kind: 'checkpoint'; checkpoint: Checkpoint };

export class LedgerSnapshot {
  private constructor(private readonly client: pg.Client) {}

  /** Connects and opens the snapshot; `close()` ends it. */
  static async open(databaseUrl: string): Promise<LedgerSnapshot> {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: 'ipledger-cli-ledger' });
    try {
      await client.connect();
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new CliError(
        `cannot read the ledger's database (DATABASE_URL or --database-url): ${error instanceof Error ? error.message : String(error)}`,
        EXIT.failure,
      );
    }
    return new LedgerSnapshot(client);
  }

  async close(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end();
  }

  /** The head the ledger stored (ledger.chain_head). */
  async storedHead(): Promise<ChainHead> {
    const { rows } = await this.client.query<{ sequence: string; hash: string }>(
      'SELECT sequence::text AS sequence, hash FROM ledger.chain_head WHERE id = 1',
    );
    if (rows.length !== 1) throw new CliError('ledger.chain_head has no row 1: is this the ledger’s database, migrated?', EXIT.failure);
    return { sequence: BigInt(rows[0].sequence), hash: rows[0].hash };
  }

  /** The key id of the newest checkpoint, or null when there is none. */
  async latestKeyId(): Promise<string | null> {
    const { rows } = await this.client.query<{ key_id: string }>(
      'SELECT key_id FROM ledger.checkpoints ORDER BY checkpoints.sequence DESC LIMIT 1',
    );
    return rows[0]?.key_id ?? null;
  }

  /** Entries (up to `throughSequence`, or all) in sequence order, with their postings in position order. */
  async *entries(throughSequence: bigint | null, batchSize = SNAPSHOT_BATCH_SIZE): AsyncGenerator<ChainedEntry> {
    let after = '0';
    for (;;) {
      const { rows } = await this.client.query<EntryRow>(
        `SELECT id, sequence::text AS sequence, event_id::text AS event_id, event_type, description,
                to_char(effective_date, 'YYYY-MM-DD') AS effective_date, reverses_entry_id, correlation_id,
                to_char(posted_at AT TIME ZONE 'UTC', ${UTC_MILLIS}) AS posted_at, previous_hash, hash
           FROM ledger.journal_entries
          WHERE sequence > $1::bigint AND ($2::bigint IS NULL OR sequence <= $2::bigint)
          ORDER BY journal_entries.sequence LIMIT $3`,
        [after, throughSequence?.toString() ?? null, batchSize],
      );
      if (rows.length === 0) return;
      const postings = await this.client.query<PostingRow>(
        `SELECT entry_id, position, account_code, direction, amount::text AS amount
           FROM ledger.postings WHERE entry_id = ANY($1::text[]) ORDER BY entry_id, position`,
        [rows.map((row) => row.id)],
      );
      const byEntry = new Map<string, PostingRow[]>();
      for (const posting of postings.rows) {
        const legs = byEntry.get(posting.entry_id);
        if (legs === undefined) byEntry.set(posting.entry_id, [posting]);
        else legs.push(posting);
      }
      for (const row of rows) {
        yield {
          sequence: BigInt(row.sequence),
          id: row.id,
          eventId: row.event_id,
          eventType: row.event_type,
          description: row.description,
          effectiveDate: row.effective_date,
          reversesEntryId: row.reverses_entry_id,
          correlationId: row.correlation_id,
          postedAt: row.posted_at,
          previousHash: row.previous_hash,
          hash: row.hash,
          postings: (byEntry.get(row.id) ?? []).map((posting) => ({
            position: posting.position,
            accountCode: posting.account_code,
            direction: posting.direction,
            amount: posting.amount,
          })),
        };
      }
      after = rows[rows.length - 1].sequence;
    }
  }

  /** Every checkpoint in sequence order. */
  async *checkpoints(batchSize = SNAPSHOT_BATCH_SIZE): AsyncGenerator<Checkpoint> {
    let after = '-1';
    for (;;) {
      const { rows } = await this.client.query<CheckpointRow>(
        `SELECT sequence::text AS sequence, hash, to_char(signed_at AT TIME ZONE 'UTC', ${UTC_MILLIS}) AS signed_at, key_id, signature
           FROM ledger.checkpoints WHERE sequence > $1::bigint ORDER BY checkpoints.sequence LIMIT $2`,
        [after, batchSize],
      );
      for (const row of rows)
        yield { sequence: BigInt(row.sequence), hash: row.hash, signedAt: row.signed_at, keyId: row.key_id, signature: row.signature };
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1].sequence;
    }
  }

  /**
   * Entries (up to `throughSequence`, or all), each followed by the checkpoints up to its sequence;
   * then any checkpoint left (one naming an entry that is not there, for the verifier to flag).
   */
  async *journal(throughSequence: bigint | null): AsyncGenerator<JournalItem> {
    const checkpoints = this.checkpoints();
    let pending = await checkpoints.next();
    for await (const entry of this.entries(throughSequence)) {
      yield { kind: 'entry', entry };
      while (!pending.done && pending.value.sequence <= entry.sequence) {
        yield { kind: 'checkpoint', checkpoint: pending.value };
        pending = await checkpoints.next();
      }
    }
    while (!pending.done) {
      yield { kind: 'checkpoint', checkpoint: pending.value };
      pending = await checkpoints.next();
    }
  }
}
