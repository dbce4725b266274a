import { Money } from '@ipledger/money';
import { annualReport } from './annual-report';
import { daysBetween, percentile } from './durations';
import { projectYearEnd } from './projection';
import { rollupDeltas } from './rollup';
import { earlyWarnings } from './warnings';

const yuan = (amount: string) => Money.of(amount);
const months = (...amounts: string[]) => [...amounts, ...Array(12 - amounts.length).fill('0.00')].map(yuan);

describe('rollups', () => {
  const loan = {
    category: 'pledge-financing' as const,
    on: '2025-03-10',
    amount: yuan('3000000.00'),
    districtCode: '500112',
    ipTypes: ['invention-patent', 'trademark'],
    bankOrgId: 'bank-cq-rural',
  };

  it('adds one counter per dimension, the bank only for pledge financing, under the primary IP type', () => {
    expect(
      rollupDeltas(loan).map((delta) => [delta.dimension, delta.value, delta.year, delta.month, delta.count, delta.amount.toString()]),
    ).toEqual([
      ['total', 'all', 2025, 3, 1, '3000000.00'],
      ['district', '500112', 2025, 3, 1, '3000000.00'],
      ['ip-type', 'invention-patent', 2025, 3, 1, '3000000.00'],
      ['industry', 'unclassified', 2025, 3, 1, '3000000.00'],
      ['bank', 'bank-cq-rural', 2025, 3, 1, '3000000.00'],
    ]);
  });

  it('takes back exactly what a reversal of the same fact added', () => {
    const recorded = rollupDeltas(loan);
    const reversed = rollupDeltas(loan, 'reverse');

    recorded.forEach((delta, index) => {
      expect(delta.count + reversed[index].count).toBe(0);
      expect(delta.amount.plus(reversed[index].amount).toString()).toBe('0.00');
    });
  });
});

describe('the annual report', () => {
  const yardsticks = { target: yuan('10000000000.00'), baseYear: 2015, baseYearAmount: yuan('2500000000.00') };

  it('sums the four categories and measures them against the target and the doubling goal', () => {
    const sut = annualReport(
      2025,
      [
        { category: 'licensing', count: 10, amount: yuan('1500000000.00') },
        { category: 'pledge-financing', count: 400, amount: yuan('2000000000.01') },
      ],
      [{ category: 'licensing', count: 8, amount: yuan('1200000000.00') }],
      yardsticks,
    );

    expect(sut.total.toString()).toBe('3500000000.01');
    expect(sut.count).toBe(410);
    expect(sut.targetProgressPercent).toBe('35.00');
    expect(sut.doublingGoal.toString()).toBe('5000000000.00');
    expect(sut.doublingProgressPercent).toBe('70.00');
    expect(sut.categories.map((entry) => [entry.category, entry.amount.toString(), entry.growthPercent])).toEqual([
      ['licensing', '1500000000.00', '25.00'],
      ['transfer', '0.00', null],
      ['capital-contribution', '0.00', null],
      ['pledge-financing', '2000000000.01', null],
    ]);
    expect(sut.growthPercent).toBe('191.67');
  });
});

describe('days from application to registration', () => {
  it('gives the exact median and 90th percentile by nearest rank', () => {
    const histogram = new Map([
      [3, 4],
      [5, 3],
      [9, 2],
      [30, 1],
    ]);

    expect(percentile(histogram, 50)).toBe(5);
    expect(percentile(histogram, 90)).toBe(9);
    expect(percentile(histogram, 100)).toBe(30);
    expect(percentile(new Map(), 50)).toBeNull();
    expect(daysBetween('2025-03-01', '2025-03-06')).toBe(5);
  });
});

describe('projecting the year end', () => {
  it('divides the year to date by the share previous years had reached by the same month', () => {
    // previous years reached 40 % of their totals by the end of June
    const history = [
      {
        year: 2023,
        months: months(
          '100.00',
          '100.00',
          '100.00',
          '100.00',
          '100.00',
          '100.00',
          '150.00',
          '150.00',
          '150.00',
          '150.00',
          '150.00',
          '150.00',
        ),
      },
      {
        year: 2024,
        months: months(
          '200.00',
          '200.00',
          '200.00',
          '200.00',
          '200.00',
          '200.00',
          '300.00',
          '300.00',
          '300.00',
          '300.00',
          '300.00',
          '300.00',
        ),
      },
    ];
    const sut = projectYearEnd({ year: 2025, months: months('50.00', '50.00', '50.00', '50.00', '50.00', '50.00') }, 6, history);

    expect(sut).toMatchObject({ method: 'same-month-share', historicalSharePercent: '40.00', yearsUsed: [2024, 2023] });
    expect(sut.yearToDate.toString()).toBe('300.00');
    expect(sut.projected.toString()).toBe('750.00');
  });

  it('falls back to a straight line without history', () => {
    const sut = projectYearEnd({ year: 2025, months: months('100.00', '100.00', '100.01') }, 3, []);

    expect(sut).toMatchObject({ method: 'linear', historicalSharePercent: null });
    expect(sut.projected.toString()).toBe('1200.04'); // 300.01 × 12 / 3
  });

  it('does not scale by a history that had reached under 1 % by the same month: one fen in January, 100亿元 in December', () => {
    const history = [{ year: 2024, months: months('0.01', ...Array(10).fill('0.00'), '10000000000.00') }];
    const current = { year: 2025, months: months('10000000000.00') };

    const sut = projectYearEnd(current, 1, history);

    // The share (0.01 / 10,000,000,000.01) would make the projection 10^12 times the year to date.
    expect(sut).toMatchObject({ method: 'linear', historicalSharePercent: null, yearsUsed: [] });
    expect(sut.projected.toString()).toBe('120000000000.00');
  });

  it('still uses a history that had reached exactly 1 %', () => {
    const history = [{ year: 2024, months: months('1.00', '99.00') }];
    const sut = projectYearEnd({ year: 2025, months: months('5.00') }, 1, history);

    expect(sut).toMatchObject({ method: 'same-month-share', historicalSharePercent: '1.00' });
    expect(sut.projected.toString()).toBe('500.00');
  });
});

describe('early warnings', () => {
  const base = {
    yearElapsedPercent: '50.00',
    budgets: [],
    defaultRatePercent: '2.00',
    previousDefaultRatePercent: '2.00',
    projected: yuan('10000000000.00'),
    target: yuan('10000000000.00'),
  };

  it('warns of nothing when budget, defaults and pace are on track', () => {
    expect(earlyWarnings({ ...base, budgets: [{ fundId: 'f', budget: yuan('100.00'), used: yuan('60.00') }] })).toEqual([]);
  });

  it('warns of a budget burnt ahead of the calendar, a rising default rate and a pace below target', () => {
    const warnings = earlyWarnings({
      ...base,
      budgets: [{ fundId: 'pol_x', budget: yuan('100.00'), used: yuan('60.01') }],
      defaultRatePercent: '3.01',
      projected: yuan('8000000000.00'),
    });

    expect(warnings.map((warning) => warning.code)).toEqual(['budget-burn-ahead', 'default-rate-rising', 'pace-below-target']);
    expect(warnings[2].message).toContain('80.00 % of the target');
  });
});
