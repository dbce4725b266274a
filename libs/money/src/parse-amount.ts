// The validation rules for yuan amounts coming from outside (HTTP bodies, events, files).
import { Dec } from './decimal';
import { readPlainDecimal } from './decimal-syntax';
import { describeInput, parseFailure, ParseResult } from './errors';
import { boundOf, fitsBound, type AmountBound } from './limits';

export interface MoneyParseOptions {
  /** Defaults to false: most inputs (loan principal, appraised value) can never be negative. */
  readonly allowNegative?: boolean;
  /** Defaults to true. */
  readonly allowZero?: boolean;
  /** Names the input in error messages; defaults to "amount". */
  readonly field?: string;
  /**
   * Defaults to 'amount': a single amount from outside, at most MAX_AMOUNT (100亿元). 'total' for
   * sums read back from storage or computed (at most MAX_TOTAL).
   */
  readonly bound?: AmountBound;
}

export function parseAmount(input: unknown, options: MoneyParseOptions = {}): ParseResult<Dec> {
  const field = options.field ?? 'amount';
  if (typeof input !== 'string') {
    return parseFailure(
      'NOT_A_STRING',
      field,
      `${field} must be a decimal string such as "1234.56", got ${describeInput(input)}; numbers are refused because they may already have lost precision`,
    );
  }
  const syntax = readPlainDecimal(input);
  if (syntax === undefined) {
    return parseFailure(
      'INVALID_FORMAT',
      field,
      `${field} must be digits with an optional leading "-" and up to two decimals, such as "1234.56" (no exponent, "+", spaces or separators), got ${describeInput(input)}`,
    );
  }
  if (syntax.decimals > 2) {
    return parseFailure('TOO_MANY_DECIMALS', field, `${field} must have at most two decimals (fen), got ${describeInput(input)}`);
  }
  const value = new Dec(input);
  // Judged by value, so "-0.00" is a (non-negative) zero.
  if (value.isZero()) {
    return options.allowZero === false
      ? parseFailure('ZERO_NOT_ALLOWED', field, `${field} must not be zero`)
      : { ok: true, value: new Dec(0) };
  }
  if (value.isNegative() && options.allowNegative !== true) {
    return parseFailure('NEGATIVE_NOT_ALLOWED', field, `${field} must not be negative, got ${describeInput(input)}`);
  }
  const bound = options.bound ?? 'amount';
  if (!fitsBound(value, bound)) {
    return parseFailure('OUT_OF_RANGE', field, `${field} must not exceed ${boundOf(bound)} in absolute value, got ${describeInput(input)}`);
  }
  return { ok: true, value };
}
