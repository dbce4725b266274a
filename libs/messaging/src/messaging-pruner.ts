// Retention of a service's messaging tables: every interval (and once at start), deletes the
// published outbox rows, the inbox rows and the idempotency keys older than the policy says
// (retention-policy.ts). The deleting is done by the database's retention functions
// (`<schema>.prune_<table>`, each service's migration `messaging_retention`): the service's role
// has no DELETE on these tables, and the functions delete at most one batch per call, never a row
// the relay has still to publish or republish, never inside their floors. One call is one short
// statement; the pruner calls again while a call filled its batch, so no lock is held for long.
import type { MessagingLogger } from './logger';
import { PRUNED_TABLES, retentionDaysOf, type PrunedTable, type RetentionPolicy } from './retention-policy';
import { quoteSchema, type SqlClient } from './sql-client';

export interface MessagingPrunerOptions {
  /** Connected as the service's own role (EXECUTE on its retention functions). */
  db: SqlClient;
  schema: string;
  policy: RetentionPolicy;
  logger: MessagingLogger;
  /** Rows deleted per statement (default 1 000; the functions accept 1 to 10 000). */
  batchSize?: number;
  /** Pause between rounds (default one hour). */
  intervalMs?: number;
}

export type PrunedCounts = Record<PrunedTable, number>;

export interface PruneRound {
  /** Rows deleted per table in this round. */
  pruned: PrunedCounts;
  /** Tables whose pruning failed in this round (logged; tried again next round). */
  failed: PrunedTable[];
  /** Tables the service keeps that it cannot prune (no retention function it may execute). */
  unprunable: PrunedTable[];
}

const none = (): PrunedCounts => ({ outbox: 0, inbox: 0, idempotency_keys: 0 });

/** A table the service keeps, and whether its role may execute the table's retention function. */
interface TableState {
  table: PrunedTable;
  prunable: boolean;
}

export class MessagingPruner {
  private readonly schema: string;
  private readonly batchSize: number;
  private running = false;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly totals = none();
  private lastRoundAt: Date | undefined;

  constructor(private readonly options: MessagingPrunerOptions) {
    this.schema = quoteSchema(options.schema);
    this.batchSize = options.batchSize ?? 1_000;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1 || this.batchSize > 10_000) {
      throw new Error(`retention batch size must be an integer from 1 to 10000, not ${this.batchSize}`);
    }
  }

  /** Rows deleted per table since this process started (for /metrics). */
  prunedTotals(): Readonly<PrunedCounts> {
    return { ...this.totals };
  }

  /** When the last round finished without a failed table; undefined before the first. */
  lastCompleteRound(): Date | undefined {
    return this.lastRoundAt;
  }

  /** A round now, then one every interval, until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Stops after the statement in flight (a round in progress ends at its next batch). */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  /** One round over every table the service keeps; what start() repeats. */
  async pruneOnce(): Promise<PruneRound> {
    const round: PruneRound = { pruned: none(), failed: [], unprunable: [] };
    let tables: TableState[];
    try {
      tables = await this.tables();
    } catch (error) {
      this.options.logger.warn(
        { schema: this.options.schema, err: (error as Error).message },
        'messaging retention: could not read which tables to prune; trying again next round',
      );
      return { ...round, failed: [...PRUNED_TABLES] };
    }
    round.unprunable = tables.filter((state) => !state.prunable).map((state) => state.table);
    if (round.unprunable.length > 0) {
      this.options.logger.warn(
        { schema: this.options.schema, tables: round.unprunable },
        'messaging retention: no retention function this role may execute for these tables; they are not pruned (apply the migrations, then provision the database roles)',
      );
    }
    const started = Date.now();
    for (const { table } of tables.filter((state) => state.prunable)) {
      try {
        round.pruned[table] = await this.pruneTable(table);
      } catch (error) {
        round.failed.push(table);
        this.options.logger.warn(
          { schema: this.options.schema, table, err: (error as Error).message },
          'messaging retention: pruning failed; trying again next round',
        );
      }
    }
    const fields = { schema: this.options.schema, ...round.pruned, durationMs: Date.now() - started };
    if (PRUNED_TABLES.some((table) => round.pruned[table] > 0)) this.options.logger.info(fields, 'messaging retention: pruned old rows');
    else this.options.logger.debug(fields, 'messaging retention: nothing old enough to prune');
    if (round.failed.length === 0) this.lastRoundAt = new Date();
    return round;
  }

  /** Batch after batch until one comes back short (or the pruner stops); returns the rows deleted. */
  private async pruneTable(table: PrunedTable): Promise<number> {
    const olderThan = `${retentionDaysOf(this.options.policy, table)} days`;
    let total = 0;
    for (;;) {
      const [row] = await this.options.db.$queryRawUnsafe<{ pruned: number }[]>(
        `SELECT ${this.schema}."prune_${table}"($1::interval, $2::integer)::integer AS pruned`,
        olderThan,
        this.batchSize,
      );
      const pruned = Number(row?.pruned ?? 0);
      total += pruned;
      this.totals[table] += pruned;
      if (pruned < this.batchSize || this.stopping) return total;
    }
  }

  /** The tables the schema has, and whether this role may execute each one's retention function. */
  private async tables(): Promise<TableState[]> {
    const rows = await this.options.db.$queryRawUnsafe<{ name: PrunedTable; present: boolean; prunable: boolean }[]>(
      `SELECT name,
              to_regclass(format('%I.%I', $1::text, name)) IS NOT NULL AS present,
              coalesce(has_function_privilege(to_regprocedure(format('%I.%I(interval, integer)', $1::text, 'prune_' || name)), 'EXECUTE'), false) AS prunable
         FROM unnest($2::text[]) AS name`,
      this.options.schema,
      [...PRUNED_TABLES],
    );
    return rows.filter((row) => row.present).map((row) => ({ table: row.name, prunable: row.prunable }));
  }

  private async run(): Promise<void> {
    while (this.running) {
      await this.pruneOnce();
      if (this.running) await this.sleep(this.options.intervalMs ?? 3_600_000);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
