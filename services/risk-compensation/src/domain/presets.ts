// The real schemes, as published, for defaults, fixtures and the demo. Every figure comes from the
// cited program as summarised in /work/shared/domain.md ("Real local policies"); where that table
// gives no figure, the value is a default chosen here and the preset's `notes` say so. A filled-in
// default is never presented as the source's.
import { PolicyDraft, publishPolicy, PublishedPolicy } from './policy';

/** The only deadline the table gives (Weihai); used as the stated default elsewhere. */
const DEFAULT_FILING_DAYS = 10;
const DEFAULT_FILING_NOTE = `filing deadline: the source gives none; ${DEFAULT_FILING_DAYS} working days after the trigger, as Weihai's, is the default`;
const DEFAULT_TRIGGER_NOTE =
  'trigger: the source does not say; "on-default" (claim once the loan defaults, recoveries clawed back later) is the default';
/**
 * 四眼原则 on every preset: none of the sources sets a threshold, and the fund pays public money, so
 * every claim with an amount is prepared by one bureau user and approved by another (0.00). The
 * bureau may raise it in its own version; the presets never leave the control out.
 */
const DUAL_CONTROL_ABOVE = '0.00';
const DEFAULT_BUDGET_NOTE =
  "yearly budget: the source gives no figure; 10,000,000.00 is a placeholder the bureau replaces with the year's budget";

function preset(draft: PolicyDraft): PublishedPolicy {
  const published = publishPolicy(draft);
  if (!published.ok) {
    // A preset that fails validation is a bug in this file, not user input.
    throw new Error(
      `preset ${draft.policyId} v${draft.version} is invalid: ${published.problems.map((p) => `${p.field} ${p.rule}`).join('; ')}`,
    );
  }
  return published.policy;
}

export const GUANGZHOU_2020_5311 = preset({
  policyId: 'guangzhou-2020-5311',
  version: 1,
  name: 'Guangzhou 2020 IP pledge financing risk compensation ("5311")',
  source:
    'Guangzhou 2020 IP pledge financing risk-compensation scheme ("5311"): losses shared fund 50 % / guarantor or insurer 30 % / ' +
    'appraiser 10 % / bank 10 %; fund of 40M yuan over 5 years; banks lend ≥10× the fund; SME borrowers registered ≥1 year ' +
    'with no bad credit for 3 years (domain.md, real local policies)',
  notes: [
    'the 30 % is carried by the guarantor or the insurer of the loan; modelled as the guarantor role (use the insurer role for an insured loan)',
    'yearly budget: 40M over 5 years read as 8,000,000.00 a year; effective 2020-01-01 to 2025-01-01 (the source gives the year only)',
    '"banks lend ≥10× the fund" is a programme target, not a per-claim rule, so it is not checked here',
    'SME status is not modelled yet; the registered-1-year and clean-credit-3-years conditions are',
    'no per-loan or per-borrower cap is given, so none is set',
    DEFAULT_TRIGGER_NOTE,
    DEFAULT_FILING_NOTE,
  ],
  scope: { city: 'Guangzhou', cityCode: '4401' },
  effectiveFrom: '2020-01-01',
  effectiveTo: '2025-01-01',
  parties: [
    { party: 'fund', share: '0.5' },
    { party: 'guarantor', share: '0.3', note: 'guarantor or insurer' },
    { party: 'appraiser', share: '0.1' },
    { party: 'bank', share: '0.1' },
  ],
  coverageBase: { kind: 'outstanding-principal' },
  mixedCollateral: 'whole-loan',
  caps: { fundYearlyBudget: '8000000.00' },
  eligibility: { borrowerRegisteredForYears: 1, cleanCreditForYears: 3 },
  trigger: 'on-default',
  filingDeadlineWorkingDays: DEFAULT_FILING_DAYS,
  recoveryRule: 'pro-rata-to-borne',
  dualControlAbove: DUAL_CONTROL_ABOVE,
});

export const GUANGZHOU_2023 = preset({
  policyId: 'guangzhou-2023',
  version: 1,
  name: 'Guangzhou 2023 IP pledge financing risk compensation',
  source:
    'Guangzhou 2023 IP pledge financing risk-compensation scheme: losses shared fund 50 % / bank 50 %; only principal up to 10M ' +
    'per loan is covered; ≤20M per borrower per year (in loan-date order); city total ≤50M a year; with mixed collateral only ' +
    'the IP share stated in the contract counts (domain.md, real local policies)',
  notes: ['effective 2023-01-01, open-ended (the source gives the year only)', DEFAULT_TRIGGER_NOTE, DEFAULT_FILING_NOTE],
  scope: { city: 'Guangzhou', cityCode: '4401' },
  effectiveFrom: '2023-01-01',
  parties: [
    { party: 'fund', share: '0.5' },
    { party: 'bank', share: '0.5' },
  ],
  coverageBase: { kind: 'outstanding-principal' },
  mixedCollateral: 'ip-share-only',
  caps: { perLoan: '10000000.00', perBorrowerPerYear: '20000000.00', fundYearlyBudget: '50000000.00' },
  eligibility: {},
  trigger: 'on-default',
  filingDeadlineWorkingDays: DEFAULT_FILING_DAYS,
  recoveryRule: 'pro-rata-to-borne',
  dualControlAbove: DUAL_CONTROL_ABOVE,
});

export const ZHONGSHAN = preset({
  policyId: 'zhongshan',
  version: 1,
  name: 'Zhongshan IP pledge financing risk compensation (54/26/16/4)',
  source:
    'Zhongshan IP pledge financing risk-compensation scheme: losses shared fund 54 % / bank 26 % / insurer 16 % / appraiser 4 % (domain.md, real local policies)',
  notes: [
    'effective 2025-01-01: the source as summarised gives no date',
    'no caps are given, so none but the budget is set',
    DEFAULT_BUDGET_NOTE,
    DEFAULT_TRIGGER_NOTE,
    DEFAULT_FILING_NOTE,
  ],
  scope: { city: 'Zhongshan', cityCode: '4420' },
  effectiveFrom: '2025-01-01',
  parties: [
    { party: 'fund', share: '0.54' },
    { party: 'bank', share: '0.26' },
    { party: 'insurer', share: '0.16' },
    { party: 'appraiser', share: '0.04' },
  ],
  coverageBase: { kind: 'outstanding-principal' },
  mixedCollateral: 'whole-loan',
  caps: { fundYearlyBudget: '10000000.00' },
  eligibility: {},
  trigger: 'on-default',
  filingDeadlineWorkingDays: DEFAULT_FILING_DAYS,
  recoveryRule: 'pro-rata-to-borne',
  dualControlAbove: DUAL_CONTROL_ABOVE,
});

export const CHONGQING_KNOWLEDGE_VALUE_CREDIT = preset({
  policyId: 'chongqing-knowledge-value-credit',
  version: 1,
  name: 'Chongqing 知识价值信用贷款 risk compensation (80/20)',
  source:
    'Chongqing 知识价值信用贷款 (knowledge-value credit loans) risk compensation: losses shared fund 80 % / bank 20 %, the bank also ' +
    'bears the interest; city:district funding 4:6; payouts stop when losses run too high (domain.md, real local policies)',
  notes: [
    'the bank bears the interest: the coverage base is the outstanding principal only',
    'city:district 4:6 is how the pool is funded, not how a loss is split, so it is not part of the split; the source names no one district, so fundedBy is left out and the districts record their contributions as they pay',
    '"payouts stop when losses run too high": no threshold is given, so it is not modelled yet',
    'effective 2025-01-01: the source as summarised gives no date',
    DEFAULT_BUDGET_NOTE,
    DEFAULT_TRIGGER_NOTE,
    DEFAULT_FILING_NOTE,
  ],
  scope: { city: 'Chongqing', cityCode: '50' },
  effectiveFrom: '2025-01-01',
  parties: [
    { party: 'fund', share: '0.8', note: 'city and district funds (4:6)' },
    { party: 'bank', share: '0.2' },
  ],
  coverageBase: { kind: 'outstanding-principal' },
  mixedCollateral: 'whole-loan',
  caps: { fundYearlyBudget: '10000000.00' },
  eligibility: {},
  trigger: 'on-default',
  filingDeadlineWorkingDays: DEFAULT_FILING_DAYS,
  recoveryRule: 'pro-rata-to-borne',
  dualControlAbove: DUAL_CONTROL_ABOVE,
});

const WEIHAI_SOURCE =
  'Weihai IP pledge financing risk compensation: losses shared province 40 % + city 20 % / bank 40 %; ≤1M per loan in year one, ' +
  '≤1.5M later; the bank files within 10 working days (domain.md, real local policies)';
const WEIHAI_NOTES = [
  "province 40 % + city 20 % are one public pool here (the fund's 60 % of a loss), paid in by 山东省 (370000) and 威海市 (371000) in the proportion 40 : 20 (fundedBy)",
  'the per-loan cap is read as a cap on the covered loss of one loan',
  'year one is taken as 2025 (2025-01-01 to 2026-01-01); the source as summarised gives no dates',
  DEFAULT_BUDGET_NOTE,
  DEFAULT_TRIGGER_NOTE,
];

function weihai(version: number, perLoan: string, effectiveFrom: string, effectiveTo?: string): PolicyDraft {
  return {
    policyId: 'weihai',
    version,
    name: `Weihai IP pledge financing risk compensation (${version === 1 ? 'year one' : 'later years'})`,
    source: WEIHAI_SOURCE,
    notes: WEIHAI_NOTES,
    scope: { city: 'Weihai', cityCode: '3710' },
    effectiveFrom,
    ...(effectiveTo === undefined ? {} : { effectiveTo }),
    parties: [
      { party: 'fund', share: '0.6', note: 'province 40 % + city 20 %' },
      { party: 'bank', share: '0.4' },
    ],
    coverageBase: { kind: 'outstanding-principal' },
    mixedCollateral: 'whole-loan',
    caps: { perLoan, fundYearlyBudget: '10000000.00' },
    eligibility: {},
    trigger: 'on-default',
    filingDeadlineWorkingDays: 10,
    recoveryRule: 'pro-rata-to-borne',
    dualControlAbove: DUAL_CONTROL_ABOVE,
    fundedBy: [
      { payerCode: '370000', name: '山东省', weight: '40' },
      { payerCode: '371000', name: '威海市', weight: '20' },
    ],
  };
}

/** Year one: ≤1M per loan. */
export const WEIHAI_YEAR_ONE = preset(weihai(1, '1000000.00', '2025-01-01', '2026-01-01'));
/** Later years: ≤1.5M per loan. A new version, because a published one is never edited. */
export const WEIHAI_LATER = preset(weihai(2, '1500000.00', '2026-01-01'));

export const CHONGQING_BEIBEI = preset({
  policyId: 'chongqing-beibei',
  version: 1,
  name: 'Chongqing Beibei district IP pledge financing risk compensation (70/30)',
  source:
    'Chongqing Beibei district: losses shared government 70 % / bank 30 %; 10M fund; interest subsidy 50 % of LPR (domain.md, real local policies)',
  notes: [
    'the 10M fund is used as the yearly budget; the source as summarised does not say over how many years',
    'the interest subsidy is a separate programme and not part of loss sharing',
    'effective 2025-01-01: the source as summarised gives no date',
    DEFAULT_TRIGGER_NOTE,
    DEFAULT_FILING_NOTE,
  ],
  scope: { city: 'Chongqing', cityCode: '50', district: '500109' },
  effectiveFrom: '2025-01-01',
  parties: [
    { party: 'fund', share: '0.7', note: 'government' },
    { party: 'bank', share: '0.3' },
  ],
  coverageBase: { kind: 'outstanding-principal' },
  mixedCollateral: 'whole-loan',
  caps: { fundYearlyBudget: '10000000.00' },
  eligibility: {},
  trigger: 'on-default',
  filingDeadlineWorkingDays: DEFAULT_FILING_DAYS,
  recoveryRule: 'pro-rata-to-borne',
  dualControlAbove: DUAL_CONTROL_ABOVE,
});

export const ANHUI = preset({
  policyId: 'anhui',
  version: 1,
  name: 'Anhui IP pledge loan risk compensation (30 % + 5 points)',
  source:
    "Anhui: public compensation 30 % (+5 points for IP-pledge loans); all public payouts ≤80 % of the bank's real exposure (domain.md, real local policies)",
  notes: [
    'fund 35 % (30 % + 5 points, this being an IP-pledge loan); the source names no other sharer, so the bank keeps the remaining 65 %',
    'effective 2025-01-01: the source as summarised gives no date',
    DEFAULT_BUDGET_NOTE,
    DEFAULT_TRIGGER_NOTE,
    DEFAULT_FILING_NOTE,
  ],
  scope: { city: 'Anhui (province-wide)', cityCode: '34' },
  effectiveFrom: '2025-01-01',
  parties: [
    { party: 'fund', share: '0.35' },
    { party: 'bank', share: '0.65' },
  ],
  coverageBase: { kind: 'outstanding-principal' },
  mixedCollateral: 'whole-loan',
  caps: { fundYearlyBudget: '10000000.00' },
  eligibility: {},
  trigger: 'on-default',
  filingDeadlineWorkingDays: DEFAULT_FILING_DAYS,
  recoveryRule: 'pro-rata-to-borne',
  publicShareCapOfExposure: '0.8',
  dualControlAbove: DUAL_CONTROL_ABOVE,
});

export const PRESETS: readonly PublishedPolicy[] = [
  GUANGZHOU_2020_5311,
  GUANGZHOU_2023,
  ZHONGSHAN,
  CHONGQING_KNOWLEDGE_VALUE_CREDIT,
  WEIHAI_YEAR_ONE,
  WEIHAI_LATER,
  CHONGQING_BEIBEI,
  ANHUI,
];
