import { DEFAULT_DAYS_PAST_DUE, maxDaysPastDueIn } from './on-time-repayment';

describe('maxDaysPastDueIn', () => {
  const period = { from: '2026-04-15', to: '2026-07-15' };

  it('is 0 for a loan with no report and no default', () => {
    expect(maxDaysPastDueIn([], period, null)).toBe(0);
  });

  it('takes the most days of the reports whose overdue span meets the period', () => {
    const reports = [
      { overdueSince: '2026-03-15', reportedOn: '2026-04-01', daysPastDue: 17 }, // ended before the period
      { overdueSince: '2026-04-10', reportedOn: '2026-04-20', daysPastDue: 10 }, // ran into it
      { overdueSince: '2026-05-15', reportedOn: '2026-05-18', daysPastDue: 3 }, // inside it
      { overdueSince: '2026-07-16', reportedOn: '2026-07-20', daysPastDue: 4 }, // after it
    ];
    expect(maxDaysPastDueIn(reports, period, null)).toBe(10);
  });

  it('counts a default on or before the period’s end as late', () => {
    expect(maxDaysPastDueIn([], period, '2026-07-15')).toBe(DEFAULT_DAYS_PAST_DUE);
    expect(maxDaysPastDueIn([], period, '2026-07-16')).toBe(0);
  });
});
