// Two bounds, one for each kind of amount (docs/ARCHITECTURE.md, "Money: bounds"):
//
// - MAX_AMOUNT, one amount from outside (a loan's principal, a repayment, a valuation, a deal, a
//   policy's budget or cap, a disposal's proceeds): 100亿元, the city's whole yearly target. The
//   largest single IP-pledge loans and IP deals in China are a few 亿元, so this refuses only
//   mistakes and abuse. Every HTTP body and every event carrying such an amount is checked
//   against it (@ipledger/contracts' MoneyString has the same figure).
// - MAX_TOTAL, the range of every Money and of every column that keeps a sum (ledger totals,
//   fund budgets, statistics rollups and counters: DECIMAL(30,2)). 10^28 yuan is 10^18 maximal
//   amounts: at a million maximal amounts a second it takes 31,000 years to fill one sum. So no
//   stored sum can overflow, and every stored value, single or sum, can be read back as Money.
import { Dec } from './decimal';

/** The largest single amount a client or an event may state: 10,000,000,000.00 (100亿元). */
export const MAX_AMOUNT = '10000000000.00';

/** The largest amount Money holds and any total column stores: DECIMAL(30,2), 28 integer digits. */
export const MAX_TOTAL = '9999999999999999999999999999.99';

/** Integer digits of MAX_TOTAL: the wire format's limit. */
export const MAX_TOTAL_INTEGER_DIGITS = 28;

export type AmountBound = 'amount' | 'total';

const bounds: Record<AmountBound, Dec> = { amount: new Dec(MAX_AMOUNT), total: new Dec(MAX_TOTAL) };

export function boundOf(bound: AmountBound): string {
  return bound === 'amount' ? MAX_AMOUNT : MAX_TOTAL;
}

export function fitsBound(value: Dec, bound: AmountBound): boolean {
  return value.abs().lte(bounds[bound]);
}
