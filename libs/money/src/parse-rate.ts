// The validation rules for rates (interest rates, risk-sharing ratios, LTVs) coming from outside.
import { Dec } from './decimal';
import { readPlainDecimal } from './decimal-syntax';
import { describeInput, MoneyError, parseFailure, ParseResult } from './errors';

export const RATE_MAX_DECIMALS = 6;

export interface RateParseOptions {
  /** Inclusive upper bound as a decimal string; defaults to "1" (a fraction of the whole). */
  readonly max?: string;
  /** Names the input in error messages; defaults to "rate". */
  readonly field?: string;
}

export function parseRateValue(input: unknown, options: RateParseOptions = {}): ParseResult<Dec> {
  const field = options.field ?? 'rate';
  const max = readMax(options.max);
  if (typeof input !== 'string') {
    return parseFailure(
      'NOT_A_STRING',
      field,
      `${field} must be a decimal string such as "0.0435", got ${describeInput(input)}; numbers are refused because they may already have lost precision`,
    );
  }
  const syntax = readPlainDecimal(input);
  if (syntax === undefined) {
    return parseFailure(
      'INVALID_FORMAT',
      field,
      `${field} must be a plain decimal such as "0.0435" (no exponent, "+", "%", spaces or separators), got ${describeInput(input)}`,
    );
  }
  if (syntax.decimals > RATE_MAX_DECIMALS) {
    return parseFailure(
      'TOO_MANY_DECIMALS',
      field,
      `${field} must have at most ${RATE_MAX_DECIMALS} decimals, got ${describeInput(input)}`,
    );
  }
  const value = new Dec(input);
  if (value.isZero()) {
    return { ok: true, value: new Dec(0) };
  }
  if (value.isNegative()) {
    return parseFailure('NEGATIVE_NOT_ALLOWED', field, `${field} must not be negative, got ${describeInput(input)}`);
  }
  if (value.gt(max)) {
    return parseFailure('OUT_OF_RANGE', field, `${field} must be between 0 and ${max.toFixed()}, got ${describeInput(input)}`);
  }
  return { ok: true, value };
}

function readMax(max: string | undefined): Dec {
  if (max === undefined) {
    return new Dec(1);
  }
  const syntax = readPlainDecimal(max);
  if (syntax === undefined || syntax.negative) {
    throw new MoneyError('INVALID_FORMAT', `the rate bound must be a non-negative plain decimal string, got ${describeInput(max)}`);
  }
  return new Dec(max);
}
