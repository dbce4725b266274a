// Carries a seed plan out through the gateway, as the bank, the appraiser and the bureau would,
// and totals what was done (exact, with Money). Every POST carries an Idempotency-Key named after
// its plan step (`<prefix>.loan-<n>.<step>`), so a retried step answers its first result and never
// runs twice; the prefix is random per run unless given (the fault suite gives its own).
import { randomBytes } from 'node:crypto';
import type {
  ClaimResponse,
  DealResponse,
  LoanResponse,
  PledgeResponse,
  PolicyListResponse,
  PolicyPresetListResponse,
  PolicyResponse,
  SubsidyApplicationResponse,
  SubsidySchemeListResponse,
  SubsidySchemeResponse,
} from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import type { z } from 'zod';
import type { ApiClient } from '../api';
import type { PlannedDeal, PlannedLoan, SeedPlan } from './plan';

export const APPRAISER_USER = 'chen.jing';
/** The appraiser's organisation, named on every application: only it may value the pledge. */
export const APPRAISER_ORG_ID = 'appraiser-cq-huaxin';
export const BUREAU_USER = 'wang.fang';
export const BUREAU_APPROVER_USER = 'liu.yang';
export const POLICY_PRESET = 'chongqing-knowledge-value-credit';

/**
 * The seed's subsidy scheme. No Chongqing evaluation-fee scheme is among the presets, so this one is
 * a demo configuration, named and sourced as such: 0.5 % of the loan, at most 60,000.00 a loan (the
 * scale of real evaluation-fee subsidies).
 */
export const DEMO_SUBSIDY_SCHEME = {
  name: '知识产权质押融资评估费补贴（演示方案）',
  source: '演示数据，非真实政策：评估费按贷款额的 0.5% 补贴，每笔贷款最高 6 万元（取各地评估费补贴的常见水平）',
  scope: { city: '重庆', cityCode: '50' },
  effectiveFrom: '2025-01-01',
  rules: [{ kind: 'evaluation-fee', rate: { basis: 'share-of-loan', rate: '0.005' }, perLoan: '60000.00' }],
  eligibility: { firmSizes: ['medium', 'small', 'micro'] },
  yearlyBudget: '5000000.00',
  dualControlAbove: '0.00',
} as const;

export interface YearSummary {
  year: number;
  loans: number;
  principal: Money;
  repayments: number;
  defaults: number;
  claimsPaid: number;
  fundPaid: Money;
  subsidiesPaid: number;
  subsidyPaid: Money;
  disposals: number;
  deals: Record<PlannedDeal['kind'], { count: number; amount: Money }>;
  reversals: number;
}

export interface SeedProgress {
  start(total: number): void;
  tick(what: string): void;
  stop(): void;
}

/** The Idempotency-Key of one plan step. */
export type StepKeys = (step: string) => string;

/** Keys under `prefix` (default: random per call, so two seed runs never share keys). */
export function stepKeys(prefix = `seed-${randomBytes(4).toString('hex')}`): StepKeys {
  return (step) => `${prefix}.${step}`;
}

export async function publishPolicy(api: ApiClient, key: StepKeys = stepKeys()): Promise<{ id: string; created: boolean }> {
  const published = await api.expect<z.infer<typeof PolicyListResponse>>(
    200,
    BUREAU_USER,
    'GET',
    '/api/policies?status=PUBLISHED',
    undefined,
    'list the published policies',
  );
  const existing = published.items.find(
    (policy) => policy.document.scope.city === 'Chongqing' && policy.document.scope.district === undefined,
  );
  if (existing !== undefined) return { id: existing.seriesId, created: false };
  const presets = await api.expect<z.infer<typeof PolicyPresetListResponse>>(
    200,
    BUREAU_USER,
    'GET',
    '/api/policies/presets',
    undefined,
    'read the policy presets',
  );
  const preset = presets.items.find((item) => item.presetId === POLICY_PRESET);
  if (preset === undefined) throw new Error(`the policy preset ${POLICY_PRESET} is not shipped`);
  const draft = await api.expect<PolicyResponse>(
    201,
    BUREAU_USER,
    'POST',
    '/api/policies',
    preset.document,
    `draft the ${POLICY_PRESET} policy`,
    key('policy.draft'),
  );
  // 四眼原则: the approver publishes what the reviewer drafted.
  const policy = await api.expect<PolicyResponse>(
    200,
    BUREAU_APPROVER_USER,
    'POST',
    `/api/policies/${draft.id}/publish`,
    {},
    `publish the ${POLICY_PRESET} policy`,
    key('policy.publish'),
  );
  return { id: policy.seriesId, created: true };
}

/** The demo subsidy scheme, published once (drafted by the reviewer, published by the approver). */
export async function publishSubsidyScheme(api: ApiClient, key: StepKeys = stepKeys()): Promise<{ id: string; created: boolean }> {
  const published = await api.expect<z.infer<typeof SubsidySchemeListResponse>>(
    200,
    BUREAU_USER,
    'GET',
    '/api/subsidy-schemes?status=PUBLISHED',
    undefined,
    'list the published subsidy schemes',
  );
  const existing = published.items.find((scheme) => scheme.name === DEMO_SUBSIDY_SCHEME.name);
  if (existing !== undefined) return { id: existing.id, created: false };
  const draft = await api.expect<SubsidySchemeResponse>(
    201,
    BUREAU_USER,
    'POST',
    '/api/subsidy-schemes',
    DEMO_SUBSIDY_SCHEME,
    'draft the demo subsidy scheme',
    key('subsidy-scheme.draft'),
  );
  const scheme = await api.expect<SubsidySchemeResponse>(
    200,
    BUREAU_APPROVER_USER,
    'POST',
    `/api/subsidy-schemes/${draft.id}/publish`,
    {},
    'publish the demo subsidy scheme',
    key('subsidy-scheme.publish'),
  );
  return { id: scheme.id, created: true };
}

export function emptySummary(years: readonly number[]): Map<number, YearSummary> {
  return new Map(
    years.map((year) => [
      year,
      {
        year,
        loans: 0,
        principal: Money.zero(),
        repayments: 0,
        defaults: 0,
        claimsPaid: 0,
        fundPaid: Money.zero(),
        subsidiesPaid: 0,
        subsidyPaid: Money.zero(),
        disposals: 0,
        deals: {
          licensing: { count: 0, amount: Money.zero() },
          transfer: { count: 0, amount: Money.zero() },
          'capital-contribution': { count: 0, amount: Money.zero() },
        },
        reversals: 0,
      },
    ]),
  );
}

export async function runLoan(
  api: ApiClient,
  loan: PlannedLoan,
  summary: YearSummary,
  keys: StepKeys = stepKeys(),
  subsidySchemeId?: string,
): Promise<void> {
  const bank = loan.bankUser;
  const key = (step: string) => keys(`loan-${loan.index}.${step}`);
  const pledge = await api.expect<PledgeResponse>(
    201,
    bank,
    'POST',
    '/api/pledges',
    {
      pledgor: loan.pledgor,
      ipItems: loan.ipItems,
      requestedLoanAmount: loan.principal,
      termMonths: loan.termMonths,
      districtCode: loan.districtCode,
      appraiserOrgId: APPRAISER_ORG_ID,
    },
    `loan #${loan.index}: submit the pledge`,
    key('pledge'),
  );
  await api.eventually(
    201,
    APPRAISER_USER,
    'POST',
    '/api/valuations',
    {
      pledgeId: pledge.id,
      method: 'income',
      appraisedValue: loan.appraisedValue,
      valuationDate: loan.valuationDate,
      validUntil: loan.validUntil,
    },
    `loan #${loan.index}: value the pledge`,
    key('valuation'),
  );
  await api.eventually(
    200,
    BUREAU_USER,
    'POST',
    `/api/pledges/${pledge.id}/registration`,
    // The registration is dated by the server: today, the day the plan's loans are disbursed.
    { registrationNumber: loan.registrationNumber },
    `loan #${loan.index}: register the pledge`,
    key('registration'),
  );
  const disbursed = await api.eventually<LoanResponse>(
    201,
    bank,
    'POST',
    '/api/loans',
    {
      pledgeId: pledge.id,
      principal: loan.principal,
      annualInterestRate: loan.annualInterestRate,
      termMonths: loan.termMonths,
      disbursedOn: loan.disbursedOn,
      repaymentMethod: loan.repaymentMethod,
    },
    `loan #${loan.index}: disburse`,
    key('disbursement'),
  );
  summary.loans++;
  summary.principal = summary.principal.plus(Money.of(disbursed.principal));
  for (const [n, repayment] of loan.repayments.entries()) {
    await api.expect(
      201,
      bank,
      'POST',
      `/api/loans/${disbursed.id}/repayments`,
      repayment,
      `loan #${loan.index}: repayment of ${repayment.repaidOn}`,
      key(`repayment-${n}`),
    );
    summary.repayments++;
  }
  if (loan.subsidy !== undefined && subsidySchemeId !== undefined) {
    await runSubsidy(api, { loan, loanId: disbursed.id, schemeId: subsidySchemeId, summary, key });
  }
  const bad = loan.default;
  if (bad === undefined) return;
  await api.expect(
    200,
    bank,
    'POST',
    `/api/loans/${disbursed.id}/default`,
    { defaultedOn: bad.defaultedOn, accruedInterest: bad.accruedInterest },
    `loan #${loan.index}: report the default`,
    key('default'),
  );
  summary.defaults++;
  const planned = bad.claim;
  // Filed, prepared, approved and paid today, by the server's clock; 四眼原则: wang.fang prepares,
  // liu.yang approves, wang.fang (not the approver) records the payout.
  const claim = await api.eventually<ClaimResponse>(
    201,
    bank,
    'POST',
    '/api/claims',
    { loanId: disbursed.id },
    `loan #${loan.index}: file the claim`,
    key('claim'),
  );
  await api.expect(
    200,
    BUREAU_USER,
    'POST',
    `/api/claims/${claim.id}/prepare`,
    { note: '材料齐全' },
    `loan #${loan.index}: prepare the claim`,
    key('preparation'),
  );
  const approved = await api.expect<ClaimResponse>(
    200,
    BUREAU_APPROVER_USER,
    'POST',
    `/api/claims/${claim.id}/approve`,
    {},
    `loan #${loan.index}: approve the claim`,
    key('approval'),
  );
  // An approval the fund's budget year could not cover at all has nothing to pay (settled at approval).
  const fundPays = !Money.of(approved.computation?.fund.paid ?? '0.00').isZero();
  if (approved.status === 'APPROVED' && fundPays) {
    await api.expect(
      200,
      BUREAU_USER,
      'POST',
      `/api/claims/${claim.id}/payment`,
      { paymentReference: planned.paymentReference },
      `loan #${loan.index}: pay the claim`,
      key('payment'),
    );
    summary.claimsPaid++;
    summary.fundPaid = summary.fundPaid.plus(Money.of(approved.computation?.fund.paid ?? '0.00'));
  }
  if (planned.disposal !== undefined) {
    await api.eventually(
      200,
      bank,
      'POST',
      `/api/pledges/${pledge.id}/disposal`,
      planned.disposal,
      `loan #${loan.index}: dispose of the pledged IP`,
      key('disposal'),
    );
    summary.disposals++;
  }
}

/** Applied for by the bank, prepared by wang.fang, approved by liu.yang, paid by wang.fang (四眼原则). */
async function runSubsidy(
  api: ApiClient,
  run: { loan: PlannedLoan; loanId: string; schemeId: string; summary: YearSummary; key: (step: string) => string },
): Promise<void> {
  const { loan, summary, key } = run;
  const planned = loan.subsidy;
  if (planned === undefined) return;
  const applied = await api.eventually<SubsidyApplicationResponse>(
    201,
    loan.bankUser,
    'POST',
    '/api/subsidy-applications',
    {
      schemeId: run.schemeId,
      loanId: run.loanId,
      kind: planned.kind,
      amountPaid: planned.amountPaid,
      feePaidOn: planned.feePaidOn,
      paymentReferences: [`评估费发票 ${loan.registrationNumber}`],
      firmSize: planned.firmSize,
      industry: planned.industry,
    },
    `loan #${loan.index}: apply for the evaluation-fee subsidy`,
    key('subsidy-application'),
  );
  await api.expect(
    200,
    BUREAU_USER,
    'POST',
    `/api/subsidy-applications/${applied.id}/prepare`,
    { note: '评估费发票与评估报告一致' },
    `loan #${loan.index}: prepare the subsidy`,
    key('subsidy-preparation'),
  );
  const approved = await api.expect<SubsidyApplicationResponse>(
    200,
    BUREAU_APPROVER_USER,
    'POST',
    `/api/subsidy-applications/${applied.id}/approve`,
    {},
    `loan #${loan.index}: approve the subsidy`,
    key('subsidy-approval'),
  );
  const amount = Money.of(approved.approvedAmount ?? '0.00');
  // An approval the year's budget could not cover has nothing to pay.
  if (amount.isZero()) return;
  await api.expect(
    200,
    BUREAU_USER,
    'POST',
    `/api/subsidy-applications/${applied.id}/payment`,
    { paymentReference: planned.paymentReference },
    `loan #${loan.index}: pay the subsidy`,
    key('subsidy-payment'),
  );
  summary.subsidiesPaid++;
  summary.subsidyPaid = summary.subsidyPaid.plus(amount);
}

export async function runDeal(api: ApiClient, deal: PlannedDeal, summary: YearSummary, keys: StepKeys = stepKeys()): Promise<void> {
  const key = (step: string) => keys(`deal-${deal.index}.${step}`);
  const recorded = await api.expect<DealResponse>(
    201,
    BUREAU_USER,
    'POST',
    '/api/deals',
    {
      kind: deal.kind,
      ipItems: deal.ipItems,
      from: deal.from,
      to: deal.to,
      amount: deal.amount,
      contractDate: deal.contractDate,
      districtCode: deal.districtCode,
      industry: deal.industry,
    },
    `deal #${deal.index}: record the ${deal.kind} deal`,
    key('record'),
  );
  if (deal.reversal !== undefined) {
    await api.expect(
      200,
      BUREAU_USER,
      'POST',
      `/api/deals/${recorded.id}/reversal`,
      deal.reversal,
      `deal #${deal.index}: reverse it`,
      key('reversal'),
    );
    summary.reversals++;
    return;
  }
  const totals = summary.deals[deal.kind];
  totals.count++;
  totals.amount = totals.amount.plus(Money.of(recorded.amount));
}

/** Runs `tasks` with at most `limit` at a time; the first failure stops new ones and is thrown. */
export async function runLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++];
      try {
        await task(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure;
}

export async function runPlan(
  api: ApiClient,
  plan: SeedPlan,
  concurrency: number,
  progress: SeedProgress,
  keys: StepKeys = stepKeys(),
  subsidySchemeId?: string,
): Promise<Map<number, YearSummary>> {
  const summary = emptySummary(plan.years);
  const yearOf = (year: number) => {
    const found = summary.get(year);
    if (found === undefined) throw new Error(`no summary for ${year}`);
    return found;
  };
  progress.start(plan.loans.length + plan.deals.length);
  try {
    await runLimited(plan.loans, concurrency, async (loan) => {
      await runLoan(api, loan, yearOf(loan.year), keys, subsidySchemeId);
      progress.tick(`loan #${loan.index} (${loan.year})`);
    });
    await runLimited(plan.deals, concurrency, async (deal) => {
      await runDeal(api, deal, yearOf(deal.year), keys);
      progress.tick(`deal #${deal.index} (${deal.year} ${deal.kind})`);
    });
  } finally {
    progress.stop();
  }
  return summary;
}
