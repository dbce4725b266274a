// The API's repayment methods, day counts and periods (libs/contracts, which imports nothing of
// ours) are the servicing library's: a method added to one and not the other fails here.
import { DayCount, PeriodMonths, REPAYMENT_METHODS as API_METHODS } from '@ipledger/contracts';
import { DAY_COUNTS, PERIOD_MONTHS, REPAYMENT_METHODS } from '@ipledger/loan-servicing';

describe('the API and the servicing library name the same terms', () => {
  it('has the same repayment methods, day counts and periods', () => {
    expect([...API_METHODS]).toEqual([...REPAYMENT_METHODS]);
    expect(DayCount.options).toEqual([...DAY_COUNTS]);
    expect(PERIOD_MONTHS.map((months) => PeriodMonths.safeParse(months).success)).toEqual(PERIOD_MONTHS.map(() => true));
    expect(PeriodMonths.safeParse(2).success).toBe(false);
  });
});
