// `npm run bench:statistics`: the statistics service's annual totals over BENCH_STATISTICS_RECORDS
// (default 10,000,000) source records — deals and pledge-financing loans over ten years
// (scripts/bench-statistics-records.ts) — against a naive `SUM … GROUP BY` over the same rows.
// Prints `name: value` lines at 1 %, 10 % and 100 % of the records, one step after the other, so a
// reader sees how each figure grows with the data:
//
// - ingest: the step's events produced to Kafka and consumed by the statistics service, a real
//   process (parse, signature, inbox row, rollup upserts, commit), from the first event produced
//   until its consumer group has committed the last;
// - the answer: GET /api/statistics/annual for the last year, as a statistician asks it (median
//   of 20 after 3 unmeasured), checked against the naive query's figures to the fen;
// - the naive query: the same two years' counts and sums straight from a plain table of the same
//   rows (no index, no rollup: what the API would cost without its read model), median of 3.
//
// Infrastructure as `npm run bench` (scripts/bench-infrastructure.ts). Ten million records take
// about half an hour on a 2-core machine and about 15 GB of disk (the broker's log and the inbox).
import { createPrivateKey } from 'node:crypto';
import { consumerGroupId, topicName } from '@ipledger/contracts';
import { adminSasl, pollUntil, type ServiceProcess } from '@ipledger/devstack';
import { testToken } from '@ipledger/testing';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import pg from 'pg';
import { startBenchInfrastructure } from './bench-infrastructure';
import { formatMiB, peakRssMiB } from './bench-rss';
import { signedMessages, startBenchService } from './bench-services';
import { RECORDS_LAST_YEAR, sourceRecord, type SourceRow } from './bench-statistics-records';

const RECORDS = Number(process.env.BENCH_STATISTICS_RECORDS ?? 10_000_000);
const STEPS = [0.01, 0.1, 1];
/** Events a producer call sends, and raw rows an INSERT writes. */
const CHUNK = 1_000;
const ANSWERS = 20;
const NAIVE_RUNS = 3;
const YEAR = RECORDS_LAST_YEAR;

function print(name: string, value: string | number): void {
  process.stdout.write(`${name}: ${value}\n`);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;

/** Records [from, to) to the topics and, the same rows, to the naive table. */
async function produce(producer: Producer, db: pg.Client, prefix: string, from: number, to: number, run: number): Promise<void> {
  for (let start = from; start < to; start += CHUNK) {
    const records = Array.from({ length: Math.min(CHUNK, to - start) }, (_, i) => sourceRecord(start + i, run));
    const deals = records.filter((record) => record.event.type === 'DealRecorded').map((record) => record.event);
    const loans = records.filter((record) => record.event.type === 'LoanDisbursed').map((record) => record.event);
    await producer.sendBatch({
      topicMessages: [
        { topic: topicName('deal', prefix), messages: signedMessages(deals, 'statistics') },
        { topic: topicName('loan', prefix), messages: signedMessages(loans, 'lending') },
      ],
    });
    await insertRows(
      db,
      records.map((record) => record.row),
    );
  }
}

async function insertRows(db: pg.Client, rows: SourceRow[]): Promise<void> {
  await db.query(
    'INSERT INTO bench_raw.source_records (kind, amount, on_date) SELECT * FROM unnest($1::text[], $2::numeric[], $3::date[])',
    [rows.map((row) => row.kind), rows.map((row) => row.amount), rows.map((row) => row.onDate)],
  );
}

/** Whether the statistics group has committed every message of the deal and loan topics. */
async function consumedAll(admin: Admin, prefix: string): Promise<boolean> {
  const groupId = consumerGroupId('statistics', prefix);
  for (const topic of [topicName('deal', prefix), topicName('loan', prefix)]) {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    for (const end of ends) {
      const offset = committed?.partitions.find((partition) => partition.partition === end.partition)?.offset ?? '-1';
      // No offset committed yet: the group stands at the partition's start.
      if (BigInt(offset === '-1' ? end.low : offset) < BigInt(end.high)) return false;
    }
  }
  return true;
}

interface Totals {
  /** `${year}/${kind}` → count and exact yuan. */
  [yearKind: string]: { count: number; amount: string };
}

/** The naive query: the two years the annual answer covers, counted and summed from every row. */
async function naiveTotals(db: pg.Client): Promise<{ ms: number; totals: Totals }> {
  const started = process.hrtime.bigint();
  const { rows } = await db.query<{ year: number; kind: string; count: string; amount: string }>(
    `SELECT extract(year FROM on_date)::int AS year, kind, count(*) AS count, sum(amount)::text AS amount
       FROM bench_raw.source_records
      WHERE on_date >= make_date($1 - 1, 1, 1) AND on_date < make_date($1 + 1, 1, 1)
      GROUP BY 1, 2`,
    [YEAR],
  );
  const ms = seconds(started) * 1000;
  return {
    ms,
    totals: Object.fromEntries(rows.map((row) => [`${row.year}/${row.kind}`, { count: Number(row.count), amount: row.amount }])),
  };
}

interface AnnualAnswer {
  categories: { category: string; count: number; amount: { yuan: string }; previousAmount: { yuan: string } }[];
}

const ANNUAL = `/api/statistics/annual?year=${YEAR}`;

/** GET `route` on the service, timed to the last byte of its answer. */
async function timedGet<T>(statistics: ServiceProcess, authorization: string, route: string): Promise<{ ms: number; answer: T }> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${statistics.url}${route}`, { headers: { authorization } });
  const body = (await response.json()) as T;
  const ms = seconds(started) * 1000;
  if (!response.ok) throw new Error(`GET ${route} answered ${response.status}: ${JSON.stringify(body)}`);
  return { ms, answer: body };
}

/** Where the API's figures differ from the naive query's, or nothing. */
function differences(answer: AnnualAnswer, totals: Totals): string[] {
  const wrong: string[] = [];
  for (const category of answer.categories) {
    const now = totals[`${YEAR}/${category.category}`] ?? { count: 0, amount: '0.00' };
    const before = totals[`${YEAR - 1}/${category.category}`] ?? { count: 0, amount: '0.00' };
    if (category.count !== now.count || category.amount.yuan !== now.amount || category.previousAmount.yuan !== before.amount) {
      wrong.push(
        `${category.category}: API ${category.count} / ${category.amount.yuan} / ${category.previousAmount.yuan}, naive ${now.count} / ${now.amount} / ${before.amount}`,
      );
    }
  }
  return wrong;
}

async function main(): Promise<void> {
  if (!Number.isInteger(RECORDS) || RECORDS < 100) throw new Error('BENCH_STATISTICS_RECORDS must be a whole number of at least 100');
  const benchRun = await startBenchInfrastructure('bench-statistics');
  const { infrastructure, tokenKeys } = benchRun;
  const prefix = infrastructure.topicPrefix;
  const kafka = new Kafka({ clientId: 'bench-statistics', sasl: adminSasl(), brokers: infrastructure.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const admin = kafka.admin();
  const db = new pg.Client({ connectionString: infrastructure.databaseUrl });
  let statistics: ServiceProcess | undefined;
  try {
    await Promise.all([producer.connect(), admin.connect(), db.connect()]);
    await db.query(`CREATE SCHEMA bench_raw;
      CREATE TABLE bench_raw.source_records (kind text NOT NULL, amount numeric(20, 2) NOT NULL, on_date date NOT NULL)`);
    statistics = await startBenchService('statistics', infrastructure);
    const key = createPrivateKey({ key: JSON.parse(tokenKeys.privateJwk) as object, format: 'jwk' } as Parameters<
      typeof createPrivateKey
    >[0]);
    const authorization = `Bearer ${testToken({ orgId: 'bureau-stats', role: 'statistician' }, { key, expiresIn: 7_200 })}`;
    const run = Date.now() % 0xffffffff;
    let done = 0;
    let ingestSeconds = 0;
    for (const share of STEPS) {
      const total = Math.round(RECORDS * share);
      const at = `_at_${total}`;
      const started = process.hrtime.bigint();
      await produce(producer, db, prefix, done, total, run);
      const producedSeconds = seconds(started);
      await pollUntil(() => consumedAll(admin, prefix), {
        timeoutMs: 4 * 3_600_000,
        intervalMs: 200,
        description: `statistics to consume ${total} records`,
      });
      const stepSeconds = seconds(started);
      ingestSeconds += stepSeconds;
      await db.query('ANALYZE bench_raw.source_records');

      for (let i = 0; i < 3; i += 1) await timedGet<AnnualAnswer>(statistics, authorization, ANNUAL);
      const answers: number[] = [];
      let last: AnnualAnswer | undefined;
      for (let i = 0; i < ANSWERS; i += 1) {
        const { ms, answer } = await timedGet<AnnualAnswer>(statistics, authorization, ANNUAL);
        answers.push(ms);
        last = answer;
      }
      const live: number[] = [];
      for (let i = 0; i < ANSWERS; i += 1) live.push((await timedGet<unknown>(statistics, authorization, '/health/live')).ms);
      print(`statistics_health_live_p50_ms${at}`, median(live).toFixed(2));
      const naive = [];
      for (let i = 0; i < NAIVE_RUNS; i += 1) naive.push(await naiveTotals(db));
      const naiveMs = median(naive.map((entry) => entry.ms));
      const apiMs = median(answers);
      const wrong = last === undefined ? ['no answer'] : differences(last, naive[0]?.totals ?? {});

      print(`statistics_records${at}`, total);
      print(`statistics_ingest_events_per_second${at}`, ((total - done) / stepSeconds).toFixed(1));
      print(`statistics_produce_events_per_second${at}`, ((total - done) / producedSeconds).toFixed(1));
      print(`statistics_annual_p50_ms${at}`, apiMs.toFixed(2));
      print(`naive_sum_group_by_ms${at}`, naiveMs.toFixed(1));
      print(`ratio_naive_to_annual${at}`, (naiveMs / apiMs).toFixed(1));
      print(`statistics_annual_matches_naive${at}`, wrong.length === 0 ? 'true' : `false (${wrong.join('; ')})`);
      done = total;
    }
    print('statistics_ingest_seconds', ingestSeconds.toFixed(0));
    print('peak_rss_mib_statistics', formatMiB(peakRssMiB(statistics.process.pid)));
  } finally {
    await statistics?.stop();
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await db.end().catch(() => undefined);
    await benchRun.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
