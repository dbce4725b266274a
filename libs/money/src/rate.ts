// A non-negative decimal fraction. Rates are kept exact (a product of two rates keeps all its
// digits): the only rounding happens once, when a rate is applied to money.
import { Dec } from './decimal';
import { MoneyError } from './errors';
import { parseRateValue, RateParseOptions } from './parse-rate';
import type { ParseResult } from './errors';

export class Rate {
  private constructor(private readonly value: Dec) {}

  /** Validates an input rate: a plain decimal string, 0 ≤ rate ≤ max (default 1), ≤ 6 decimals. */
  static parse(input: unknown, options: RateParseOptions = {}): ParseResult<Rate> {
    const parsed = parseRateValue(input, options);
    return parsed.ok ? { ok: true, value: new Rate(parsed.value) } : parsed;
  }

  /** For values already validated (constants, stored data); throws MoneyError otherwise. */
  static of(input: string, options: RateParseOptions = {}): Rate {
    const parsed = Rate.parse(input, options);
    if (!parsed.ok) {
      throw new MoneyError(parsed.error.code, parsed.error.message);
    }
    return parsed.value;
  }

  static zero(): Rate {
    return new Rate(new Dec(0));
  }

  static one(): Rate {
    return new Rate(new Dec(1));
  }

  static sum(rates: readonly Rate[]): Rate {
    return new Rate(rates.reduce((total, rate) => total.plus(rate.value), new Dec(0)));
  }

  times(other: Rate): Rate {
    return new Rate(this.value.times(other.value));
  }

  eq(other: Rate): boolean {
    return this.value.eq(other.value);
  }

  gt(other: Rate): boolean {
    return this.value.gt(other.value);
  }

  lt(other: Rate): boolean {
    return this.value.lt(other.value);
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  /** Plain decimal without trailing zeros and never in exponent notation, e.g. "0.125". */
  toString(): string {
    return this.value.toFixed();
  }

  toJSON(): string {
    return this.toString();
  }
}
