// The wire format for amounts: always exactly two decimals, which is what Money#toString emits
// and what fits DECIMAL(20,2).
const MONEY_STRING = /^-?\d{1,18}\.\d{2}$/;

export function isMoneyString(value: unknown): value is string {
  return typeof value === 'string' && MONEY_STRING.test(value);
}
