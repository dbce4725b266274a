// The wire format for amounts: always exactly two decimals, which is what Money#toString emits,
// and at most MAX_TOTAL's 28 integer digits, which fits DECIMAL(30,2).
const MONEY_STRING = /^-?\d{1,28}\.\d{2}$/;

export function isMoneyString(value: unknown): value is string {
  return typeof value === 'string' && MONEY_STRING.test(value);
}
