// Real subsidy schemes shipped as presets (GET /api/subsidy-schemes/presets): the bureau drafts its
// own scheme from one and publishes it (四眼原则). Every figure is the cited text's; where the text
// gives none, the value is a default chosen here and `notes` says so. A filled-in default is never
// presented as the source's. What a source asks that the system does not check yet is in `notes` too.
import { publishSubsidyScheme, type PublishedSubsidyScheme, type SubsidySchemeDraft } from './subsidy-scheme';

const PATENTS = ['invention-patent', 'utility-model', 'design-patent'] as const;
/** 四眼原则 on every preset, as on the compensation presets: every subsidy with an amount takes two bureau users. */
const DUAL_CONTROL_ABOVE = '0.00';
const BUDGET_NOTE = "yearly budget: the text gives no figure; 10,000,000.00 is a placeholder the bureau replaces with the year's budget";

function preset(draft: SubsidySchemeDraft): PublishedSubsidyScheme {
  const published = publishSubsidyScheme(draft);
  // A preset that fails validation is a bug in this file, not user input.
  if (!published.ok) throw new Error(`subsidy preset ${draft.schemeId} is invalid: ${published.problems.map((p) => p.message).join('; ')}`);
  return published.scheme;
}

/** 青岛市中小微企业知识产权质押融资贷款贴息: 60 % of the LPR of the month before the contract, ≤ 50万 a firm a year. */
export const QINGDAO_2024_INTEREST = preset({
  schemeId: 'qingdao-2024-interest',
  version: 1,
  name: '青岛市中小微企业知识产权质押融资贷款贴息',
  source:
    '《青岛市中小微企业知识产权质押融资贷款贴息资金管理实施细则》（依据鲁市监知促字〔2024〕92号、青政办发〔2024〕3号）第三条：' +
    '按照贷款合同签订日上月最新一年期LPR的60%给予贴息支持，每家企业每个申报年度贴息额最高不超过50万元；' +
    '第五条：独立法人、符合国家中小微企业划型标准、出质专利权属清晰有效、按合同约定还款',
  notes: [
    'the LPR is the latest of the month before the loan contract was signed; the disbursement date stands for the signing date',
    'the cap of 50万 per 申报年度 is applied per budget year (the year the bureau approves)',
    'not checked yet: at least one pledged invention patent pledged for the first time (首次质押); with other collateral beside the patent, the subsidy in proportion to the patent',
    'effective 2024-01-01: the text read gives no date; its bases are of 2024',
    BUDGET_NOTE,
  ],
  scope: { city: '青岛', cityCode: '3702' },
  effectiveFrom: '2024-01-01',
  rules: [
    {
      kind: 'interest',
      rate: { basis: 'share-of-reference', share: '0.6', reference: 'LPR-1Y', referenceOn: 'month-before-contract' },
      perFirmPerYear: '500000.00',
    },
  ],
  eligibility: { firmSizes: ['medium', 'small', 'micro'], ipTypes: [...PATENTS], onTimeRepaymentOnly: true },
  yearlyBudget: '10000000.00',
  dualControlAbove: DUAL_CONTROL_ABOVE,
});

/** Chongqing Beibei district: interest subsidy of 50 % of the LPR, beside its 70/30 risk compensation. */
export const CHONGQING_BEIBEI_INTEREST = preset({
  schemeId: 'chongqing-beibei-interest',
  version: 1,
  name: '重庆市北碚区知识产权质押融资贴息',
  source:
    'Chongqing Beibei district IP pledge financing: interest subsidy of 50 % of the LPR (as summarised for this project; confirm the district’s current text before publishing)',
  notes: [
    'the summary gives the rate only: no cap per firm or loan, no eligibility rule, so none is set',
    'the LPR of the day the interest was due is taken (the summary does not say which)',
    'effective 2025-01-01: the summary gives no date',
    BUDGET_NOTE,
  ],
  scope: { city: '重庆', cityCode: '50', district: '500109' },
  effectiveFrom: '2025-01-01',
  rules: [{ kind: 'interest', rate: { basis: 'share-of-reference', share: '0.5', reference: 'LPR-1Y' } }],
  eligibility: {},
  yearlyBudget: '10000000.00',
  dualControlAbove: DUAL_CONTROL_ABOVE,
});

export const SUBSIDY_PRESETS: readonly PublishedSubsidyScheme[] = [QINGDAO_2024_INTEREST, CHONGQING_BEIBEI_INTEREST];
