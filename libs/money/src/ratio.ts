// Ratios between amounts, for statistics: a share in percent, and an amount scaled by a ratio of
// two others (a projection). Exact decimal division, then the one rounding rule, once.
import { Dec } from './decimal';
import { MoneyError } from './errors';
import { Money } from './money';
import { roundHalfUp } from './rounding';

/** (part / whole) × 100, half-up to `decimals` places, as a plain string ("12.35"); "0.00" when whole is zero. */
export function percentOf(part: Money, whole: Money, decimals = 2): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 10) {
    throw new MoneyError('INVALID_DECIMALS', `decimals must be an integer from 0 to 10, got ${decimals}`);
  }
  if (whole.isZero()) return (0).toFixed(decimals);
  return roundHalfUp(new Dec(part.toString()).times(100).dividedBy(whole.toString()), decimals).toFixed(decimals);
}

/** amount × numerator / denominator, half-up to the fen. */
export function scaleBy(amount: Money, numerator: Money, denominator: Money): Money {
  if (denominator.isZero()) throw new MoneyError('INVALID_FACTOR', 'cannot scale by a ratio with a zero denominator');
  return amount.times(new Dec(numerator.toString()).dividedBy(denominator.toString()));
}
