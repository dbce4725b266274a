// Amounts are stored as DECIMAL(20,2): 18 integer digits and 2 decimals. A Money outside this
// range could not be persisted, so no Money is ever allowed to exceed it.
import { Dec } from './decimal';

export const MAX_AMOUNT = '999999999999999999.99';

const maxAmount = new Dec(MAX_AMOUNT);

export function fitsMaxAmount(value: Dec): boolean {
  return value.abs().lte(maxAmount);
}
