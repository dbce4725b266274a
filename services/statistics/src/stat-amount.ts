// An exact amount with its display forms: yuan exact; 万元 and 亿元 rounded half-up to two places,
// grouped by thousands, with the unit stated ("1,234.57 万元"). Tables for files take the plain
// numbers (inWan / inYi) and state the unit in their headers.
import Decimal from 'decimal.js';
import type { StatAmount } from '@ipledger/contracts';
import { formatWanYuan, formatYiYuan, roundHalfUp, type Money } from '@ipledger/money';

export function statAmount(amount: Money): StatAmount {
  return { yuan: amount.toString(), wan: formatWanYuan(amount), yi: formatYiYuan(amount) };
}

/** The amount in 万元, half-up to two places, plain ("1234.57"). */
export function inWan(yuan: string): string {
  return roundHalfUp(new Decimal(yuan).dividedBy(10_000), 2).toFixed(2);
}

/** The amount in 亿元, half-up to two places, plain ("0.12"). */
export function inYi(yuan: string): string {
  return roundHalfUp(new Decimal(yuan).dividedBy(100_000_000), 2).toFixed(2);
}
