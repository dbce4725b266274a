// How late a loan is, from its days past due (逾期天数): the collection bucket and the lowest risk
// class the days alone allow.
//
// Buckets: C for current, then one per 30 days (M1 = 1–30 days, M2 = 31–60, … M6 = 151–180) and
// M7+ beyond 180 days, as collections count them.
//
// Risk class (五级分类) by the 商业银行金融资产风险分类办法 (国家金融监督管理总局、中国人民银行令
// 2023年第1号): an asset with principal, interest or income overdue is at least 关注 (articles 11–14);
// overdue more than 90 days at least 次级, more than 270 days at least 可疑, more than 360 days 损失.
// The bank may classify worse on other grounds, and may keep a short overdue of technical cause
// (at most 7 days) as 正常; the figure here is the floor from days alone.

export const DELINQUENCY_BUCKETS = ['C', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+'] as const;
export type DelinquencyBucket = (typeof DELINQUENCY_BUCKETS)[number];

export const RISK_CLASSES = ['normal', 'special-mention', 'substandard', 'doubtful', 'loss'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

export const RISK_CLASS_NAMES: Readonly<Record<RiskClass, string>> = {
  normal: '正常',
  'special-mention': '关注',
  substandard: '次级',
  doubtful: '可疑',
  loss: '损失',
};

export function bucketOf(daysPastDue: number): DelinquencyBucket {
  checkDays(daysPastDue);
  const index = Math.min(DELINQUENCY_BUCKETS.length - 1, Math.ceil(daysPastDue / 30));
  return DELINQUENCY_BUCKETS[index] ?? 'M7+';
}

/** The lowest risk class a loan this many days past due can have. */
export function riskClassFloor(daysPastDue: number): RiskClass {
  checkDays(daysPastDue);
  if (daysPastDue > 360) return 'loss';
  if (daysPastDue > 270) return 'doubtful';
  if (daysPastDue > 90) return 'substandard';
  if (daysPastDue > 0) return 'special-mention';
  return 'normal';
}

function checkDays(daysPastDue: number): void {
  if (!Number.isInteger(daysPastDue) || daysPastDue < 0)
    throw new RangeError(`days past due must be a whole number ≥ 0, got ${daysPastDue}`);
}
