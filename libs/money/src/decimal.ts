// A private Decimal constructor: global Decimal.set(...) elsewhere in the process must never
// change how money is computed. 40 significant digits cover DECIMAL(30,2) amounts times
// six-decimal rates without any intermediate rounding.
import Decimal from 'decimal.js';

export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof Dec>;
