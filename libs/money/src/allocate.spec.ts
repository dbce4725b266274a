import fc from 'fast-check';
import { allocate, Weight } from './allocate';
import { Money } from './money';
import { Rate } from './rate';

const MAX_FEN = 99_999_999_999_999_999_999n;

function split(total: string, weights: readonly Weight[]): string[] {
  return allocate(Money.of(total), weights).map(String);
}

describe('allocating an amount by weights (largest remainder)', () => {
  it('splits 1,000,000.00 50/30/10/10 exactly', () => {
    expect(split('1000000.00', ['50', '30', '10', '10'])).toEqual(['500000.00', '300000.00', '100000.00', '100000.00']);
  });

  it('gives the leftover fen of an equal four-way split to the first part', () => {
    expect(split('1000000.01', [1, 1, 1, 1])).toEqual(['250000.01', '250000.00', '250000.00', '250000.00']);
    expect(split('333333.33', [1, 1, 1, 1])).toEqual(['83333.34', '83333.33', '83333.33', '83333.33']);
  });

  it('splits a single fen three ways', () => {
    expect(split('0.01', [1, 1, 1])).toEqual(['0.01', '0.00', '0.00']);
    expect(split('0.02', [1, 1, 1])).toEqual(['0.01', '0.01', '0.00']);
  });

  it('splits 54/26/16/4', () => {
    expect(split('1000000.01', ['54', '26', '16', '4'])).toEqual(['540000.01', '260000.00', '160000.00', '40000.00']);
    expect(split('100.00', ['54', '26', '16', '4'])).toEqual(['54.00', '26.00', '16.00', '4.00']);
  });

  it('gives leftover fen to the largest remainders, not to the largest parts', () => {
    // 0.03 × 54/26/16/4 = 1.62, 0.78, 0.48, 0.12 fen.
    expect(split('0.03', ['54', '26', '16', '4'])).toEqual(['0.02', '0.01', '0.00', '0.00']);
  });

  it('accepts weights as decimal strings, rates and integers alike', () => {
    expect(split('100.00', ['0.5', Rate.of('0.3'), '0.125', '0.075'])).toEqual(['50.00', '30.00', '12.50', '7.50']);
    expect(split('100.00', [Rate.of('0.5'), 1, '0.5'])).toEqual(['25.00', '50.00', '25.00']);
  });

  it('gives nothing to zero weights', () => {
    expect(split('0.05', ['0', '1', '0', '1'])).toEqual(['0.00', '0.03', '0.00', '0.02']);
  });

  it('allocates a negative total as the mirror image of the positive one', () => {
    expect(split('-0.03', ['54', '26', '16', '4'])).toEqual(['-0.02', '-0.01', '0.00', '0.00']);
    expect(split('-333333.33', [1, 1, 1, 1])).toEqual(['-83333.34', '-83333.33', '-83333.33', '-83333.33']);
  });

  it('allocates zero as zeros', () => {
    expect(split('0.00', [1, 2])).toEqual(['0.00', '0.00']);
  });

  it.each<[string, readonly Weight[]]>([
    ['an empty list of weights', []],
    ['all-zero weights', ['0', 0, '0.000']],
    ['a negative weight', ['1', '-1', '1']],
    ['a negative integer weight', [1, -1]],
    ['a float weight', [0.1, 0.9]],
    ['an unsafe integer weight', [2 ** 53, 1]],
    ['a weight in exponent notation', ['1e2', '1']],
    ['a non-numeric weight', ['half', '1']],
  ])('rejects %s', (_, weights) => {
    expect(() => allocate(Money.of('1.00'), weights)).toThrow(expect.objectContaining({ code: 'INVALID_ALLOCATION' }));
  });

  describe('properties', () => {
    const totalFen = fc.bigInt({ min: -MAX_FEN, max: MAX_FEN });
    const decimalWeight = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 8 }))
      .map(([digits, decimals]) => scaledDecimal(digits, decimals));
    const weight = fc.oneof(decimalWeight, fc.integer({ min: 0, max: 1_000_000 }), fc.constant('0'));
    const weights = fc.array(weight, { minLength: 1, maxLength: 12 }).filter((list) => list.some((w) => exactWeight(w) !== 0n));

    it('parts always add up to the total, each within one fen of its exact share', () => {
      fc.assert(
        fc.property(totalFen, weights, (fen, list) => {
          const parts = allocate(Money.fromFen(fen), list).map((part) => part.toFen());
          expect(parts.reduce((sum, part) => sum + part, 0n)).toBe(fen);

          // Compare part × Σw with total × w at a common scale, so the check itself is exact.
          const scale = 10n ** 8n;
          const scaled = list.map((w) => exactWeight(w) * scale);
          const weightSum = scaled.reduce((sum, w) => sum + w, 0n);
          parts.forEach((part, index) => {
            const error = part * weightSum - fen * scaled[index];
            expect(error < weightSum && error > -weightSum).toBe(true);
          });
        }),
      );
    });

    it('is deterministic', () => {
      fc.assert(
        fc.property(totalFen, weights, (fen, list) => {
          const first = allocate(Money.fromFen(fen), list).map(String);
          const second = allocate(Money.fromFen(fen), [...list]).map(String);
          expect(second).toEqual(first);
        }),
      );
    });
  });
});

function scaledDecimal(digits: bigint, decimals: number): string {
  const text = digits.toString().padStart(decimals + 1, '0');
  return decimals === 0 ? text : `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
}

/** The weight in units of 10^-8, which every generated weight is a whole multiple of. */
function exactWeight(weight: string | number): bigint {
  if (typeof weight === 'number') {
    return BigInt(weight) * 10n ** 8n;
  }
  const [integer, fraction = ''] = weight.split('.');
  return BigInt(integer) * 10n ** 8n + BigInt(fraction.padEnd(8, '0'));
}
