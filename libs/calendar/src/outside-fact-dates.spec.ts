import { DEFAULT_BACKDATING_LIMIT_DAYS, earliestBackdate, outsideFactDateIssues } from './outside-fact-dates';

describe('the date of a fact outside the system', () => {
  const bounds = { today: '2026-12-06', limitDays: 1096 };

  it('may be any day from the backdating limit to today', () => {
    expect(earliestBackdate(bounds)).toBe('2023-12-06');
    expect(outsideFactDateIssues('disbursedOn', '2026-12-06', bounds)).toEqual([]);
    expect(outsideFactDateIssues('disbursedOn', '2023-12-06', bounds)).toEqual([]);
  });

  it('may not be in the future by the server’s today', () => {
    expect(outsideFactDateIssues('repaidOn', '2026-12-07', bounds)).toEqual([
      { field: 'repaidOn', rule: 'must not be in the future (today is 2026-12-06)' },
    ]);
  });

  it('may not be further back than the limit, naming the limit and the earliest day', () => {
    expect(outsideFactDateIssues('contractDate', '2023-12-05', bounds)).toEqual([
      { field: 'contractDate', rule: 'must not be more than 1096 days back (BACKDATING_LIMIT_DAYS): on or after 2023-12-06' },
    ]);
  });

  it('may not be before the facts it follows, each named, all at once', () => {
    const follows = [
      { date: '2026-01-15', what: 'the loan was disbursed' },
      { date: '2026-06-01', what: 'the last repayment' },
    ];
    expect(outsideFactDateIssues('defaultedOn', '2026-01-14', bounds, follows)).toEqual([
      { field: 'defaultedOn', rule: 'must not be before the loan was disbursed (2026-01-15)' },
      { field: 'defaultedOn', rule: 'must not be before the last repayment (2026-06-01)' },
    ]);
    expect(outsideFactDateIssues('defaultedOn', '2026-06-01', bounds, follows)).toEqual([]);
  });

  it('defaults to four years back: a 36-month loan plus a year to report its last facts', () => {
    expect(DEFAULT_BACKDATING_LIMIT_DAYS).toBe(1461);
  });
});
