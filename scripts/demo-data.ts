// Loads a small demo through the public API (as a bank, an appraiser and the bureau would):
// one pledge from application to a disbursed, partly repaid loan, its registration changed
// (变更登记); one waiting for registration; one returned for correction (补正) and resubmitted; one
// refused (不予登记) because its patent is already pledged; one released (注销) on the bank's
// request; the Chongqing compensation policies published, their fund paid in by the city and a
// district and topped up; and one loan that went bad: defaulted,
// claimed, approved, paid by the fund, its patent auctioned and the proceeds shared back.
// Run by `npm start` when the database has no pledges; usable on its own:
//   IPLEDGER_BASE_URL=http://127.0.0.1:3000 IPLEDGER_DEMO_PASSWORD=… node -r @swc-node/register scripts/demo-data.ts
// Each actor logs in as its demo user (services/identity/src/demo-accounts.ts) and uses the token.
import { setTimeout as sleep } from 'node:timers/promises';
import { pollUntil } from '@ipledger/devstack';
import type {
  ClaimResponse,
  FundContributionRecordedResponse,
  LoanResponse,
  PolicyPresetListResponse,
  PolicyResponse,
  PledgeResponse,
  TokenResponse,
  ValuationResponse,
} from '@ipledger/contracts';
import type { z } from 'zod';

const baseUrl = process.env.IPLEDGER_BASE_URL ?? 'http://127.0.0.1:3000';

const password = process.env.IPLEDGER_DEMO_PASSWORD ?? '';

/** Demo users (usernames): a bank's loan officer, an appraiser, the bureau's reviewer and approver. */
const BANK = 'li.wei';
const APPRAISER = 'chen.jing';
/** The appraiser's organisation, named on each application: only it sees and values the pledge. */
const APPRAISER_ORG = 'appraiser-cq-huaxin';
const BUREAU = 'wang.fang';
const BUREAU_APPROVER = 'liu.yang';

const tokens = new Map<string, string>();

async function tokenOf(username: string): Promise<string> {
  const cached = tokens.get(username);
  if (cached !== undefined) return cached;
  const response = await fetch(new URL('/api/auth/login', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as TokenResponse;
  if (response.status !== 200) throw new Error(`log in as ${username}: ${response.status} ${JSON.stringify(body)}`);
  tokens.set(username, body.accessToken);
  return body.accessToken;
}

/**
 * Sends one request. An answer the server marks `retryable` (a concurrent change of the same record, the
 * database briefly away) changed nothing, so it is sent again, as any client of the API should.
 */
async function call<T>(method: 'GET' | 'POST', path: string, username: string, body?: unknown): Promise<{ status: number; body: T }> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${await tokenOf(username)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json()) as T & { error?: { retryable?: boolean } };
    if (answer.error?.retryable !== true || attempt >= 10) return { status: response.status, body: answer };
    await sleep(100 * attempt);
  }
}

async function expectStatus<T>(status: number, request: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const response = await request;
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Retries a command until the services have learned the facts it needs from events. */
async function eventually<T>(what: string, attempt: () => Promise<{ status: number; body: T }>, status: number): Promise<T> {
  const answered = await pollUntil(
    async () => {
      const response = await attempt();
      if (response.status !== status) throw new Error(`still ${response.status} ${JSON.stringify(response.body)}`);
      return { body: response.body };
    },
    {
      timeoutMs: 30_000,
      intervalMs: 200,
      description: `${what} to answer ${status}`,
      describeError: (error) => (error instanceof Error ? error.message : String(error)),
    },
  );
  return answered.body;
}

/** Dates in China (Asia/Shanghai), as the services date what they decide (a registration is dated by the server). */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + CHINA_OFFSET_MS + days * 86_400_000).toISOString().slice(0, 10);
const today = inDays(0);

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
      appraiserOrgId: APPRAISER_ORG,
    }),
    'submit the demo pledge',
  );
  // A second bank application for one of the same patents: live until the first is registered, then refused.
  const doubled = await expectStatus<PledgeResponse>(
    201,
    call('POST', '/api/pledges', BANK, {
      pledgor: { uscc: '91350100M000100Y43', name: '重庆示例智能装备有限公司' },
      ipItems: [{ ipType: 'invention-patent', number: '202110182616.5', title: '一种伺服电机控制方法' }],
      requestedLoanAmount: '1000000.00',
      termMonths: 12,
      districtCode: '500112',
      appraiserOrgId: APPRAISER_ORG,
    }),
    'submit a second application for a patent of the demo pledge',
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
    call('POST', `/api/pledges/${pledge.id}/registration`, BUREAU, { registrationNumber: 'Y2026500000815' }),
    'register the demo pledge',
  );
  await expectStatus<PledgeResponse>(
    200,
    call('POST', `/api/pledges/${doubled.id}/refusal`, BUREAU, {
      reason: 'right-already-pledged',
      note: '专利 202110182616.5 已质押登记（Y2026500000815），不予登记',
    }),
    'refuse the second application (不予登记)',
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
    200,
    call('POST', `/api/pledges/${pledge.id}/registration-changes`, BUREAU, {
      pledgorName: '重庆示例智能装备股份有限公司',
      note: '出质人更名（变更登记）',
    }),
    'change the registration (变更登记)',
  );
  await loadCorrectedAndReleasedPledges();
  await expectStatus<PledgeResponse>(
    201,
    call('POST', '/api/pledges', BANK, {
      pledgor: { uscc: '91110000600037341L', name: '重庆示例生物科技有限公司' },
      ipItems: [{ ipType: 'trademark', number: '12345678', title: '示例生物' }],
      requestedLoanAmount: '800000.00',
      termMonths: 12,
      districtCode: '500106',
      appraiserOrgId: APPRAISER_ORG,
    }),
    'submit the second demo pledge',
  );
  const claim = await loadDefaultedLoanStory();
  process.stdout.write(`demo data loaded: pledge ${pledge.id}, loan ${loan.id}, compensation claim ${claim.id} (${claim.status})\n`);
}

/**
 * 补正: an application returned for correction and resubmitted (back in the bureau's queue, its
 * decision deadline restarted); 注销: a registered pledge released on the bank's request before
 * any loan, its trademark free to be pledged again.
 */
async function loadCorrectedAndReleasedPledges(): Promise<void> {
  const application = {
    pledgor: { uscc: '91110000600037341L', name: '重庆示例软件有限公司' },
    ipItems: [{ ipType: 'software-copyright', number: '2021SR0123456', title: '示例供应链管理系统V1.0' }],
    requestedLoanAmount: '500000.00',
    termMonths: 12,
    districtCode: '500106',
    appraiserOrgId: APPRAISER_ORG,
  };
  const corrected = await expectStatus<PledgeResponse>(
    201,
    call('POST', '/api/pledges', BANK, application),
    'submit the application to be corrected',
  );
  await expectStatus<PledgeResponse>(
    200,
    call('POST', `/api/pledges/${corrected.id}/return`, BUREAU, {
      reasons: [{ field: 'pledgor.name', message: '出质人名称与著作权登记证书不一致' }, { message: '请补充质押合同原件扫描件' }],
    }),
    'return it for correction (补正)',
  );
  await expectStatus<PledgeResponse>(
    200,
    call('POST', `/api/pledges/${corrected.id}/resubmission`, BANK, {
      ...application,
      pledgor: { ...application.pledgor, name: '重庆示例软件股份有限公司' },
    }),
    'resubmit it corrected',
  );

  const released = await expectStatus<PledgeResponse>(
    201,
    call('POST', '/api/pledges', BANK, {
      pledgor: { uscc: '91110000600037341L', name: '重庆示例生物科技有限公司' },
      ipItems: [{ ipType: 'trademark', number: '23456789', title: '示例健康' }],
      requestedLoanAmount: '300000.00',
      termMonths: 6,
      districtCode: '500106',
      appraiserOrgId: APPRAISER_ORG,
    }),
    'submit the pledge to be released',
  );
  await expectStatus<PledgeResponse>(
    200,
    call('POST', `/api/pledges/${released.id}/registration`, BUREAU, { registrationNumber: 'Y2026500000902' }),
    'register it',
  );
  await expectStatus<PledgeResponse>(
    200,
    call('POST', `/api/pledges/${released.id}/release`, BANK, { note: '企业放弃贷款，申请注销质押登记' }),
    'release it (注销)',
  );
}

/** The bureau publishes the shipped Chongqing schemes as they are (presets, with their sources); returns their ids by preset. */
async function publishChongqingPolicies(): Promise<Map<string, string>> {
  const presets = await expectStatus<z.infer<typeof PolicyPresetListResponse>>(
    200,
    call('GET', '/api/policies/presets', BUREAU),
    'read the presets',
  );
  const published = new Map<string, string>();
  for (const presetId of ['chongqing-knowledge-value-credit', 'chongqing-beibei']) {
    const preset = presets.items.find((item) => item.presetId === presetId);
    if (preset === undefined) throw new Error(`preset ${presetId} is not shipped`);
    const draft = await expectStatus<PolicyResponse>(201, call('POST', '/api/policies', BUREAU, preset.document), `draft ${presetId}`);
    // 四眼原则: the approver publishes what the reviewer drafted.
    await expectStatus<PolicyResponse>(200, call('POST', `/api/policies/${draft.id}/publish`, BUREAU_APPROVER), `publish ${presetId}`);
    published.set(presetId, draft.id);
  }
  return published;
}

/**
 * The city and a district pay the knowledge-value fund's appropriation in (city:district 4:6 of
 * its 10,000,000.00 budget, the district's first half so far), and the city tops the year up by
 * 2,000,000.00 (追加). The preset names no payers, so each gives its name.
 */
async function loadFundContributions(fundId: string): Promise<void> {
  const budgetYear = Number(today.slice(0, 4));
  const contributions = [
    { payerCode: '500000', payerName: '重庆市', kind: 'appropriation', amount: '4000000.00', reference: `渝财建〔${budgetYear}〕18号` },
    { payerCode: '500112', payerName: '渝北区', kind: 'appropriation', amount: '3000000.00', reference: `渝北财建〔${budgetYear}〕6号` },
    { payerCode: '500000', payerName: '重庆市', kind: 'top-up', amount: '2000000.00', reference: `渝财建〔${budgetYear}〕77号` },
  ];
  for (const contribution of contributions) {
    await expectStatus<z.infer<typeof FundContributionRecordedResponse>>(
      201,
      call('POST', `/api/funds/${fundId}/contributions`, BUREAU, { budgetYear, ...contribution }),
      `record ${contribution.payerName}'s ${contribution.kind} (资金拨付)`,
    );
  }
}

/**
 * A loan under the city-wide 知识价值信用贷 scheme (fund 80 %, bank 20 %): defaulted with 800,000.00
 * outstanding, claimed, approved and paid, the patent auctioned for 500,000.00 less 20,000.00
 * costs, and the 480,000.00 shared back: 384,000.00 to the fund, 96,000.00 to the bank. The
 * registration is dated by the server (today), so the whole story happens today: no fact may
 * precede the registration it follows.
 */
async function loadDefaultedLoanStory(): Promise<ClaimResponse> {
  const policies = await publishChongqingPolicies();
  const knowledgeValueFund = policies.get('chongqing-knowledge-value-credit');
  if (knowledgeValueFund === undefined) throw new Error('the knowledge-value credit policy was not published');
  await loadFundContributions(knowledgeValueFund);
  const pledge = await expectStatus<PledgeResponse>(
    201,
    call('POST', '/api/pledges', BANK, {
      pledgor: { uscc: '91500112MA5U3X5D27', name: '重庆示例新材料有限公司' },
      ipItems: [{ ipType: 'invention-patent', number: '202010351836.1', title: '一种高强度铝合金型材的挤压工艺' }],
      requestedLoanAmount: '1000000.00',
      termMonths: 12,
      districtCode: '500112',
      appraiserOrgId: APPRAISER_ORG,
    }),
    'submit the pledge of the defaulted demo loan',
  );
  await eventually<ValuationResponse>(
    'value it',
    () =>
      call('POST', '/api/valuations', APPRAISER, {
        pledgeId: pledge.id,
        method: 'market',
        appraisedValue: '4000000.00',
        valuationDate: today,
        validUntil: inDays(365),
        reportNumber: '华信评报字〔2026〕第0231号',
      }),
    201,
  );
  await expectStatus<PledgeResponse>(
    200,
    call('POST', `/api/pledges/${pledge.id}/registration`, BUREAU, { registrationNumber: 'Y2026500000231' }),
    'register it',
  );
  const loan = await eventually<LoanResponse>(
    'disburse it',
    () =>
      call('POST', '/api/loans', BANK, {
        pledgeId: pledge.id,
        principal: '1000000.00',
        annualInterestRate: '0.0435',
        termMonths: 12,
        disbursedOn: today,
      }),
    201,
  );
  await expectStatus<LoanResponse>(
    201,
    call('POST', `/api/loans/${loan.id}/repayments`, BANK, { principalAmount: '200000.00', interestAmount: '21750.00', repaidOn: today }),
    'record its only repayment',
  );
  await expectStatus<LoanResponse>(
    200,
    call('POST', `/api/loans/${loan.id}/default`, BANK, { defaultedOn: today, accruedInterest: '1740.00' }),
    'report the default',
  );
  const filed = await eventually<ClaimResponse>('file the claim', () => call('POST', '/api/claims', BANK, { loanId: loan.id }), 201);
  await expectStatus<ClaimResponse>(
    200,
    call('POST', `/api/claims/${filed.id}/prepare`, BUREAU, { note: '材料齐全，建议补偿' }),
    'prepare it',
  );
  await expectStatus<ClaimResponse>(
    200,
    call('POST', `/api/claims/${filed.id}/approve`, BUREAU_APPROVER, { note: '同意补偿' }),
    'approve it',
  );
  await expectStatus<ClaimResponse>(
    200,
    call('POST', `/api/claims/${filed.id}/payment`, BUREAU, { paymentReference: `CQKJ-${today.slice(0, 4)}-0017` }),
    'pay it',
  );
  await expectStatus<PledgeResponse>(
    200,
    call('POST', `/api/pledges/${pledge.id}/disposal`, BANK, {
      method: 'auction',
      grossProceeds: '500000.00',
      costs: '20000.00',
      disposedOn: today,
    }),
    'report the auction of the patent',
  );
  return eventually<ClaimResponse>(
    'share the proceeds back',
    async () => {
      const claim = await call<ClaimResponse>('GET', `/api/claims/${filed.id}`, BUREAU);
      return { status: claim.body.status === 'CLOSED' ? 200 : 0, body: claim.body };
    },
    200,
  );
}

if (require.main === module) {
  loadDemoData().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
