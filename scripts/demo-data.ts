// Loads a small demo through the public API (as a bank, an appraiser and the bureau would):
// one pledge from application to a disbursed, partly repaid loan, and one waiting for
// registration. Run by `npm start` when the database has no pledges; usable on its own:
//   IPLEDGER_BASE_URL=http://127.0.0.1:3000 node -r @swc-node/register scripts/demo-data.ts
import type { LoanResponse, PledgeResponse, ValuationResponse } from '@ipledger/contracts';

const baseUrl = process.env.IPLEDGER_BASE_URL ?? 'http://127.0.0.1:3000';

const BANK = { 'x-actor-org': 'bank-cq-rural', 'x-actor-role': 'bank', 'x-actor-user': 'demo-loan-officer' };
const APPRAISER = { 'x-actor-org': 'appraiser-cq-huaxin', 'x-actor-role': 'appraiser', 'x-actor-user': 'demo-appraiser' };
const BUREAU = { 'x-actor-org': 'bureau-cq', 'x-actor-role': 'bureau', 'x-actor-user': 'demo-registrar' };

async function call<T>(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function expectStatus<T>(status: number, request: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const response = await request;
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Retries a command until the services have learned the facts it needs from events. */
async function eventually<T>(what: string, attempt: () => Promise<{ status: number; body: T }>, status: number): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await attempt();
    if (response.status === status) return response.body;
    if (Date.now() > deadline) throw new Error(`${what}: still ${response.status} ${JSON.stringify(response.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const today = new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export async function loadDemoData(): Promise<void> {
  const pledge = await expectStatus<PledgeResponse>(
    201,
    call('POST', '/api/pledges', BANK, {
      pledgor: { uscc: '91350100M000100Y43', name: '重庆示例智能装备有限公司' },
      ipItems: [
        { ipType: 'invention-patent', number: '201910884346.5', title: '一种工业机器人关节减速器' },
        { ipType: 'invention-patent', number: '202110182616.5', title: '一种伺服电机控制方法' },
      ],
      requestedLoanAmount: '3000000.00',
      termMonths: 24,
      districtCode: '500112',
    }),
    'submit the demo pledge',
  );
  await eventually<ValuationResponse>(
    'value the demo pledge',
    () =>
      call('POST', '/api/valuations', APPRAISER, {
        pledgeId: pledge.id,
        method: 'income',
        appraisedValue: '12000000.00',
        valuationDate: today,
        validUntil: inDays(365),
        reportNumber: '华信评报字〔2026〕第0815号',
      }),
    201,
  );
  await expectStatus<PledgeResponse>(
    200,
    call('POST', `/api/pledges/${pledge.id}/registration`, BUREAU, { registrationNumber: 'Y2026500000815', registrationDate: today }),
    'register the demo pledge',
  );
  const loan = await eventually<LoanResponse>(
    'disburse the demo loan',
    () =>
      call('POST', '/api/loans', BANK, {
        pledgeId: pledge.id,
        principal: '3000000.00',
        annualInterestRate: '0.0435',
        termMonths: 24,
        disbursedOn: today,
      }),
    201,
  );
  await expectStatus<LoanResponse>(
    201,
    call('POST', `/api/loans/${loan.id}/repayments`, BANK, { principalAmount: '500000.00', interestAmount: '10875.00', repaidOn: today }),
    'record the first repayment',
  );
  await expectStatus<PledgeResponse>(
    201,
    call('POST', '/api/pledges', BANK, {
      pledgor: { uscc: '91110000600037341L', name: '重庆示例生物科技有限公司' },
      ipItems: [{ ipType: 'trademark', number: '12345678', title: '示例生物' }],
      requestedLoanAmount: '800000.00',
      termMonths: 12,
      districtCode: '500106',
    }),
    'submit the second demo pledge',
  );
  process.stdout.write(`demo data loaded: pledge ${pledge.id}, loan ${loan.id}\n`);
}

if (require.main === module) {
  loadDemoData().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
