// The one rounding rule of the ledger: half-up (四舍五入), applied to the magnitude, so -2.675
// becomes -2.68. Every place that drops digits from an amount goes through here.
import type Decimal from 'decimal.js';
import { Dec } from './decimal';

export function roundHalfUp(value: Decimal, decimals: number): Dec {
  const rounded = new Dec(value).toDecimalPlaces(decimals, Dec.ROUND_HALF_UP);
  // -0.004 rounds to -0; a signed zero would leak out as "-0.00".
  return rounded.isZero() ? new Dec(0) : rounded;
}

export function roundToFen(value: Decimal): Dec {
  return roundHalfUp(value, 2);
}
