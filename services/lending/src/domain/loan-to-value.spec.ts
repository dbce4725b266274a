import { IP_TYPES } from '@ipledger/contracts';
import { Money, Rate } from '@ipledger/money';
import { LOAN_TO_VALUE_LIMITS, loanToValueLimitFor, maxPrincipal } from './loan-to-value';

describe('the loan-to-value limit (质押率)', () => {
  it('is 25 % for invention patents, 15 % for utility models and 50 % for trademarks', () => {
    expect(loanToValueLimitFor(['invention-patent']).rate.toString()).toBe('0.25');
    expect(loanToValueLimitFor(['utility-model']).rate.toString()).toBe('0.15');
    expect(loanToValueLimitFor(['trademark']).rate.toString()).toBe('0.5');
  });

  it('is conservative for the types without a published figure', () => {
    expect(loanToValueLimitFor(['design-patent']).rate.toString()).toBe('0.15');
    expect(loanToValueLimitFor(['copyright']).rate.toString()).toBe('0.3');
    expect(loanToValueLimitFor(['software-copyright']).rate.toString()).toBe('0.3');
  });

  it('has a limit for every IP type, each a valid rate at most 60 %', () => {
    for (const ipType of IP_TYPES) {
      const rate = Rate.of(LOAN_TO_VALUE_LIMITS[ipType].rate);
      expect(rate.gt(Rate.of('0.6'))).toBe(false);
      expect(rate.isZero()).toBe(false);
    }
  });

  it('takes the lowest limit among the items of a mixed pledge', () => {
    const limit = loanToValueLimitFor(['trademark', 'invention-patent', 'utility-model', 'invention-patent']);
    expect(limit.rate.toString()).toBe('0.15');
    expect(limit.ipType).toBe('utility-model');
  });

  it('names the first type with the lowest limit when two tie', () => {
    expect(loanToValueLimitFor(['trademark', 'design-patent', 'utility-model']).ipType).toBe('design-patent');
  });

  it('refuses an empty list of types', () => {
    expect(() => loanToValueLimitFor([])).toThrow('at least one IP type');
  });
});

describe('the largest principal a pledge allows', () => {
  it('is the appraised value times the limit', () => {
    expect(maxPrincipal(Money.of('8000000.00'), Rate.of('0.25')).toString()).toBe('2000000.00');
  });

  it('rounds half-up to the fen', () => {
    // 1234567.89 × 0.15 = 185185.1835 → 185185.18; 0.30 × 0.05 = 0.015 → 0.02
    expect(maxPrincipal(Money.of('1234567.89'), Rate.of('0.15')).toString()).toBe('185185.18');
    expect(maxPrincipal(Money.of('0.05'), Rate.of('0.3')).toString()).toBe('0.02');
    expect(maxPrincipal(Money.of('333.33'), Rate.of('0.25')).toString()).toBe('83.33');
    expect(maxPrincipal(Money.of('333.34'), Rate.of('0.25')).toString()).toBe('83.34');
    expect(maxPrincipal(Money.of('100.02'), Rate.of('0.25')).toString()).toBe('25.01'); // 25.005 → 25.01
  });
});
