// How late events were handled around a fault, from the database's own clock: an event's delay is
// the time from its outbox row (created in the command's or handler's transaction) to each inbox
// row of a group that handled it. Figures for the report; the scenario asserts a generous bound.
import pg from 'pg';
import { INBOX_SCHEMA } from './invariants';
import { OUTBOX_SCHEMAS } from './quiet';

export interface EventDelays {
  /** Events committed in the window and handled by at least one group. */
  events: number;
  /** Handlings of those events (one per consuming group). */
  handlings: number;
  /** The worst delay of one handling, ms. */
  worstMs: number;
  /** 99th percentile, ms. */
  p99Ms: number;
  /** From `from` to the last handling of an event committed in the window, ms: when every consumer had caught up. */
  caughtUpAfterMs: number;
}

/** Delays of the events committed between `from` and `to` (epoch ms). */
export async function measureEventDelays(databaseUrl: string, from: number, to: number): Promise<EventDelays> {
  const outboxes = OUTBOX_SCHEMAS.map((schema) => `SELECT event_id, created_at FROM ${schema}.outbox`).join(' UNION ALL ');
  const inboxes = [...new Set(Object.values(INBOX_SCHEMA))]
    .map((schema) => `SELECT event_id, handled_at FROM ${schema}.inbox`)
    .join(' UNION ALL ');
  const sql = `
    WITH o AS (${outboxes}), i AS (${inboxes}),
    d AS (
      SELECT o.event_id, EXTRACT(EPOCH FROM (i.handled_at - o.created_at)) * 1000 AS ms, i.handled_at
      FROM o JOIN i ON i.event_id = o.event_id
      WHERE o.created_at >= to_timestamp($1 / 1000.0) AND o.created_at <= to_timestamp($2 / 1000.0)
    )
    SELECT count(DISTINCT event_id)::int AS events, count(*)::int AS handlings,
           COALESCE(max(ms), 0)::float AS worst, COALESCE(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), 0)::float AS p99,
           COALESCE(EXTRACT(EPOCH FROM max(handled_at)) * 1000 - $1, 0)::float AS caught_up
    FROM d`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const row = (await client.query(sql, [from, to])).rows[0] as {
      events: number;
      handlings: number;
      worst: number;
      p99: number;
      caught_up: number;
    };
    return {
      events: row.events,
      handlings: row.handlings,
      worstMs: Math.round(row.worst),
      p99Ms: Math.round(row.p99),
      caughtUpAfterMs: Math.round(row.caught_up),
    };
  } finally {
    await client.end();
  }
}

export function delayReportFigures(delays: EventDelays): Record<string, string> {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return {
    'event delay during the fault': `${delays.events} events (${delays.handlings} handlings): worst ${s(delays.worstMs)}, p99 ${s(delays.p99Ms)}`,
    'every consumer caught up': `${s(delays.caughtUpAfterMs)} after the fault began`,
  };
}
