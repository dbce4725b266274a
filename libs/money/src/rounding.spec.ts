import Decimal from 'decimal.js';
import { roundHalfUp, roundToFen } from './rounding';

describe('rounding to the fen (half-up, 四舍五入)', () => {
  it.each([
    ['0.005', '0.01'],
    ['0.004999', '0.00'],
    ['2.675', '2.68'],
    ['1.005', '1.01'],
    ['0.125', '0.13'],
    ['0.135', '0.14'],
    ['-2.675', '-2.68'],
    ['-0.005', '-0.01'],
    ['999999999999999999.994', '999999999999999999.99'],
  ])('rounds %s to %s', (value, expected) => {
    expect(roundToFen(new Decimal(value)).toFixed(2)).toBe(expected);
  });

  it('never produces a negative zero', () => {
    const rounded = roundToFen(new Decimal('-0.004'));
    expect(rounded.isNegative()).toBe(false);
    expect(rounded.toFixed(2)).toBe('0.00');
  });

  it('is not affected by the global Decimal configuration', () => {
    const previous = { rounding: Decimal.rounding, precision: Decimal.precision };
    Decimal.set({ rounding: Decimal.ROUND_DOWN, precision: 5 });
    try {
      expect(roundToFen(new Decimal('123456.785')).toFixed(2)).toBe('123456.79');
    } finally {
      Decimal.set(previous);
    }
  });

  it.each([
    ['123.456', 0, '123'],
    ['123.5', 0, '124'],
    ['0.00005', 4, '0.0001'],
    ['123.456785', 5, '123.45679'],
  ])('rounds %s to %i decimals as %s', (value, decimals, expected) => {
    expect(roundHalfUp(new Decimal(value), decimals).toFixed(decimals)).toBe(expected);
  });
});
