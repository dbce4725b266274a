// `npm run bench`: figures of the system beside raw baselines measured in the same run, on the
// same machine and infrastructure. Prints `name: value` lines (docs/performance.md keeps them).
//
// - Ledger, end to end: LoanDisbursed events produced to Kafka until the ledger service, a real
//   process, has posted them, with most postings touching one hot account (the hot bank's cash
//   account), against raw batched INSERTs of the same rows into plain tables.
// - Event pipeline: the same messages drained by the statistics service, a real process, against a
//   plain kafkajs consumer reading them, and replayed after `ipledger stats rebuild`
//   (scripts/bench-pipeline.ts).
// - HTTP commands: POST /api/loans/{id}/repayments on the lending service, a real process, from 32
//   concurrent clients, against GET /health and /health/live on it (scripts/bench-http.ts).
//
// BENCH_EVENTS (default 3000) sets the workload, BENCH_LEDGER_SCALES (default "1") the multiples of
// it the ledger line runs at, one after the other on the growing journal (e.g. "1,10,100"), and
// BENCH_HTTP_SECONDS (default 10) the length of each HTTP run. Infrastructure: fresh embedded
// PostgreSQL and Kafka on free ports (scripts/bench-infrastructure.ts). The services run from a
// production build made for the run (BENCH_FROM_SOURCE=1: from source, as under npm start).
// To look inside: CONSUMER_BATCH_EVENTS overrides the ledger's batch size, BENCH_LOG=<file> writes
// its log lines (at info), BENCH_LEDGER_NODE_OPTIONS its NODE_OPTIONS (e.g. a profiler to preload),
// BENCH_LENDING_NODE_OPTIONS the lending service's (e.g. --cpu-prof --cpu-prof-dir=<dir>).
import fs from 'node:fs';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { adminSasl, generateTokenKeys, pollUntil, type ServiceProcess } from '@ipledger/devstack';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { topicName, type EventEnvelope } from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { benchHttp } from './bench-http';
import { benchPipeline } from './bench-pipeline';
import { formatMiB, peakRssMiB } from './bench-rss';
import { startBenchInfrastructure } from './bench-infrastructure';
import { signedMessages, startBenchService } from './bench-services';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 3000);
const HOT_SHARE = 0.9;
const RAW_BATCH = 500;
/**
 * The ledger line at these multiples of BENCH_EVENTS, one step after the other on the growing
 * journal (BENCH_LEDGER_SCALES, default "1"; "1,10,100" shows whether cost grows with the data).
 */
const LEDGER_SCALES = (process.env.BENCH_LEDGER_SCALES ?? '1').split(',').map((scale) => {
  const value = Number(scale.trim());
  if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_LEDGER_SCALES: "${scale}" is not a whole number of at least 1`);
  return value;
});
if (LEDGER_SCALES.some((scale, i) => i > 0 && scale <= (LEDGER_SCALES[i - 1] ?? 0))) {
  throw new Error('BENCH_LEDGER_SCALES must grow: each multiple larger than the one before');
}

function print(name: string, value: string | number): void {
  process.stdout.write(`${name}: ${value}\n`);
}

function disbursement(index: number): EventEnvelope<'LoanDisbursed'> {
  const loanId = `ln_${uuidv7().replace(/-/g, '')}`;
  const bankOrgId = index % 10 < HOT_SHARE * 10 ? 'bank-hot' : `bank-cold-${index % 20}`;
  const principal = Money.fromFen(BigInt(100_000_00 + ((index * 7919) % 5_000_000_00))).toString();
  return {
    eventId: uuidv7(),
    type: 'LoanDisbursed',
    version: 1,
    occurredAt: new Date().toISOString(),
    key: loanId,
    correlationId: `bench-${index}`,
    causationId: null,
    producer: 'lending',
    actor: { orgId: bankOrgId, role: 'bank', userId: null },
    payload: {
      loanId,
      pledgeId: `pl_${uuidv7().replace(/-/g, '')}`,
      bankOrgId,
      borrowerUscc: '91350100M000100Y43',
      borrowerName: '基准测试企业',
      principal,
      annualInterestRate: '0.0435',
      termMonths: 12,
      disbursedOn: '2026-01-15',
      maturityDate: '2027-01-15',
      districtCode: '500101',
      ipTypes: ['invention-patent'],
      loanToValueLimit: '0.25',
    },
  };
}

async function countEntries(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM ledger.journal_entries');
  return Number(rows[0]?.n ?? 0);
}

/** The same rows the ledger writes (entry + two postings per event), as plain batched INSERTs. */
async function rawBaseline(client: pg.Client, events: EventEnvelope<'LoanDisbursed'>[], sequenceBefore: number): Promise<number> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS bench_raw;
    CREATE TABLE IF NOT EXISTS bench_raw.entries (id text PRIMARY KEY, sequence bigint UNIQUE, event_id uuid UNIQUE, event_type text,
      description text, effective_date date, correlation_id text, previous_hash text, hash text, posted_at timestamptz DEFAULT now());
    CREATE TABLE IF NOT EXISTS bench_raw.postings (entry_id text, position int, account_code text, direction text, amount numeric(20,2),
      PRIMARY KEY (entry_id, position));`);
  const started = process.hrtime.bigint();
  for (let offset = 0; offset < events.length; offset += RAW_BATCH) {
    const batch = events.slice(offset, offset + RAW_BATCH);
    const entryValues: unknown[] = [];
    const postingValues: unknown[] = [];
    batch.forEach((event, i) => {
      const id = `je_${event.eventId.replace(/-/g, '')}`;
      entryValues.push(
        id,
        sequenceBefore + offset + i + 1,
        event.eventId,
        event.type,
        'Loan disbursed',
        event.payload.disbursedOn,
        event.correlationId,
        '0'.repeat(64),
        '0'.repeat(64),
      );
      postingValues.push(id, 1, `loan:${event.payload.loanId}:principal`, 'DEBIT', event.payload.principal);
      postingValues.push(id, 2, `bank:${event.payload.bankOrgId}:cash`, 'CREDIT', event.payload.principal);
    });
    const placeholders = (rows: number, columns: number) =>
      Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`).join(
        ', ',
      );
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO bench_raw.entries (id, sequence, event_id, event_type, description, effective_date, correlation_id, previous_hash, hash) VALUES ${placeholders(batch.length, 9)}`,
      entryValues,
    );
    await client.query(
      `INSERT INTO bench_raw.postings (entry_id, position, account_code, direction, amount) VALUES ${placeholders(batch.length * 2, 5)}`,
      postingValues,
    );
    await client.query('COMMIT');
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return events.length / seconds;
}

interface LedgerStep {
  events: number;
  /** From the first event produced to the last one posted. */
  entriesPerSecond: number;
  /** From the step's first posting transaction to its last: draining once the ledger runs. */
  drainEntriesPerSecond: number;
  /** The same rows appended to the raw tables. */
  rawEntriesPerSecond: number;
}

/** Produces `count` more disbursements to the running ledger, waits until it posted them, and measures the raw baseline on the same rows. */
async function ledgerStep(client: pg.Client, producer: Producer, prefix: string, postedBefore: number, count: number): Promise<LedgerStep> {
  const events = Array.from({ length: count }, (_, i) => disbursement(postedBefore + i));
  const started = process.hrtime.bigint();
  for (let offset = 0; offset < events.length; offset += 500) {
    await producer.send({ topic: topicName('loan', prefix), messages: signedMessages(events.slice(offset, offset + 500), 'lending') });
  }
  const total = postedBefore + count;
  await pollUntil(async () => (await countEntries(client)) >= total, {
    timeoutMs: 1_800_000,
    intervalMs: 50,
    description: `the ledger to post all ${total} events`,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // posted_at is a transaction's start, so the span leaves the ledger's start-up out.
  const span = await client.query<{ first: Date; last: Date }>(
    'SELECT min(posted_at) AS first, max(posted_at) AS last FROM ledger.journal_entries WHERE sequence > $1',
    [postedBefore],
  );
  const { first, last } = span.rows[0] ?? { first: new Date(0), last: new Date(0) };
  return {
    events: count,
    entriesPerSecond: count / seconds,
    drainEntriesPerSecond: (count - 1) / ((last.getTime() - first.getTime()) / 1000),
    rawEntriesPerSecond: await rawBaseline(client, events, postedBefore),
  };
}

async function main(): Promise<void> {
  const run = await startBenchInfrastructure('bench');
  const { infrastructure, tokenKeys } = run;
  const prefix = infrastructure.topicPrefix;
  let ledger: ServiceProcess | undefined;
  const client = new pg.Client({ connectionString: infrastructure.databaseUrl });
  try {
    ledger = await startBenchService(
      'ledger',
      infrastructure,
      {
        ...(process.env.CONSUMER_BATCH_EVENTS ? { CONSUMER_BATCH_EVENTS: process.env.CONSUMER_BATCH_EVENTS } : {}),
        LOG_LEVEL: process.env.BENCH_LOG ? 'info' : 'warn',
        ...(process.env.BENCH_LEDGER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_LEDGER_NODE_OPTIONS } : {}),
        // A key of the run's own that the ledger signs its checkpoints with.
        IPLEDGER_LEDGER_SIGNING_KEY: generateTokenKeys().privateJwk,
      },
      process.env.BENCH_LOG ? { onLine: (line: string) => fs.appendFileSync(process.env.BENCH_LOG as string, `${line}\n`) } : {},
    );
    await client.connect();

    const producer = new Kafka({
      clientId: 'bench',
      sasl: adminSasl(),
      brokers: infrastructure.brokers,
      logLevel: logLevel.NOTHING,
    }).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    let posted = 0;
    for (const scale of LEDGER_SCALES) {
      const step = await ledgerStep(client, producer, prefix, posted, EVENTS * scale - posted);
      posted = EVENTS * scale;
      const at = scale === 1 ? '' : `_at_${scale}x`;
      if (scale === 1) {
        print('events', step.events);
        print('hot_account_share', HOT_SHARE);
      } else {
        print(`journal_entries${at}`, posted);
      }
      print(`ledger_entries_per_second${at}`, step.entriesPerSecond.toFixed(1));
      print(`ledger_drain_entries_per_second${at}`, step.drainEntriesPerSecond.toFixed(1));
      print(`ledger_postings_per_second${at}`, (step.entriesPerSecond * 2).toFixed(1));
      print(`raw_batched_insert_entries_per_second${at}`, step.rawEntriesPerSecond.toFixed(1));
      print(`raw_batched_insert_postings_per_second${at}`, (step.rawEntriesPerSecond * 2).toFixed(1));
      print(`ratio_ledger_to_raw${at}`, (step.entriesPerSecond / step.rawEntriesPerSecond).toFixed(4));
    }
    await producer.disconnect();
    const { rows } = await client.query<{ debits: string; credits: string }>(
      `SELECT sum(amount) FILTER (WHERE direction = 'DEBIT') AS debits, sum(amount) FILTER (WHERE direction = 'CREDIT') AS credits FROM ledger.postings`,
    );
    print('ledger_balanced', String(rows[0]?.debits === rows[0]?.credits));
    print('peak_rss_mib_ledger', formatMiB(peakRssMiB(ledger.process.pid)));
    await ledger.stop();
    ledger = undefined;

    // The same messages again, through the statistics service and through a plain consumer.
    const pipeline = await benchPipeline({ ...infrastructure, topic: topicName('loan', prefix), messages: posted });
    print('pipeline_statistics_events_per_second', pipeline.serviceEventsPerSecond.toFixed(1));
    print('raw_kafkajs_consume_events_per_second', pipeline.rawEventsPerSecond.toFixed(1));
    print('ratio_pipeline_to_raw', (pipeline.serviceEventsPerSecond / pipeline.rawEventsPerSecond).toFixed(4));
    print('rebuild_statistics_events_per_second', pipeline.rebuildEventsPerSecond.toFixed(1));
    print('ratio_rebuild_to_raw', (pipeline.rebuildEventsPerSecond / pipeline.rawEventsPerSecond).toFixed(4));
    print('peak_rss_mib_statistics', formatMiB(pipeline.statisticsPeakRssMiB));

    // Commands over HTTP on the lending service, against its health routes.
    const http = await benchHttp({ ...infrastructure, jwtPrivateKey: tokenKeys.privateJwk });
    const cpu = (percent: number | undefined) => (percent === undefined ? 'unknown' : percent.toFixed(0));
    for (const [name, run] of [
      ['repayments', http.repayments],
      ['health', http.health],
      ['health_live', http.live],
    ] as const) {
      print(`http_${name}_per_second`, run.perSecond.toFixed(1));
      print(`http_${name}_p50_ms`, run.p50Ms.toFixed(1));
      print(`http_${name}_p99_ms`, run.p99Ms.toFixed(1));
      print(`http_${name}_lending_cpu_percent`, cpu(run.lendingCpuPercent));
      print(`http_${name}_machine_cpu_percent`, cpu(run.machineCpuPercent));
    }
    print('ratio_repayments_to_health', (http.repayments.perSecond / http.health.perSecond).toFixed(4));
    print('ratio_repayments_to_health_live', (http.repayments.perSecond / http.live.perSecond).toFixed(4));
    print('http_repayments_2xx', http.repayments.ok);
    print('http_repayments_non_2xx', http.repayments.non2xx);
    print('http_repayments_errors', http.repayments.errors);
    print('http_repayments_stored', http.repaymentsStored);
    print('http_repayments_in_flight_at_stop', http.repaymentsInFlightAtStop);
    print('http_repayments_by_second', http.repayments.bySecond.join(','));
    print('http_repayments_bytes_per_answer', http.repayments.bytesPerAnswer.toFixed(0));
    print('peak_rss_mib_lending', formatMiB(http.lendingPeakRssMiB));
  } finally {
    await client.end().catch(() => undefined);
    await ledger?.stop();
    await run.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
