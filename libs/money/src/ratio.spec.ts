import { Money } from './money';
import { percentOf, scaleBy } from './ratio';

describe('ratios between amounts', () => {
  it('gives a share in percent, rounded half-up once', () => {
    expect(percentOf(Money.of('1.00'), Money.of('8.00'))).toBe('12.50');
    expect(percentOf(Money.of('2.00'), Money.of('3.00'))).toBe('66.67');
    expect(percentOf(Money.of('1.00'), Money.of('200000.00'), 4)).toBe('0.0005');
    expect(percentOf(Money.of('5.00'), Money.zero())).toBe('0.00');
    expect(percentOf(Money.of('10000000000.00'), Money.of('10000000000.00'))).toBe('100.00');
  });

  it('scales an amount by a ratio of two others, to the fen', () => {
    expect(scaleBy(Money.of('100.00'), Money.of('1.00'), Money.of('3.00')).toString()).toBe('33.33');
    expect(scaleBy(Money.of('200.00'), Money.of('1.00'), Money.of('3.00')).toString()).toBe('66.67');
    expect(() => scaleBy(Money.of('1.00'), Money.of('1.00'), Money.zero())).toThrow(/zero denominator/);
  });
});
