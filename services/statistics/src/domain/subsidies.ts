// Subsidies (扶持资金: 贴息、评估费/担保费/保险费补贴) in the statistics: what the bureau approved
// (SubsidyApproved) and what the schemes paid to borrowers (SubsidyPaid), counted in the year of the
// approval or of the payout (a payout in January of an approval of December counts as paid in the
// new year, as compensation paid does), per kind and one dimension: district, bank, industry.
// Every fact adds to a 'total' row of its kind and one row per dimension, so each breakdown sums to
// the kind's total. Amounts are fen-exact Money.
//
// A payout carries its kind and bank but not the borrower's district and industry: those are the
// approval's (stored per application, subsidy_approvals). A payout whose approval the statistics
// never received counts under 不详 (UNKNOWN_VALUE) there. An approval that states no industry
// counts under 未分类 (UNCLASSIFIED_INDUSTRY), as a loan does. An approval of 0.00 (the budget or a
// cap left nothing) counts as an approval with no amount.
import { SUBSIDY_KINDS } from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { UNCLASSIFIED_INDUSTRY } from './categories';
import type { SubsidyKind } from './labels';

export const SUBSIDY_MEASURES = ['approved', 'paid'] as const;
export type SubsidyMeasure = (typeof SUBSIDY_MEASURES)[number];
/** 'total' is the kind's own row; the others split it. */
export const SUBSIDY_DIMENSIONS = ['total', 'district', 'bank', 'industry'] as const;
export type SubsidyDimension = (typeof SUBSIDY_DIMENSIONS)[number];

export interface SubsidyFact {
  readonly measure: SubsidyMeasure;
  readonly kind: SubsidyKind;
  /** The approval date or the payout date, YYYY-MM-DD: the fact counts in its year. */
  readonly on: string;
  readonly amount: Money;
  readonly bankOrgId: string;
  readonly districtCode: string;
  /** GB/T 4754-2017 section letter; null when the application stated none. */
  readonly industry: string | null;
}

export interface SubsidyDelta {
  readonly year: number;
  readonly measure: SubsidyMeasure;
  readonly kind: SubsidyKind;
  readonly dimension: SubsidyDimension;
  readonly value: string;
  /** Facts added (+1 each), summed over a batch (StatisticsChanges). */
  readonly count: number;
  readonly amount: Money;
}

/** What one approval or payout adds: its kind's total and one row per dimension. */
export function subsidyDeltas(fact: SubsidyFact): SubsidyDelta[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(fact.on)) throw new RangeError(`a subsidy's date must be YYYY-MM-DD, got ${fact.on}`);
  if (fact.amount.isNegative()) throw new RangeError(`a subsidy's amount cannot be negative: ${fact.amount.toString()}`);
  const year = Number(fact.on.slice(0, 4));
  const values: [SubsidyDimension, string][] = [
    ['total', 'all'],
    ['district', fact.districtCode],
    ['bank', fact.bankOrgId],
    ['industry', fact.industry ?? UNCLASSIFIED_INDUSTRY],
  ];
  return values.map(([dimension, value]) => ({
    year,
    measure: fact.measure,
    kind: fact.kind,
    dimension,
    value,
    count: 1,
    amount: fact.amount,
  }));
}

/** A stored subsidy rollup row of one year. */
export type SubsidyRollupRow = SubsidyDelta;

export interface SubsidyFigures {
  readonly count: number;
  readonly amount: Money;
}

export interface SubsidyRow {
  readonly key: string;
  readonly approved: SubsidyFigures;
  readonly paid: SubsidyFigures;
}

export interface SubsidyReport {
  readonly year: number;
  /** All kinds together. */
  readonly approved: SubsidyFigures;
  readonly paid: SubsidyFigures;
  /** Every kind, in SUBSIDY_KINDS order, with zeros. */
  readonly byKind: readonly (SubsidyRow & { readonly key: SubsidyKind })[];
  /** Only values with something approved or paid; largest approved amount first, then paid, then key. */
  readonly byDistrict: readonly SubsidyRow[];
  readonly byBank: readonly SubsidyRow[];
  readonly byIndustry: readonly SubsidyRow[];
}

const NONE: SubsidyFigures = { count: 0, amount: Money.zero() };

/** A year's subsidy figures from its rollup rows (rows of other years are ignored). */
export function subsidyReport(year: number, rows: readonly SubsidyRollupRow[]): SubsidyReport {
  const mine = rows.filter((row) => row.year === year);
  const sum = (dimension: SubsidyDimension, measure: SubsidyMeasure, match: (row: SubsidyRollupRow) => boolean = () => true) =>
    add(mine.filter((row) => row.dimension === dimension && row.measure === measure && match(row)));
  const byKind = SUBSIDY_KINDS.map((kind) => ({
    key: kind,
    approved: sum('total', 'approved', (row) => row.kind === kind),
    paid: sum('total', 'paid', (row) => row.kind === kind),
  }));
  return {
    year,
    approved: sum('total', 'approved'),
    paid: sum('total', 'paid'),
    byKind,
    byDistrict: breakdown(mine, 'district'),
    byBank: breakdown(mine, 'bank'),
    byIndustry: breakdown(mine, 'industry'),
  };
}

function breakdown(rows: readonly SubsidyRollupRow[], dimension: Exclude<SubsidyDimension, 'total'>): SubsidyRow[] {
  const byValue = new Map<string, { approved: SubsidyRollupRow[]; paid: SubsidyRollupRow[] }>();
  for (const row of rows) {
    if (row.dimension !== dimension) continue;
    const entry = byValue.get(row.value) ?? { approved: [], paid: [] };
    entry[row.measure].push(row);
    byValue.set(row.value, entry);
  }
  return [...byValue.entries()]
    .map(([key, entry]) => ({ key, approved: add(entry.approved), paid: add(entry.paid) }))
    .filter((row) => row.approved.count !== 0 || row.paid.count !== 0 || !row.approved.amount.isZero() || !row.paid.amount.isZero())
    .sort(largestFirst);
}

function add(rows: readonly SubsidyRollupRow[]): SubsidyFigures {
  if (rows.length === 0) return NONE;
  return { count: rows.reduce((sum, row) => sum + row.count, 0), amount: Money.sum(rows.map((row) => row.amount)) };
}

function largestFirst(a: SubsidyRow, b: SubsidyRow): number {
  if (!a.approved.amount.eq(b.approved.amount)) return b.approved.amount.gt(a.approved.amount) ? 1 : -1;
  if (!a.paid.amount.eq(b.paid.amount)) return b.paid.amount.gt(a.paid.amount) ? 1 : -1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
