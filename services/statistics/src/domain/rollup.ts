// Incremental rollups: every recorded fact adds to (or, when reversed, subtracts from) a handful of
// counters keyed by year, month, category and one dimension value. Annual figures then read a few
// dozen rows, never the raw records. The counters are exact: amounts in fen-exact Money.
//
// A deal or loan with several IP items counts once, under its first (primary) IP type, so a
// breakdown by IP type still sums to the category total.
import { Money } from '@ipledger/money';
import { UNCLASSIFIED_INDUSTRY, UNKNOWN_VALUE, type DealCategory, type Dimension } from './categories';

export interface StatFact {
  readonly category: DealCategory;
  /** Contract date of a deal; disbursement date of a pledge loan. YYYY-MM-DD. */
  readonly on: string;
  readonly amount: Money;
  readonly districtCode: string;
  readonly ipTypes: readonly string[];
  readonly industry?: string;
  /** The lending bank, for pledge financing. */
  readonly bankOrgId?: string;
}

export interface RollupDelta {
  readonly year: number;
  readonly month: number;
  readonly category: DealCategory;
  readonly dimension: Dimension;
  readonly value: string;
  /** Recordings added (+1 each; a reversal −1); summed over a batch (StatisticsChanges). */
  readonly count: number;
  readonly amount: Money;
}

export type Direction = 'record' | 'reverse';

export function rollupDeltas(fact: StatFact, direction: Direction = 'record'): RollupDelta[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(fact.on)) throw new RangeError(`a fact's date must be YYYY-MM-DD, got ${fact.on}`);
  if (fact.amount.isNegative()) throw new RangeError(`a fact's amount cannot be negative: ${fact.amount.toString()}`);
  const year = Number(fact.on.slice(0, 4));
  const month = Number(fact.on.slice(5, 7));
  const sign = direction === 'record' ? 1 : -1;
  const amount = sign === 1 ? fact.amount : fact.amount.negated();
  const values: [Dimension, string][] = [
    ['total', 'all'],
    ['district', fact.districtCode],
    ['ip-type', fact.ipTypes[0] ?? UNKNOWN_VALUE],
    ['industry', fact.industry ?? UNCLASSIFIED_INDUSTRY],
  ];
  if (fact.bankOrgId !== undefined) values.push(['bank', fact.bankOrgId]);
  return values.map(([dimension, value]) => ({ year, month, category: fact.category, dimension, value, count: sign, amount }));
}
