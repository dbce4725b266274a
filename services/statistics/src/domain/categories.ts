// The four kinds of IP monetisation the city's target counts (seed 001: 知识产权运营), and the
// dimensions statistics are broken down by. Labels are the Chinese terms of statistical tables.

export const DEAL_CATEGORIES = ['licensing', 'transfer', 'capital-contribution', 'pledge-financing'] as const;
export type DealCategory = (typeof DEAL_CATEGORIES)[number];

export const CATEGORY_LABELS: Readonly<Record<DealCategory, string>> = {
  licensing: '许可',
  transfer: '转让',
  'capital-contribution': '出资入股',
  'pledge-financing': '质押融资',
};

/** 'total' is the category's own row; the others split it (bank only for pledge financing). */
export const DIMENSIONS = ['total', 'district', 'ip-type', 'bank', 'industry'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const DIMENSION_LABELS: Readonly<Record<Dimension, string>> = {
  total: '合计',
  district: '区县',
  'ip-type': '知识产权类型',
  bank: '银行',
  industry: '行业',
};

/** Industry when a record does not state one (pledge applications do not yet ask for it). */
export const UNCLASSIFIED_INDUSTRY = 'unclassified';
/**
 * A value the statistics could not learn (shown as 不详): a loan without IP types, a subsidy paid
 * whose approval was never received (its district and industry are the approval's).
 */
export const UNKNOWN_VALUE = 'unknown';
