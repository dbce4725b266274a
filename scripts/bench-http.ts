// The HTTP line of `npm run bench`: what a command costs through a service's HTTP stack. The
// lending service, a real process, answers POST /api/loans/{id}/repayments from 32 concurrent
// clients (autocannon) for BENCH_HTTP_SECONDS, then GET /health (its readiness probe: database,
// broker, outbox) and GET /health/live (nothing behind the route) from as many for as long: the
// baselines of the same process in the same run. A repayment is a whole command: the token, the
// idempotency key, the loan read with its repayments, the rules, the loan's update under optimistic
// concurrency, the repayment row, LoanRepaid and CommandAudited in the outbox, one commit, then
// the relay publishing both to Kafka.
//
// The loans are real: the pledges' events (application, registration, valuation) are produced to
// Kafka signed by their producers, and once lending holds them the bank disburses one loan per
// client over HTTP. Each client repays its own loan, one request after another with a fresh
// Idempotency-Key, as a bank's system would: two repayments of one loan at once are refused as
// concurrent changes (409), which would measure the refusal. Afterwards every repayment answered
// 2xx must be stored, and nothing else but the requests in flight when autocannon stopped.
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import autocannon from 'autocannon';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { addDays } from '@ipledger/calendar';
import { topicName, type LoanResponse } from '@ipledger/contracts';
import { adminSasl, pollUntil, type ServiceProcess } from '@ipledger/devstack';
import { todayInChina } from '@ipledger/service-kit';
import { testEnvelope, testToken } from '@ipledger/testing';
import { peakRssMiB } from './bench-rss';
import { signedMessages, startBenchService, type BenchInfrastructure } from './bench-services';

const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
/** Before each measured run, the same load unmeasured. */
const WARMUP_SECONDS = 2;
/** More failed requests than this (non-2xx answers, errors, timeouts) fail the bench. */
const MAX_FAILED = 5;
const BANK = 'bank-bench-http';
const APPRAISER = 'appraiser-bench-http';
/** Each loan's principal: far more than the run's repayments of REPAYMENT each can repay. */
const PRINCIPAL = '50000000.00';
const REPAYMENT = '1.00';
const KEY_PREFIX = 'bench-rp-';

export interface HttpBenchInput extends BenchInfrastructure {
  /** The private half of jwtPublicKey (JWK JSON): the bank's token is signed with it. */
  jwtPrivateKey: string;
}

export interface HttpLoad {
  /** 2xx answers a second over the run. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  /** 2xx answers in each second of the run, in order. */
  bySecond: number[];
  /** The service's CPU over the run, in % of one core. */
  lendingCpuPercent: number | undefined;
  /** The whole machine's over the run (the service, PostgreSQL, Kafka, autocannon), in % of all its cores. */
  machineCpuPercent: number | undefined;
  /** Response bytes per answer, on average. */
  bytesPerAnswer: number;
}

export interface HttpBenchResult {
  repayments: HttpLoad;
  health: HttpLoad;
  live: HttpLoad;
  /** Repayments of the measured run stored in lending's schema. */
  repaymentsStored: number;
  /** Of those, the requests in flight when autocannon stopped (committed, their answers not read). */
  repaymentsInFlightAtStop: number;
  lendingPeakRssMiB: number | undefined;
}

const hex = () => uuidv7().replace(/-/g, '');

interface CpuTimes {
  /** Of the process, user and system. */
  process: number;
  /** Of the whole machine: busy (neither idle nor waiting for I/O), and in all, over all cores. */
  machineBusy: number;
  machineTotal: number;
}

/** CPU seconds used so far, from /proc (in USER_HZ ticks of 1/100 s); undefined where /proc does not tell. */
function cpuTimes(pid: number): CpuTimes | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 on: utime is field 14, stime 15
    // user nice system idle iowait irq softirq steal (guest time is counted in user already)
    const machine = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
    const total = machine.reduce((sum, ticks) => sum + ticks, 0);
    const idle = (machine[3] ?? 0) + (machine[4] ?? 0);
    return { process: (Number(fields[11]) + Number(fields[12])) / 100, machineBusy: (total - idle) / 100, machineTotal: total / 100 };
  } catch {
    return undefined;
  }
}

/**
 * Pledges lending may lend against, as pledge registration and valuation would state them: each
 * applied for by the bank, registered and validly valued before `disbursedOn`.
 */
async function producePledges(input: BenchInfrastructure, count: number, disbursedOn: string): Promise<string[]> {
  const pledgeIds = Array.from({ length: count }, () => `pl_${hex()}`);
  const pledgeEvents = pledgeIds.flatMap((pledgeId, index) => [
    testEnvelope('PledgeApplicationSubmitted', {
      pledgeId,
      bankOrgId: BANK,
      pledgor: { uscc: '91350100M000100Y43', name: '基准测试企业' },
      ipItems: [{ ipType: 'invention-patent', number: `ZL2026${String(index).padStart(7, '0')}.1`, title: null }],
      requestedLoanAmount: PRINCIPAL,
      termMonths: 12,
      districtCode: '500101',
      submittedAt: new Date().toISOString(),
      appraiserOrgId: APPRAISER,
    }),
    testEnvelope('PledgeRegistered', {
      pledgeId,
      bankOrgId: BANK,
      registrationNumber: `Y2026${String(index).padStart(8, '0')}`,
      registrationDate: addDays(disbursedOn, -20),
    }),
  ]);
  const valuations = pledgeIds.map((pledgeId) =>
    testEnvelope('PledgeValued', {
      valuationId: `val_${hex()}`,
      pledgeId,
      appraiserOrgId: APPRAISER,
      method: 'income',
      appraisedValue: '200000000.00', // × 0.25 (invention patents) = the principal
      valuationDate: addDays(disbursedOn, -30),
      validUntil: addDays(disbursedOn, 330),
      reportNumber: null,
    }),
  );
  const producer = new Kafka({ clientId: 'bench-http', sasl: adminSasl(), brokers: input.brokers, logLevel: logLevel.NOTHING }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    await producer.send({ topic: topicName('pledge', input.topicPrefix), messages: signedMessages(pledgeEvents, 'pledge-registration') });
    await producer.send({ topic: topicName('valuation', input.topicPrefix), messages: signedMessages(valuations, 'valuation') });
  } finally {
    await producer.disconnect();
  }
  return pledgeIds;
}

async function disburse(lending: ServiceProcess, authorization: string, pledgeId: string, disbursedOn: string): Promise<string> {
  const response = await fetch(`${lending.url}/api/loans`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ pledgeId, principal: PRINCIPAL, annualInterestRate: '0.0435', termMonths: 12, disbursedOn }),
  });
  if (response.status !== 201) throw new Error(`POST /api/loans answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as LoanResponse).id;
}

/** The value below which `share` of the sorted `values` lie (nearest rank). */
function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

/**
 * CONNECTIONS clients sending `requestOfClient(i)` (client i's request) one after another for
 * `seconds`. Latencies are kept exactly (autocannon's own histogram counts whole milliseconds).
 */
async function load(
  name: string,
  lending: ServiceProcess,
  seconds: number,
  requestOfClient: (client: number) => autocannon.Request,
): Promise<HttpLoad> {
  let clients = 0;
  let firstFailure: string | undefined;
  const latencies: number[] = [];
  const bySecond: number[] = [];
  const started = Date.now();
  const cpuBefore = cpuTimes(lending.process.pid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: lending.url,
        connections: CONNECTIONS,
        duration: seconds,
        setupClient: (client) => {
          const request = requestOfClient(clients++);
          client.setRequests([
            {
              ...request,
              onResponse: (status, body, context, headers) => {
                if ((status < 200 || status >= 300) && firstFailure === undefined) firstFailure = `${status} ${body.slice(0, 500)}`;
                if (typeof request.onResponse === 'function') request.onResponse(status, body, context, headers);
              },
            },
          ]);
        },
      },
      (error: unknown, done: autocannon.Result) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done),
    );
    instance.on('response', (_client: autocannon.Client, status: number, _bytes: number, milliseconds: number) => {
      latencies.push(milliseconds);
      if (status >= 200 && status < 300) {
        const second = Math.floor((Date.now() - started) / 1000);
        bySecond[second] = (bySecond[second] ?? 0) + 1;
      }
    });
  });
  const cpuAfter = cpuTimes(lending.process.pid);
  const failed = result.non2xx + result.errors;
  if (failed > MAX_FAILED) {
    throw new Error(
      `${name}: ${failed} of ${result.requests.sent} requests failed (${result.non2xx} non-2xx, ${result.errors} errors of which ` +
        `${result.timeouts} timeouts); the first answer that failed: ${firstFailure ?? 'none (connection errors only)'}`,
    );
  }
  latencies.sort((a, b) => a - b);
  return {
    perSecond: result['2xx'] / result.duration,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    bySecond: Array.from({ length: Math.ceil(seconds) }, (_, second) => bySecond[second] ?? 0),
    lendingCpuPercent:
      cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter.process - cpuBefore.process) / result.duration) * 100,
    machineCpuPercent:
      cpuBefore === undefined || cpuAfter === undefined
        ? undefined
        : ((cpuAfter.machineBusy - cpuBefore.machineBusy) / (cpuAfter.machineTotal - cpuBefore.machineTotal)) * 100,
    bytesPerAnswer: latencies.length === 0 ? 0 : result.throughput.total / latencies.length,
  };
}

/** The repayments stored so far: each one's Idempotency-Key, committed in its transaction. */
async function storedKeys(client: pg.Client): Promise<Set<string>> {
  const { rows } = await client.query<{ key: string }>('SELECT key FROM lending.idempotency_keys WHERE actor_org_id = $1 AND key LIKE $2', [
    BANK,
    `${KEY_PREFIX}%`,
  ]);
  return new Set(rows.map((row) => row.key));
}

/** Waits until the requests in flight when autocannon stopped have committed (or failed): the count stays put. */
async function settle(client: pg.Client): Promise<void> {
  let previous = -1;
  await pollUntil(
    async () => {
      const now = (await storedKeys(client)).size;
      const settled = now === previous;
      previous = now;
      return settled;
    },
    { timeoutMs: 30_000, intervalMs: 500, description: 'the repayments in flight at the end to commit' },
  );
}

/**
 * Every repayment is stored once with its key (rows and keys alike), every one of the run answered
 * 2xx is stored (a 2xx is sent after the commit), and the run stored nothing else but the requests
 * in flight when autocannon stopped (one per client at most: their answers were not read).
 */
async function checkStored(
  client: pg.Client,
  runPrefix: string,
  answered: ReadonlySet<string>,
): Promise<{ stored: number; inFlight: number }> {
  await settle(client);
  const keys = await storedKeys(client);
  const { rows } = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM lending.repayments r JOIN lending.loans l ON l.id = r.loan_id WHERE l.bank_org_id = $1',
    [BANK],
  );
  const rowCount = Number(rows[0]?.n ?? 0);
  if (rowCount !== keys.size) throw new Error(`${rowCount} repayment rows but ${keys.size} idempotency keys of repayments`);
  const lost = [...answered].filter((key) => !keys.has(key));
  if (lost.length > 0) throw new Error(`${lost.length} repayments answered 2xx are not stored, e.g. Idempotency-Key ${lost[0]}`);
  const stored = [...keys].filter((key) => key.startsWith(runPrefix)).length;
  const inFlight = stored - answered.size;
  if (inFlight > CONNECTIONS) {
    throw new Error(
      `${stored} repayments of the run stored but ${answered.size} answered 2xx: more than the ${CONNECTIONS} in flight at its end`,
    );
  }
  return { stored, inFlight };
}

export async function benchHttp(input: HttpBenchInput): Promise<HttpBenchResult> {
  const lending = await startBenchService(
    'lending',
    input,
    process.env.BENCH_LENDING_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_LENDING_NODE_OPTIONS } : {},
  );
  const client = new pg.Client({ connectionString: input.databaseUrl });
  await client.connect();
  try {
    // Outside facts dated in the past: the repayments' day is yesterday, so midnight in China during the run changes nothing.
    const repaidOn = addDays(todayInChina(), -1);
    const disbursedOn = addDays(repaidOn, -30);
    const pledgeIds = await producePledges(input, CONNECTIONS, disbursedOn);
    await pollUntil(
      async () => {
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM lending.pledge_facts WHERE pledge_id = ANY($1)
             AND bank_org_id IS NOT NULL AND registration_date IS NOT NULL AND valuation_id IS NOT NULL`,
          [pledgeIds],
        );
        return Number(rows[0]?.n ?? 0) === pledgeIds.length;
      },
      {
        timeoutMs: 120_000,
        intervalMs: 100,
        description: `lending to learn the ${pledgeIds.length} pledges' application, registration and valuation`,
      },
    );
    const key = createPrivateKey({ key: JSON.parse(input.jwtPrivateKey) as object, format: 'jwk' } as Parameters<
      typeof createPrivateKey
    >[0]);
    const authorization = `Bearer ${testToken({ orgId: BANK, role: 'bank' }, { key, expiresIn: 3_600 })}`;
    const loanIds: string[] = [];
    for (const pledgeId of pledgeIds) loanIds.push(await disburse(lending, authorization, pledgeId, disbursedOn));

    let sequence = 0;
    const body = JSON.stringify({ principalAmount: REPAYMENT, interestAmount: '0.00', repaidOn });
    /** Client i repays loan i, one request after another, each with a fresh Idempotency-Key `<prefix><n>`; those answered 2xx go to `answered`. */
    const repayments =
      (prefix: string, answered: Set<string>) =>
      (index: number): autocannon.Request => {
        let idempotencyKey = '';
        return {
          method: 'POST',
          path: `/api/loans/${loanIds[index % loanIds.length]}/repayments`,
          headers: { authorization, 'content-type': 'application/json' },
          body,
          setupRequest: (request) => {
            idempotencyKey = `${prefix}${(sequence += 1)}`;
            return { ...request, headers: { ...request.headers, 'idempotency-key': idempotencyKey } };
          },
          onResponse: (status) => {
            if (status >= 200 && status < 300) answered.add(idempotencyKey);
          },
        };
      };
    // Each route is loaded for WARMUP_SECONDS first, unmeasured: JIT, connection pools.
    const repay = 'POST /api/loans/{id}/repayments';
    await load(repay, lending, WARMUP_SECONDS, repayments(`${KEY_PREFIX}warmup-`, new Set()));
    await settle(client); // the warm-up's last requests, still in flight, would meet the run's on the same loans
    const answered = new Set<string>();
    const repaid = await load(repay, lending, SECONDS, repayments(`${KEY_PREFIX}run-`, answered));
    const { stored, inFlight } = await checkStored(client, `${KEY_PREFIX}run-`, answered);
    const health = async (path: string): Promise<HttpLoad> => {
      const request = (): autocannon.Request => ({ method: 'GET', path });
      await load(`GET ${path}`, lending, WARMUP_SECONDS, request);
      return load(`GET ${path}`, lending, SECONDS, request);
    };
    const readiness = await health('/health');
    const live = await health('/health/live');
    return {
      repayments: repaid,
      health: readiness,
      live,
      repaymentsStored: stored,
      repaymentsInFlightAtStop: inFlight,
      lendingPeakRssMiB: peakRssMiB(lending.process.pid),
    };
  } finally {
    await client.end().catch(() => undefined);
    await lending.stop();
  }
}
