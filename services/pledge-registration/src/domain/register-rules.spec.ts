import { workingDayCalendar, PRC_CALENDAR } from '@ipledger/calendar';
import { alreadyPledgedMessage, bankReleaseRefusal, changedTerms, decisionDeadline, rightsAlreadyPledged } from './register-rules';

describe('the register of pledged rights', () => {
  const held = [
    {
      pledgeId: 'pl_1',
      ipType: 'invention-patent',
      number: '201910884346.5',
      registrationNumber: 'Y2026500000815',
      registeredOn: '2026-03-10',
    },
  ];

  it('names each item a registered pledge holds, on its field, with the registration number', () => {
    const issues = rightsAlreadyPledged(
      [
        { ipType: 'utility-model', number: '202020409182.9' },
        { ipType: 'invention-patent', number: '201910884346.5' },
      ],
      held,
    );
    expect(issues).toEqual([
      {
        field: 'ipItems[1].number',
        rule: 'invention-patent 201910884346.5 is under registered pledge Y2026500000815 (registered on 2026-03-10); it can be pledged again once that pledge is released',
      },
    ]);
    expect(alreadyPledgedMessage(issues)).toContain('an IP right may carry only one registered pledge: ipItems[1].number: ');
  });

  it('tells a right apart by its IP type as well as its number', () => {
    expect(rightsAlreadyPledged([{ ipType: 'trademark', number: '201910884346.5' }], held)).toEqual([]);
  });

  it('finds nothing when every right is free', () => {
    expect(rightsAlreadyPledged([{ ipType: 'invention-patent', number: '202110182616.5' }], [])).toEqual([]);
  });
});

describe("the bureau's decision deadline", () => {
  it('is the 7th working day after receipt, skipping weekends and the National Day holiday', () => {
    // Received Friday 2026-09-25; 2026-10-01..07 are holidays, Saturday 2026-10-10 a make-up working day.
    const deadline = decisionDeadline('2026-09-25', 7, '2026-09-25', PRC_CALENDAR);
    expect(deadline).toEqual({ deadline: '2026-10-12', provisional: false, overdue: false });
  });

  it('is in time on the deadline day and overdue the day after', () => {
    expect(decisionDeadline('2026-03-02', 7, '2026-03-11', PRC_CALENDAR)).toEqual({
      deadline: '2026-03-11',
      provisional: false,
      overdue: false,
    });
    expect(decisionDeadline('2026-03-02', 7, '2026-03-12', PRC_CALENDAR).overdue).toBe(true);
  });

  it('counts a year not entered Monday to Friday and says so', () => {
    const deadline = decisionDeadline('2027-03-01', 7, '2027-03-01', workingDayCalendar([]));
    expect(deadline).toEqual({ deadline: '2027-03-10', provisional: true, overdue: false });
  });
});

describe('a change of registration (变更登记)', () => {
  const current = { securedAmount: '1000000.00', termMonths: 12, pledgorName: '重庆示例科技有限公司' };

  it('keeps what it does not change', () => {
    expect(changedTerms(current, { termMonths: 18 })).toEqual({ ok: true, terms: { ...current, termMonths: 18 } });
    expect(changedTerms(current, { securedAmount: '800000' })).toEqual({ ok: true, terms: { ...current, securedAmount: '800000.00' } });
  });

  it('is refused when it says what the registration says already', () => {
    const result = changedTerms(current, { securedAmount: '1000000.00', pledgorName: '重庆示例科技有限公司' });
    expect(result).toMatchObject({ ok: false, issues: [{ field: 'securedAmount', rule: expect.stringContaining('changes nothing') }] });
  });
});

describe("a release on the bank's request (注销登记)", () => {
  it('is allowed while the pledge secures no loan', () => {
    expect(bankReleaseRefusal('pl_1', null)).toBeNull();
  });

  it('is refused once a loan was disbursed against it, naming the loan', () => {
    expect(bankReleaseRefusal('pl_1', 'ln_1')).toBe(
      'pledge pl_1 secures loan ln_1: it is released when that loan closes (repaid), or disposed of after a default',
    );
  });
});
