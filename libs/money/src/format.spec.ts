import { formatWanYuan, formatYiYuan, formatYuan } from './format';
import { MAX_AMOUNT, MAX_TOTAL } from './limits';
import { Money } from './money';

describe('formatting amounts in Chinese units', () => {
  describe('元', () => {
    it.each([
      ['1234567.89', '1,234,567.89 元'],
      ['0', '0.00 元'],
      ['999.99', '999.99 元'],
      ['1000', '1,000.00 元'],
      ['-1234.5', '-1,234.50 元'],
      [MAX_AMOUNT, '10,000,000,000.00 元'],
      [MAX_TOTAL, '9,999,999,999,999,999,999,999,999,999.99 元'],
    ])('%s → %s', (amount, expected) => {
      expect(formatYuan(Money.of(amount))).toBe(expected);
    });
  });

  describe('万元', () => {
    it.each([
      ['1234567.89', 2, '123.46 万元'],
      ['1234500.00', 2, '123.45 万元'],
      ['50.00', 2, '0.01 万元'],
      ['49.99', 2, '0.00 万元'],
      ['12345678900.00', 2, '1,234,567.89 万元'],
      ['1234567.89', 0, '123 万元'],
      ['1234567.89', 6, '123.456789 万元'],
      ['-50.00', 2, '-0.01 万元'],
      ['-49.99', 2, '0.00 万元'],
    ])('%s with %i decimals → %s', (amount, decimals, expected) => {
      expect(formatWanYuan(Money.of(amount), decimals)).toBe(expected);
    });

    it('shows two decimals by default', () => {
      expect(formatWanYuan(Money.of('10000'))).toBe('1.00 万元');
    });
  });

  describe('亿元', () => {
    it.each([
      ['10000000000.00', 2, '100.00 亿元'],
      ['123456789012.34', 2, '1,234.57 亿元'],
      ['500000.00', 2, '0.01 亿元'],
      ['499999.99', 2, '0.00 亿元'],
      ['0.01', 10, '0.0000000001 亿元'],
      [MAX_AMOUNT, 2, '100.00 亿元'],
      [MAX_TOTAL, 2, '100,000,000,000,000,000,000.00 亿元'],
    ])('%s with %i decimals → %s', (amount, decimals, expected) => {
      expect(formatYiYuan(Money.of(amount), decimals)).toBe(expected);
    });
  });

  it.each([[-1], [1.5], [11], [Number.NaN]])('rejects %p decimals', (decimals) => {
    expect(() => formatWanYuan(Money.of('1.00'), decimals)).toThrow(expect.objectContaining({ code: 'INVALID_DECIMALS' }));
  });
});
