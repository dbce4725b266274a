// The bounds on amounts are stated twice, once for the wire (contracts, which import nothing of
// ours) and once for arithmetic (money): they must be the same figures. And a 400 for an amount
// above the bound names the field, the rule's stable code and the words a clerk reads.
import { z } from 'zod';
import { AMOUNT_ABOVE_MAXIMUM, AMOUNT_BOUNDS, MoneyString, PositiveMoneyString, TotalMoneyString } from '@ipledger/contracts';
import { MAX_AMOUNT, MAX_TOTAL, MAX_TOTAL_INTEGER_DIGITS, Money } from '@ipledger/money';
import { zodIssuesToFieldIssues } from './field-issues';

describe('the bounds on amounts', () => {
  it('are the same in the wire schemas and in the money library', () => {
    expect(AMOUNT_BOUNDS.maxAmount).toBe(MAX_AMOUNT);
    expect(AMOUNT_BOUNDS.maxTotal).toBe(MAX_TOTAL);
    expect(MAX_TOTAL.split('.')[0]).toHaveLength(MAX_TOTAL_INTEGER_DIGITS);
  });

  it('agree at the edges: the schema accepts exactly what Money.parse accepts as a single amount', () => {
    for (const value of [
      '0.00',
      '9999999999.99',
      MAX_AMOUNT,
      '010000000000.00',
      '10000000000.01',
      '99999999999.99',
      '999999999999999999.99',
    ]) {
      expect([value, MoneyString.safeParse(value).success]).toEqual([value, Money.parse(value).ok]);
    }
    expect(TotalMoneyString.safeParse(MAX_TOTAL).success).toBe(true);
    expect(TotalMoneyString.safeParse(`1${MAX_TOTAL}`).success).toBe(false);
  });

  it('answer an amount above the bound with the field, the stable code and a Chinese rule', () => {
    const body = z.strictObject({ principal: PositiveMoneyString });
    const result = body.safeParse({ principal: '10000000000.01' });

    expect(result.success).toBe(false);
    expect(zodIssuesToFieldIssues(result.error as z.ZodError)).toEqual([
      { field: 'principal', rule: '单笔金额不得超过 10,000,000,000.00 元（100亿元）', code: AMOUNT_ABOVE_MAXIMUM },
    ]);
  });
});
