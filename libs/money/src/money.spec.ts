import Decimal from 'decimal.js';
import fc from 'fast-check';
import { MoneyError } from './errors';
import { MAX_AMOUNT, MAX_TOTAL } from './limits';
import { Money } from './money';
import { Rate } from './rate';

const MAX_FEN = 999_999_999_999_999_999_999_999_999_999n;

function parsed(input: unknown, options?: Parameters<typeof Money.parse>[1]): Money {
  const result = Money.parse(input, options);
  if (!result.ok) {
    throw new Error(`expected ${String(input)} to parse: ${result.error.message}`);
  }
  return result.value;
}

function parseErrorCode(input: unknown, options?: Parameters<typeof Money.parse>[1]): string {
  const result = Money.parse(input, options);
  if (result.ok) {
    throw new Error(`expected ${String(input)} to be rejected`);
  }
  return result.error.code;
}

describe('Money', () => {
  describe('parsing an input amount', () => {
    it.each([
      ['0', '0.00'],
      ['0.5', '0.50'],
      ['1000000', '1000000.00'],
      ['1000000.01', '1000000.01'],
      ['007.10', '7.10'],
      [MAX_AMOUNT, MAX_AMOUNT],
    ])('accepts %s as %s', (input, expected) => {
      expect(parsed(input).toString()).toBe(expected);
    });

    it.each([
      ['1e5'],
      ['1E5'],
      ['NaN'],
      ['Infinity'],
      ['-Infinity'],
      ['+1.00'],
      [' 1.00'],
      ['1.00 '],
      ['1 000.00'],
      ['1,000.00'],
      ['1.'],
      ['.5'],
      [''],
      ['-'],
      ['0x10'],
      ['１００'],
      ['1.0.0'],
    ])('rejects %j as not a plain decimal', (input) => {
      expect(parseErrorCode(input)).toBe('INVALID_FORMAT');
    });

    it.each([[1000], [0.1], [Number.NaN], [null], [undefined], [{ amount: '1.00' }], [100n]])('rejects the non-string %p', (input) => {
      expect(parseErrorCode(input)).toBe('NOT_A_STRING');
    });

    it('rejects more than two decimals instead of rounding them', () => {
      expect(parseErrorCode('1.005')).toBe('TOO_MANY_DECIMALS');
      expect(parseErrorCode('1.000')).toBe('TOO_MANY_DECIMALS');
    });

    it('rejects negatives unless allowed', () => {
      expect(parseErrorCode('-0.05')).toBe('NEGATIVE_NOT_ALLOWED');
      expect(parsed('-0.05', { allowNegative: true }).toString()).toBe('-0.05');
    });

    it('treats "-0" as zero, not as a negative', () => {
      expect(parsed('-0.00').toString()).toBe('0.00');
      expect(parseErrorCode('-0', { allowZero: false })).toBe('ZERO_NOT_ALLOWED');
    });

    it('allows zero unless told otherwise', () => {
      expect(parsed('0.00').isZero()).toBe(true);
      expect(parseErrorCode('0.00', { allowZero: false })).toBe('ZERO_NOT_ALLOWED');
    });

    it('rejects a single amount above 100亿元 in either direction', () => {
      expect(MAX_AMOUNT).toBe('10000000000.00');
      expect(parseErrorCode('10000000000.01')).toBe('OUT_OF_RANGE');
      expect(parseErrorCode('1000000000000000000.00')).toBe('OUT_OF_RANGE');
      expect(parseErrorCode('-10000000000.01', { allowNegative: true })).toBe('OUT_OF_RANGE');
      expect(parsed(`-${MAX_AMOUNT}`, { allowNegative: true }).toString()).toBe(`-${MAX_AMOUNT}`);
      const result = Money.parse('10000000000.01', { field: 'principal' });
      expect(result.ok || result.error.message).toBe('principal must not exceed 10000000000.00 in absolute value, got "10000000000.01"');
    });

    it('reads a total up to DECIMAL(30,2) when asked for the total bound', () => {
      expect(parsed(MAX_TOTAL, { bound: 'total' }).toString()).toBe(MAX_TOTAL);
      expect(parsed('1000000000339194495.02', { bound: 'total' }).toString()).toBe('1000000000339194495.02');
      expect(parseErrorCode('10000000000000000000000000000.00', { bound: 'total' })).toBe('OUT_OF_RANGE');
    });

    it('names the field and the rule in the message', () => {
      const result = Money.parse('1e5', { field: 'principal' });
      expect(result).toEqual({
        ok: false,
        error: expect.objectContaining({
          code: 'INVALID_FORMAT',
          field: 'principal',
          message: expect.stringMatching(/^principal must be .*no exponent/),
        }),
      });
      const numeric = Money.parse(12.5);
      expect(numeric.ok || numeric.error.message).toMatch(/^amount must be a decimal string .*got a number/);
    });

    it('keeps messages short when echoing a huge input', () => {
      const result = Money.parse('9'.repeat(10_000));
      expect(result.ok || result.error.message.length).toBeLessThan(200);
    });
  });

  describe('constructing from validated values', () => {
    it('accepts negatives and zero', () => {
      expect(Money.of('-12.30').toString()).toBe('-12.30');
      expect(Money.of('0').toString()).toBe('0.00');
    });

    it('throws a MoneyError carrying the rule that failed', () => {
      expect(() => Money.of('12.345')).toThrow(MoneyError);
      expect(() => Money.of('1e3')).toThrow(expect.objectContaining({ code: 'INVALID_FORMAT' }));
    });

    it('converts to and from fen', () => {
      expect(Money.fromFen(123456n).toString()).toBe('1234.56');
      expect(Money.fromFen(-5n).toString()).toBe('-0.05');
      expect(Money.of('1234.56').toFen()).toBe(123456n);
      expect(Money.fromFen(MAX_FEN).toString()).toBe(MAX_TOTAL);
      expect(() => Money.fromFen(MAX_FEN + 1n)).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
    });

    it('has a zero', () => {
      expect(Money.zero().toString()).toBe('0.00');
    });
  });

  describe('arithmetic', () => {
    it('adds and subtracts exactly, where binary floats would not', () => {
      expect(Money.of('0.10').plus(Money.of('0.20')).toString()).toBe('0.30');
      expect(Money.of('1.00').minus(Money.of('0.99')).toString()).toBe('0.01');
      expect(Money.of('0.05').minus(Money.of('0.10')).toString()).toBe('-0.05');
    });

    it('is immutable', () => {
      const principal = Money.of('100.00');
      principal.plus(Money.of('1.00'));
      principal.negated();
      expect(principal.toString()).toBe('100.00');
    });

    it('negates and takes the absolute value without producing "-0.00"', () => {
      expect(Money.of('12.34').negated().toString()).toBe('-12.34');
      expect(Money.of('-12.34').abs().toString()).toBe('12.34');
      expect(Money.zero().negated().toString()).toBe('0.00');
      expect(Money.of('0.05').minus(Money.of('0.05')).toString()).toBe('0.00');
    });

    it('throws rather than leave DECIMAL(30,2)', () => {
      expect(() => Money.of(MAX_TOTAL).plus(Money.of('0.01'))).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
      expect(() => Money.of(MAX_TOTAL).times('2')).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
    });

    it('holds sums far beyond a single amount: 10^18 maximal amounts fit', () => {
      const max = Money.of(MAX_AMOUNT);
      expect(max.plus(max).toString()).toBe('20000000000.00');
      expect(max.times('999999999999999999').toString()).toBe('9999999999999999990000000000.00');
      expect(max.isWithinSingleAmountBound()).toBe(true);
      expect(max.plus(Money.of('0.01')).isWithinSingleAmountBound()).toBe(false);
    });

    it('sums a list, with zero for an empty list', () => {
      expect(Money.sum([Money.of('0.10'), Money.of('0.20'), Money.of('-0.05')]).toString()).toBe('0.25');
      expect(Money.sum([]).toString()).toBe('0.00');
    });

    it('picks the minimum and maximum', () => {
      const amounts = [Money.of('5.00'), Money.of('-1.00'), Money.of('3.00')];
      expect(Money.min(amounts[0], ...amounts.slice(1)).toString()).toBe('-1.00');
      expect(Money.max(amounts[0], ...amounts.slice(1)).toString()).toBe('5.00');
      expect(Money.max(Money.of('7.00')).toString()).toBe('7.00');
    });

    it('compares by value', () => {
      const one = Money.of('1.00');
      const alsoOne = Money.of('1');
      const two = Money.of('2.00');
      expect(one.eq(alsoOne)).toBe(true);
      expect(two.gt(one)).toBe(true);
      expect(one.gte(alsoOne)).toBe(true);
      expect(one.lt(two)).toBe(true);
      expect(one.lte(alsoOne)).toBe(true);
      expect(one.gt(two)).toBe(false);
      expect(Money.zero().isZero()).toBe(true);
      expect(Money.of('-0.01').isNegative()).toBe(true);
      expect(Money.zero().isNegative()).toBe(false);
      expect(Money.zero().isPositive()).toBe(false);
      expect(Money.of('0.01').isPositive()).toBe(true);
    });
  });

  describe('applying a rate (rounded half-up to the fen)', () => {
    it.each([
      ['1.00', '0.125', '0.13'],
      ['3.00', '0.125', '0.38'],
      ['0.01', '0.125', '0.00'],
      ['0.04', '0.125', '0.01'],
      ['5.35', '0.5', '2.68'],
      ['1.01', '0.5', '0.51'],
      ['0.01', '0.5', '0.01'],
      ['-1.00', '0.125', '-0.13'],
      ['-0.01', '0.25', '0.00'],
      ['1000000.00', '0.25', '250000.00'],
      ['333333.33', '0.0435', '14500.00'],
      ['100.00', '1.5', '150.00'],
    ])('%s × %s = %s', (amount, rate, expected) => {
      expect(Money.of(amount).times(rate).toString()).toBe(expected);
    });

    it('accepts a Rate and a Decimal from any decimal.js constructor', () => {
      expect(
        Money.of('1000.00')
          .times(Rate.of('0.25').times(Rate.of('0.5')))
          .toString(),
      ).toBe('125.00');
      expect(Money.of('10.00').times(new Decimal('0.0675')).toString()).toBe('0.68');
    });

    it('rejects factors that are not plain decimals', () => {
      expect(() => Money.of('1.00').times('1e-2')).toThrow(expect.objectContaining({ code: 'INVALID_FACTOR' }));
      expect(() => Money.of('1.00').times('25%')).toThrow(expect.objectContaining({ code: 'INVALID_FACTOR' }));
      expect(() => Money.of('1.00').times(new Decimal(Number.NaN))).toThrow(expect.objectContaining({ code: 'INVALID_FACTOR' }));
    });
  });

  describe('serialising to the wire format', () => {
    it('always writes exactly two decimals', () => {
      expect(Money.of('1000000').toString()).toBe('1000000.00');
      expect(Money.of('-0.05').toString()).toBe('-0.05');
      expect(Money.of('999999999999999999').toString()).toBe('999999999999999999.00');
    });

    it('serialises to JSON as a string', () => {
      expect(JSON.stringify({ principal: Money.of('1.5') })).toBe('{"principal":"1.50"}');
    });

    it.each([['0.00'], ['-0.05'], ['1000000.00'], [MAX_AMOUNT], [MAX_TOTAL]])('recognises %s as a money string', (value) => {
      expect(Money.isMoneyString(value)).toBe(true);
    });

    it.each([['1'], ['1.0'], ['1.000'], ['1e2'], ['+1.00'], ['10000000000000000000000000000.00'], [' 1.00']])(
      'does not recognise %s as a money string',
      (value) => {
        expect(Money.isMoneyString(value)).toBe(false);
      },
    );

    it('does not recognise non-strings as money strings', () => {
      expect(Money.isMoneyString(1)).toBe(false);
    });
  });

  describe('properties', () => {
    const fen = fc.bigInt({ min: -MAX_FEN, max: MAX_FEN });
    const halfRangeFen = fc.bigInt({ min: -MAX_FEN / 2n, max: MAX_FEN / 2n });

    it('parses back what it writes', () => {
      fc.assert(
        fc.property(fen, (value) => {
          const money = Money.fromFen(value);
          const text = money.toString();
          expect(Money.isMoneyString(text)).toBe(true);
          expect(parsed(text, { allowNegative: true, bound: 'total' }).toFen()).toBe(value);
        }),
      );
    });

    it('undoes an addition with a subtraction', () => {
      fc.assert(
        fc.property(halfRangeFen, halfRangeFen, (a, b) => {
          const x = Money.fromFen(a);
          const y = Money.fromFen(b);
          expect(x.plus(y).minus(y).eq(x)).toBe(true);
          expect(x.minus(y).plus(y).eq(x)).toBe(true);
          expect(x.plus(y).toFen()).toBe(a + b);
        }),
      );
    });
  });
});
