// Splits an amount in proportion to weights by the largest-remainder method, so the parts add
// up to the total to the fen. All arithmetic is on integers (fen and scaled weights in bigint):
// a proportional share is a fraction, and comparing remainders must be exact to be deterministic.
import { describeInput, MoneyError } from './errors';
import { readPlainDecimal } from './decimal-syntax';
import { Money } from './money';
import { Rate } from './rate';

/** A decimal string such as "0.3" or "50", a Rate, or a non-negative safe integer. */
export type Weight = string | number | Rate;

/**
 * Each part gets the floor of total × weight / Σweights (in fen); the fen left over go one
 * each to the parts with the largest remainders, ties to the lower index. A part with weight 0
 * gets 0.00.
 *
 * A negative total is allocated as its absolute value and every part negated, so reversing an
 * allocation (a refund, a write-back) mirrors the original split exactly.
 */
export function allocate(total: Money, weights: readonly Weight[]): Money[] {
  if (weights.length === 0) {
    throw new MoneyError('INVALID_ALLOCATION', 'cannot allocate over an empty list of weights');
  }
  const scaled = toCommonScale(weights.map(readWeight));
  const weightSum = scaled.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) {
    throw new MoneyError('INVALID_ALLOCATION', 'cannot allocate when every weight is zero');
  }

  const totalFen = total.toFen();
  const magnitude = totalFen < 0n ? -totalFen : totalFen;
  const shares = scaled.map((weight, index) => ({
    index,
    fen: (magnitude * weight) / weightSum,
    remainder: (magnitude * weight) % weightSum,
  }));
  const leftover = magnitude - shares.reduce((sum, share) => sum + share.fen, 0n);
  const byRemainder = [...shares].sort((a, b) => compareBigint(b.remainder, a.remainder) || a.index - b.index);
  // leftover < number of parts, and only parts with a non-zero remainder can be reached.
  for (const share of byRemainder.slice(0, Number(leftover))) {
    share.fen += 1n;
  }

  const sign = totalFen < 0n ? -1n : 1n;
  return shares.map((share) => Money.fromFen(sign * share.fen));
}

interface ScaledWeight {
  readonly digits: bigint;
  readonly decimals: number;
}

function readWeight(weight: Weight, index: number): ScaledWeight {
  const text = weight instanceof Rate ? weight.toString() : typeof weight === 'number' ? integerWeight(weight, index) : weight;
  const syntax = readPlainDecimal(text);
  if (syntax === undefined || syntax.negative) {
    throw new MoneyError(
      'INVALID_ALLOCATION',
      `weight ${index + 1} must be a non-negative decimal string such as "0.3" or "50", got ${describeInput(text)}`,
    );
  }
  return { digits: BigInt(text.replace('.', '')), decimals: syntax.decimals };
}

function integerWeight(weight: number, index: number): string {
  // Only integers: a float weight like 0.1 is already inexact.
  if (!Number.isSafeInteger(weight) || weight < 0) {
    throw new MoneyError(
      'INVALID_ALLOCATION',
      `weight ${index + 1} given as a number must be a non-negative safe integer (use a decimal string for fractions), got ${weight}`,
    );
  }
  return weight.toString();
}

function toCommonScale(weights: readonly ScaledWeight[]): bigint[] {
  const decimals = Math.max(...weights.map((weight) => weight.decimals));
  return weights.map((weight) => weight.digits * 10n ** BigInt(decimals - weight.decimals));
}

function compareBigint(a: bigint, b: bigint): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
