import { Money } from '@ipledger/money';
import { rollupDeltas, type StatFact } from './rollup';
import { StatisticsChanges } from './statistics-changes';

const fact = (amount: string, overrides: Partial<StatFact> = {}): StatFact => ({
  category: 'licensing',
  on: '2025-03-15',
  amount: Money.of(amount),
  districtCode: '500112',
  ipTypes: ['invention-patent'],
  industry: 'C',
  ...overrides,
});

const byKey = (deltas: ReturnType<StatisticsChanges['rollupAdditions']>) =>
  Object.fromEntries(deltas.map((delta) => [`${delta.dimension}:${delta.value}`, `${delta.count} ${delta.amount.toString()}`]));

describe('StatisticsChanges: what a run of events adds, summed per row', () => {
  it('sums the facts that fall on the same rollup row and keeps the others apart', () => {
    const changes = new StatisticsChanges();
    changes.addRollups(rollupDeltas(fact('100.10')));
    changes.addRollups(rollupDeltas(fact('200.25', { districtCode: '500103' })));
    expect(byKey(changes.rollupAdditions())).toEqual({
      'total:all': '2 300.35',
      'district:500112': '1 100.10',
      'district:500103': '1 200.25',
      'ip-type:invention-patent': '2 300.35',
      'industry:C': '2 300.35',
    });
    expect(changes.rollupReductions()).toEqual([]);
  });

  it('nets a reversal against a recording of the same run, and leaves what shrinks to be taken from stored rows', () => {
    const changes = new StatisticsChanges();
    changes.addRollups(rollupDeltas(fact('100.00')));
    changes.addRollups(rollupDeltas(fact('100.00'), 'reverse'));
    changes.addRollups(rollupDeltas(fact('40.00', { districtCode: '500106' }), 'reverse'));
    expect(byKey(changes.rollupAdditions())).toEqual({ 'district:500112': '0 0.00' });
    expect(byKey(changes.rollupReductions())).toEqual({
      'total:all': '-1 -40.00',
      'district:500106': '-1 -40.00',
      'ip-type:invention-patent': '-1 -40.00',
      'industry:C': '-1 -40.00',
    });
  });

  it('counts each metric per year, with its amounts summed, in key order whatever the events’ order (the order rows are locked in)', () => {
    const changes = new StatisticsChanges();
    changes.addToCounter(2025, 'loans-disbursed', Money.of('1000000.00'));
    changes.addToCounter(2025, 'loans-disbursed', Money.of('0.01'));
    changes.addToCounter(2024, 'loans-disbursed', Money.of('5.00'));
    changes.addToCounter(2025, 'pledge-registrations');
    expect(changes.counters().map((row) => `${row.year} ${row.metric} ${row.count} ${row.amount.toString()}`)).toEqual([
      '2024 loans-disbursed 1 5.00',
      '2025 loans-disbursed 2 1000000.01',
      '2025 pledge-registrations 1 0.00',
    ]);
  });

  it('keeps a pledge’s first submission and shows it to later events of the run', () => {
    const changes = new StatisticsChanges();
    changes.rememberSubmission('pledge_1', '2025-01-02');
    changes.rememberSubmission('pledge_1', '2025-03-09');
    expect(changes.submissionOf('pledge_1')).toBe('2025-01-02');
    expect(changes.submissionOf('pledge_2')).toBeUndefined();
    expect(changes.submissions()).toEqual([{ pledgeId: 'pledge_1', submittedOn: '2025-01-02' }]);
  });

  it('counts registrations per year and day count', () => {
    const changes = new StatisticsChanges();
    changes.addDuration(2025, 4);
    changes.addDuration(2025, 4);
    changes.addDuration(2025, 10);
    expect(changes.durations()).toEqual([
      { year: 2025, days: 10, count: 1 }, // key order: "10" before "4"
      { year: 2025, days: 4, count: 2 },
    ]);
  });

  it('sets a budget’s appropriation by the last opening and adds what approvals used; a budget only used leaves the appropriation alone', () => {
    const changes = new StatisticsChanges();
    changes.openBudget('fund_a', 2025, Money.of('100.00'));
    changes.useBudget('fund_a', 2025, Money.of('30.00'));
    changes.openBudget('fund_a', 2025, Money.of('120.00'));
    changes.useBudget('fund_b', 2025, Money.of('0.00'));
    const budgets = changes.budgets().map((row) => [row.fundId, row.appropriated?.toString() ?? null, row.used?.toString() ?? null]);
    expect(budgets).toEqual([
      ['fund_a', '120.00', '30.00'],
      ['fund_b', null, '0.00'],
    ]);
  });
});
