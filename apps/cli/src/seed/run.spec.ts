// The seed's commands are safe to retry: every POST carries an Idempotency-Key named after its plan
// step, and with transientRetryFor the client retries network errors and 502/503/504 with the same
// key. The API is a stub fetch.
import { ApiClient, type AcceptedCommand } from '../api';
import { ApiRefusedError, CliError } from '../errors';
import { planSeed } from './plan';
import { emptySummary, runDeal, stepKeys } from './run';

interface Seen {
  method: string;
  path: string;
  key: string | null;
}

function stubApi(answers: (Response | Error)[]) {
  const seen: Seen[] = [];
  const stub = (async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const path = new URL(String(input)).pathname;
    const headers = new Headers(init.headers);
    if (path === '/api/auth/login') return Response.json({ accessToken: 'token', tokenType: 'Bearer', expiresIn: 3600 });
    seen.push({ method: init.method ?? 'GET', path, key: headers.get('idempotency-key') });
    const next = answers.shift();
    if (next === undefined) throw new Error(`no answer left for ${path}`);
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
  return { fetch: stub, seen };
}

const plan = planSeed({ seed: 7, years: 1, scale: 1, today: '2026-11-23' });
const deal = { ...plan.deals[0]!, reversal: undefined };
const recorded = (headers: Record<string, string> = {}) => Response.json({ id: 'dl_1', amount: deal.amount }, { status: 201, headers });

describe('seed commands and retries', () => {
  it('sends the plan step as Idempotency-Key', async () => {
    const api = stubApi([recorded()]);
    const client = new ApiClient({ baseUrl: 'http://api.test', password: 'pw', fetch: api.fetch });
    await runDeal(client, deal, emptySummary(plan.years).get(deal.year)!, stepKeys('run-1'));
    expect(api.seen).toEqual([{ method: 'POST', path: '/api/deals', key: `run-1.deal-${deal.index}.record` }]);
  });

  it('gives two runs different keys unless a prefix is given', () => {
    expect(stepKeys()('x')).not.toEqual(stepKeys()('x'));
    expect(stepKeys('p')('loan-1.pledge')).toBe('p.loan-1.pledge');
  });

  it('retries network errors and 503 with the same key until an answer, and reports the accepted command', async () => {
    const api = stubApi([new TypeError('fetch failed'), new Response('busy', { status: 503 }), recorded({ 'idempotent-replay': 'true' })]);
    const accepted: AcceptedCommand[] = [];
    const transient: string[] = [];
    const client = new ApiClient({
      baseUrl: 'http://api.test',
      password: 'pw',
      fetch: api.fetch,
      transientRetryFor: 10_000,
      onAccepted: (command) => accepted.push(command),
      onTransient: (failure) => transient.push(failure),
    });
    await runDeal(client, deal, emptySummary(plan.years).get(deal.year)!, stepKeys('run-2'));
    const key = `run-2.deal-${deal.index}.record`;
    expect(api.seen.map((request) => request.key)).toEqual([key, key, key]);
    expect(transient).toHaveLength(2);
    expect(accepted).toEqual([
      { username: 'wang.fang', path: '/api/deals', key, status: 201, body: { id: 'dl_1', amount: deal.amount }, replayed: true },
    ]);
  });

  it('does not retry without transientRetryFor: a 503 is refused, a network error fails', async () => {
    const refused = new ApiClient({
      baseUrl: 'http://api.test',
      password: 'pw',
      fetch: stubApi([new Response('busy', { status: 503 })]).fetch,
    });
    await expect(runDeal(refused, deal, emptySummary(plan.years).get(deal.year)!)).rejects.toBeInstanceOf(ApiRefusedError);
    const unreachable = new ApiClient({
      baseUrl: 'http://api.test',
      password: 'pw',
      fetch: stubApi([new TypeError('fetch failed')]).fetch,
    });
    await expect(runDeal(unreachable, deal, emptySummary(plan.years).get(deal.year)!)).rejects.toThrow(CliError);
  });
});
