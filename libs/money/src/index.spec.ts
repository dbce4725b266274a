import { allocate, formatWanYuan, MAX_AMOUNT, MAX_TOTAL, Money, Rate } from './index';

describe('the money library public API', () => {
  it('splits a risk-compensation payout between bank, guarantor and government', () => {
    const loss = Money.of('1000000.01');
    const [bank, guarantor, government] = allocate(loss, [Rate.of('0.2'), Rate.of('0.3'), Rate.of('0.5')]);
    expect([bank, guarantor, government].map(String)).toEqual(['200000.00', '300000.00', '500000.01']);
    expect(formatWanYuan(government)).toBe('50.00 万元');
    expect(MAX_AMOUNT).toBe('10000000000.00');
    expect(MAX_TOTAL).toBe('9999999999999999999999999999.99');
  });
});
