import { Money } from '@ipledger/money';
import { SUBSIDY_KIND_LABELS, valueLabel } from './labels';
import { StatisticsChanges } from './statistics-changes';
import { subsidyDeltas, subsidyReport, type SubsidyFact } from './subsidies';

const fact = (amount: string, overrides: Partial<SubsidyFact> = {}): SubsidyFact => ({
  measure: 'approved',
  kind: 'interest',
  on: '2025-04-10',
  amount: Money.of(amount),
  bankOrgId: 'bank-cq-a',
  districtCode: '500112',
  industry: 'C',
  ...overrides,
});

/** Sums facts as a run of events does, into the rows the repository would store. */
const rowsOf = (...facts: SubsidyFact[]) => {
  const changes = new StatisticsChanges();
  for (const each of facts) changes.addSubsidies(subsidyDeltas(each));
  return changes.subsidies();
};

const figures = (row: { count: number; amount: Money }) => `${row.count} ${row.amount.toString()}`;

describe('subsidy rollups', () => {
  it('add the kind’s total and one row each for district, bank and industry, in the year of the fact', () => {
    expect(
      subsidyDeltas(fact('45000.00')).map((delta) => [
        delta.year,
        delta.measure,
        delta.kind,
        delta.dimension,
        delta.value,
        delta.count,
        delta.amount.toString(),
      ]),
    ).toEqual([
      [2025, 'approved', 'interest', 'total', 'all', 1, '45000.00'],
      [2025, 'approved', 'interest', 'district', '500112', 1, '45000.00'],
      [2025, 'approved', 'interest', 'bank', 'bank-cq-a', 1, '45000.00'],
      [2025, 'approved', 'interest', 'industry', 'C', 1, '45000.00'],
    ]);
  });

  it('count an application that states no industry as 未分类, and an approval of 0.00 as one approval with no amount', () => {
    const deltas = subsidyDeltas(fact('0.00', { industry: null, kind: 'guarantee-fee' }));
    expect(deltas.find((delta) => delta.dimension === 'industry')).toMatchObject({ value: 'unclassified', count: 1 });
    expect(deltas.every((delta) => delta.amount.isZero())).toBe(true);
    expect(valueLabel('industry', 'unclassified')).toBe('未分类');
    expect(valueLabel('district', 'unknown')).toBe('不详');
    expect(valueLabel('industry', 'unknown')).toBe('不详');
  });

  it('refuse a negative amount and a malformed date', () => {
    expect(() => subsidyDeltas(fact('-0.01'))).toThrow(RangeError);
    expect(() => subsidyDeltas(fact('1.00', { on: '2025-4-10' }))).toThrow(RangeError);
  });

  it('are summed per row over a run, exact to the fen, in key order', () => {
    const rows = rowsOf(fact('0.10'), fact('0.20'), fact('100.00', { districtCode: '500103' }));
    expect(rows.filter((row) => row.dimension === 'total').map((row) => [row.value, row.count, row.amount.toString()])).toEqual([
      ['all', 3, '100.30'],
    ]);
    expect(rows.filter((row) => row.dimension === 'district').map((row) => [row.value, row.count, row.amount.toString()])).toEqual([
      ['500103', 1, '100.00'],
      ['500112', 2, '0.30'],
    ]);
  });
});

describe('the subsidy report of a year', () => {
  const rows = rowsOf(
    fact('45000.00'),
    fact('30000.01', { kind: 'evaluation-fee', districtCode: '500103', bankOrgId: 'bank-cq-b', industry: 'I' }),
    fact('12000.00', { kind: 'insurance-premium', industry: null }),
    fact('45000.00', { measure: 'paid', on: '2025-04-20' }),
    // Paid in 2025 without its approval: district and industry unknown.
    fact('5000.00', { measure: 'paid', kind: 'guarantee-fee', on: '2025-05-01', districtCode: 'unknown', industry: 'unknown' }),
    // Another year: not this report's.
    fact('99999.00', { on: '2024-12-30' }),
    fact('30000.01', { measure: 'paid', kind: 'evaluation-fee', on: '2026-01-05', districtCode: '500103', bankOrgId: 'bank-cq-b' }),
  );
  const report = subsidyReport(2025, rows);

  it('gives all kinds together and every kind, with zeros', () => {
    expect(figures(report.approved)).toBe('3 87000.01');
    expect(figures(report.paid)).toBe('2 50000.00');
    expect(report.byKind.map((row) => [row.key, SUBSIDY_KIND_LABELS[row.key], figures(row.approved), figures(row.paid)])).toEqual([
      ['interest', '贴息', '1 45000.00', '1 45000.00'],
      ['evaluation-fee', '评估费补贴', '1 30000.01', '0 0.00'],
      ['guarantee-fee', '担保费补贴', '0 0.00', '1 5000.00'],
      ['insurance-premium', '保险费补贴', '1 12000.00', '0 0.00'],
    ]);
  });

  it('breaks the year down by district, bank and industry, largest approved first, each summing to the year’s figures', () => {
    const table = (rowsOfDimension: typeof report.byDistrict) =>
      rowsOfDimension.map((row) => [row.key, figures(row.approved), figures(row.paid)]);
    expect(table(report.byDistrict)).toEqual([
      ['500112', '2 57000.00', '1 45000.00'],
      ['500103', '1 30000.01', '0 0.00'],
      ['unknown', '0 0.00', '1 5000.00'],
    ]);
    expect(table(report.byBank)).toEqual([
      ['bank-cq-a', '2 57000.00', '2 50000.00'],
      ['bank-cq-b', '1 30000.01', '0 0.00'],
    ]);
    expect(table(report.byIndustry)).toEqual([
      ['C', '1 45000.00', '1 45000.00'],
      ['I', '1 30000.01', '0 0.00'],
      ['unclassified', '1 12000.00', '0 0.00'],
      ['unknown', '0 0.00', '1 5000.00'],
    ]);
    for (const breakdown of [report.byDistrict, report.byBank, report.byIndustry]) {
      expect(Money.sum(breakdown.map((row) => row.approved.amount)).toString()).toBe(report.approved.amount.toString());
      expect(Money.sum(breakdown.map((row) => row.paid.amount)).toString()).toBe(report.paid.amount.toString());
    }
  });

  it('is all zeros for a year without subsidies', () => {
    const empty = subsidyReport(2023, rows);
    expect([figures(empty.approved), figures(empty.paid)]).toEqual(['0 0.00', '0 0.00']);
    expect(empty.byKind).toHaveLength(4);
    expect([empty.byDistrict, empty.byBank, empty.byIndustry]).toEqual([[], [], []]);
  });
});

describe('StatisticsChanges: subsidy approvals', () => {
  it('keeps an application’s first approval and shows it to later payouts of the run', () => {
    const changes = new StatisticsChanges();
    changes.rememberSubsidyApproval({ applicationId: 'sap_2', districtCode: '500112', industry: null, approvedOn: '2025-04-10' });
    changes.rememberSubsidyApproval({ applicationId: 'sap_1', districtCode: '500103', industry: 'C', approvedOn: '2025-04-11' });
    changes.rememberSubsidyApproval({ applicationId: 'sap_2', districtCode: '500106', industry: 'I', approvedOn: '2025-04-12' });
    expect(changes.subsidyApprovalOf('sap_2')).toMatchObject({ districtCode: '500112', industry: null });
    expect(changes.subsidyApprovalOf('sap_3')).toBeUndefined();
    expect(changes.subsidyApprovals().map((row) => row.applicationId)).toEqual(['sap_1', 'sap_2']);
  });
});
