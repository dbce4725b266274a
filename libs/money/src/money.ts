// An amount in yuan, exact to the fen, immutable. Always within ±MAX_TOTAL so that it fits the
// widest amount column, DECIMAL(30,2); an operation that would leave that range throws instead of
// wrapping or rounding. Inputs from outside are held to the narrower MAX_AMOUNT by parse().
import Decimal from 'decimal.js';
import { Dec } from './decimal';
import { readPlainDecimal } from './decimal-syntax';
import { describeInput, MoneyError, ParseResult } from './errors';
import { fitsBound, MAX_TOTAL } from './limits';
import { isMoneyString } from './money-string';
import { MoneyParseOptions, parseAmount } from './parse-amount';
import { Rate } from './rate';
import { roundToFen } from './rounding';

const FEN_PER_YUAN = 100;

export class Money {
  private constructor(private readonly amount: Dec) {}

  /** Validates an input amount; see MoneyParseOptions for the defaults (no negatives, zero ok, at most MAX_AMOUNT). */
  static parse(input: unknown, options: MoneyParseOptions = {}): ParseResult<Money> {
    const parsed = parseAmount(input, options);
    return parsed.ok ? { ok: true, value: new Money(parsed.value) } : parsed;
  }

  /**
   * For values already validated (constants, stored data, sums): accepts any valid amount up to
   * MAX_TOTAL including negatives and zero, and throws MoneyError on anything else because that
   * would be a bug.
   */
  static of(input: string): Money {
    const parsed = Money.parse(input, { allowNegative: true, bound: 'total' });
    if (!parsed.ok) {
      throw new MoneyError(parsed.error.code, parsed.error.message);
    }
    return parsed.value;
  }

  static zero(): Money {
    return new Money(new Dec(0));
  }

  static fromFen(fen: bigint): Money {
    return Money.checked(new Dec(fen.toString()).dividedBy(FEN_PER_YUAN));
  }

  static sum(items: readonly Money[]): Money {
    return items.reduce((total, item) => total.plus(item), Money.zero());
  }

  static min(first: Money, ...rest: Money[]): Money {
    return rest.reduce((smallest, item) => (item.lt(smallest) ? item : smallest), first);
  }

  static max(first: Money, ...rest: Money[]): Money {
    return rest.reduce((largest, item) => (item.gt(largest) ? item : largest), first);
  }

  /** The wire format: exactly two decimals, at most 28 integer digits, optional "-". */
  static isMoneyString(value: unknown): value is string {
    return isMoneyString(value);
  }

  private static checked(amount: Dec): Money {
    if (!fitsBound(amount, 'total')) {
      throw new MoneyError('OUT_OF_RANGE', `amount ${amount.toFixed(2)} exceeds ${MAX_TOTAL} in absolute value`);
    }
    return new Money(amount.isZero() ? new Dec(0) : amount);
  }

  toFen(): bigint {
    return BigInt(this.amount.times(FEN_PER_YUAN).toFixed(0));
  }

  plus(other: Money): Money {
    return Money.checked(this.amount.plus(other.amount));
  }

  minus(other: Money): Money {
    return Money.checked(this.amount.minus(other.amount));
  }

  negated(): Money {
    return Money.checked(this.amount.negated());
  }

  abs(): Money {
    return Money.checked(this.amount.abs());
  }

  /**
   * Multiplies by a rate or factor and rounds half-up to the fen. Strings must be plain decimals
   * (any sign, any number of decimals); a Decimal from any decimal.js constructor is accepted.
   */
  times(factor: Rate | string | Decimal): Money {
    return Money.checked(roundToFen(this.amount.times(toFactor(factor))));
  }

  eq(other: Money): boolean {
    return this.amount.eq(other.amount);
  }

  gt(other: Money): boolean {
    return this.amount.gt(other.amount);
  }

  gte(other: Money): boolean {
    return this.amount.gte(other.amount);
  }

  lt(other: Money): boolean {
    return this.amount.lt(other.amount);
  }

  lte(other: Money): boolean {
    return this.amount.lte(other.amount);
  }

  isZero(): boolean {
    return this.amount.isZero();
  }

  isNegative(): boolean {
    return this.amount.lt(0);
  }

  isPositive(): boolean {
    return this.amount.gt(0);
  }

  /** Exactly two decimals, e.g. "1000000.00" or "-0.05"; never "-0.00" or exponent notation. */
  /** Within MAX_AMOUNT (in absolute value): what a single amount from outside may be. */
  isWithinSingleAmountBound(): boolean {
    return fitsBound(this.amount, 'amount');
  }

  toString(): string {
    return this.amount.toFixed(2);
  }

  toJSON(): string {
    return this.toString();
  }
}

function toFactor(factor: Rate | string | Decimal): Dec {
  if (factor instanceof Rate) {
    return new Dec(factor.toString());
  }
  if (typeof factor === 'string') {
    if (readPlainDecimal(factor) === undefined) {
      throw new MoneyError('INVALID_FACTOR', `a factor must be a plain decimal string such as "0.25", got ${describeInput(factor)}`);
    }
    return new Dec(factor);
  }
  if (!Decimal.isDecimal(factor) || !factor.isFinite()) {
    throw new MoneyError('INVALID_FACTOR', `a factor must be a finite decimal, got ${describeInput(String(factor))}`);
  }
  return new Dec(factor);
}
