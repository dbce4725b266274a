// Commands chained across services with no sleeps and no retries: every answer of a command names
// the events it caused (IPledger-Events), and the next request sends them back (IPledger-After), so
// the service it reaches waits until it has applied them instead of answering "not registered yet"
// or "loan not defaulted" for a moment. The chain is the documented one: the bank submits, the
// appraiser values, the bureau registers, the bank disburses, reports the loan in default
// and files a claim; the bureau reads the ledger on the way. Each step is one small helper, so a change to one request changes one place.
import {
  HEADERS,
  parseEventTokens,
  type AccountResponse,
  type ClaimResponse,
  type LoanResponse,
  type PledgeResponse,
  type PolicyPresetListResponse,
  type PolicyResponse,
  type ValuationResponse,
} from '@ipledger/contracts';
import { computePatentCheckDigit } from '@ipledger/identifiers';
import type { z } from 'zod';
import type { ApiResponse } from './support/api-client';
import { APPRAISER, BANK, BUREAU, BUREAU_APPROVER, startSystem, type RunningSystem } from './support/scenario';

const LOANS = 10;
/** Today in China, the servers' business calendar (the run's UTC date may be a day behind). */
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const inAYear = new Date(Date.now() + 8 * 3_600_000 + 360 * 86_400_000).toISOString().slice(0, 10);

/** The event tokens a chain has collected so far: sent back whole with every later request. */
class Chain {
  private readonly tokens: string[] = [];
  readonly answers: { step: string; status: number; body: unknown }[] = [];

  after(): Record<string, string> {
    return this.tokens.length === 0 ? {} : { [HEADERS.after]: this.tokens.join(', ') };
  }

  /** Records a step's answer and keeps the tokens of the events it caused. */
  take<T>(step: string, answer: ApiResponse<T>): T {
    this.answers.push({ step, status: answer.status, body: answer.body });
    const parsed = parseEventTokens(answer.headers?.get(HEADERS.commandEvents) ?? undefined);
    if (!parsed.ok) throw new Error(`${step}: ${HEADERS.commandEvents} is malformed: ${parsed.rule}`);
    this.tokens.push(...parsed.tokens.map((token) => `${token.type}:${token.eventId}`));
    return answer.body;
  }

  typesSent(): string[] {
    return this.tokens.map((token) => token.split(':')[0]);
  }
}

describe('commands chained across services', () => {
  let sut: RunningSystem;

  beforeAll(async () => {
    sut = await startSystem('e2e-command-chain');
  }, 180_000);

  afterAll(async () => {
    await sut?.stop();
  });

  async function publishChongqingPolicy(): Promise<void> {
    const presets = await sut.api.as(BUREAU).get<z.infer<typeof PolicyPresetListResponse>>('/api/policies/presets');
    const preset = presets.body.items.find((item) => item.presetId === 'chongqing-knowledge-value-credit');
    if (preset === undefined) throw new Error('the Chongqing preset is not shipped');
    const { effectiveTo: _open, ...rules } = preset.document;
    const draft = await sut.api
      .as(BUREAU)
      .post<PolicyResponse>('/api/policies', { ...rules, name: 'Chongqing chain e2e', effectiveFrom: '2025-01-01' });
    expect(draft.status).toBe(201);
    const published = await sut.api.as(BUREAU_APPROVER).post<PolicyResponse>(`/api/policies/${draft.body.id}/publish`, {});
    expect(published.status).toBe(200);
  }

  // ── one helper per step ─────────────────────────────────────────────────────

  const patentNumber = (index: number) => {
    const digits = `20251${String(7_300_000 + index).padStart(7, '0')}`;
    return `${digits}.${computePatentCheckDigit(digits)}`;
  };

  const submit = async (chain: Chain, index: number) =>
    chain.take(
      'submit',
      await sut.api.as(BANK).post<PledgeResponse>(
        '/api/pledges',
        {
          pledgor: { uscc: '91350100M000100Y43', name: '重庆示例智能装备有限公司' },
          ipItems: [{ ipType: 'invention-patent', number: patentNumber(index), title: '一种工业机器人关节减速器' }],
          requestedLoanAmount: '1000000.00',
          termMonths: 12,
          districtCode: '500112',
          appraiserOrgId: APPRAISER.orgId,
        },
        chain.after(),
      ),
    );

  const value = async (chain: Chain, pledge: PledgeResponse) =>
    chain.take(
      'value',
      await sut.api
        .as(APPRAISER)
        .post<ValuationResponse>(
          '/api/valuations',
          { pledgeId: pledge.id, method: 'income', appraisedValue: '4000000.00', valuationDate: today, validUntil: inAYear },
          chain.after(),
        ),
    );

  const register = async (chain: Chain, pledge: PledgeResponse, index: number) =>
    chain.take(
      'register',
      await sut.api
        .as(BUREAU)
        .post<PledgeResponse>(
          `/api/pledges/${pledge.id}/registration`,
          { registrationNumber: `Y20265${String(30_000_000 + index)}` },
          chain.after(),
        ),
    );

  const disburse = async (chain: Chain, pledge: PledgeResponse) =>
    chain.take(
      'disburse',
      await sut.api
        .as(BANK)
        .post<LoanResponse>(
          '/api/loans',
          { pledgeId: pledge.id, principal: '1000000.00', annualInterestRate: '0.0435', termMonths: 12, disbursedOn: today },
          chain.after(),
        ),
    );

  const reportDefault = async (chain: Chain, loan: LoanResponse) =>
    chain.take(
      'default',
      await sut.api
        .as(BANK)
        .post<LoanResponse>(`/api/loans/${loan.id}/default`, { defaultedOn: today, accruedInterest: '238.36' }, chain.after()),
    );

  // A read waits too: the ledger answers once it has posted the default the chain names.
  const readDefaultedPrincipal = async (chain: Chain, loan: LoanResponse) =>
    chain.take(
      'read the ledger',
      await sut.api
        .as(BUREAU)
        .get<AccountResponse>(`/api/ledger/accounts/loan:${BANK.orgId}:${loan.id}:principal-defaulted`, chain.after()),
    );

  // No dates: the day of filing is the server's.
  const fileClaim = async (chain: Chain, loan: LoanResponse) =>
    chain.take('claim', await sut.api.as(BANK).post<ClaimResponse>('/api/claims', { loanId: loan.id }, chain.after()));

  it(`runs submit → value → register → disburse → default → claim ${LOANS} times, every answer 2xx at the first try`, async () => {
    await publishChongqingPolicy();
    const chains: Chain[] = [];
    for (let index = 0; index < LOANS; index++) {
      const chain = new Chain();
      chains.push(chain);
      const pledge = await submit(chain, index);
      await value(chain, pledge);
      await register(chain, pledge, index);
      const loan = await disburse(chain, pledge);
      await reportDefault(chain, loan);
      expect(await readDefaultedPrincipal(chain, loan)).toMatchObject({ balance: '1000000.00' });
      const claim = await fileClaim(chain, loan);
      expect(claim).toMatchObject({ loanId: loan.id, status: 'PENDING' });
    }

    const refused = chains.flatMap((chain) => chain.answers).filter((answer) => answer.status < 200 || answer.status >= 300);
    expect(refused).toEqual([]);
    // Each command named the events it caused (never its audit record), and the chain sent them on.
    expect(chains[0].typesSent()).toEqual(
      expect.arrayContaining(['PledgeApplicationSubmitted', 'PledgeValued', 'PledgeRegistered', 'LoanDisbursed', 'LoanDefaulted']),
    );
    expect(chains[0].typesSent()).not.toContain('CommandAudited');
  }, 240_000);
});
