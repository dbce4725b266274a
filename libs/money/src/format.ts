// Display strings in the units Chinese financial reports use (元, 万元, 亿元). For people only:
// never parse these back, use Money#toString for data.
import type { Money } from './money';
import { Dec } from './decimal';
import { MoneyError } from './errors';
import { roundHalfUp } from './rounding';

const WAN = 10_000;
const YI = 100_000_000;
// 亿元 with 10 decimals is still exact to the fen; more would only print noise zeros.
const MAX_DISPLAY_DECIMALS = 10;

/** "1,234,567.89 元" */
export function formatYuan(money: Money): string {
  return `${groupThousands(money.toString())} 元`;
}

/** Amount in units of 10,000 yuan, rounded half-up: 1,234,567.89 → "123.46 万元". */
export function formatWanYuan(money: Money, decimals = 2): string {
  return `${inUnit(money, WAN, decimals)} 万元`;
}

/** Amount in units of 100,000,000 yuan, rounded half-up: 10,000,000,000.00 → "100.00 亿元". */
export function formatYiYuan(money: Money, decimals = 2): string {
  return `${inUnit(money, YI, decimals)} 亿元`;
}

function inUnit(money: Money, unit: number, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DISPLAY_DECIMALS) {
    throw new MoneyError('INVALID_DECIMALS', `decimals must be an integer from 0 to ${MAX_DISPLAY_DECIMALS}, got ${decimals}`);
  }
  const scaled = new Dec(money.toString()).dividedBy(unit);
  return groupThousands(roundHalfUp(scaled, decimals).toFixed(decimals));
}

function groupThousands(plain: string): string {
  const [integer, fraction] = plain.split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
