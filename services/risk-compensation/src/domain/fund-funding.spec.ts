import { Money } from '@ipledger/money';
import { checkFundedBy, contributionRefusal, dueByContributor, levelOfDivision, type BudgetYearFunding } from './fund-funding';
import { validatePolicy } from './policy';
import { WEIHAI_LATER } from './presets';

const WEIHAI_FUNDED_BY = [
  { payerCode: '370000', name: '山东省', weight: '40' },
  { payerCode: '371000', name: '威海市', weight: '20' },
];

const openYear = (overrides: Partial<BudgetYearFunding> = {}): BudgetYearFunding => ({
  appropriated: Money.of('10000000.00'),
  closedOn: null,
  fundedBy: WEIHAI_FUNDED_BY,
  appropriationPaid: Money.zero(),
  ...overrides,
});

describe('who pays the fund (资金来源)', () => {
  it('reads the level of government from the division code', () => {
    expect(levelOfDivision('370000')).toBe('province');
    expect(levelOfDivision('500000')).toBe('province');
    expect(levelOfDivision('371000')).toBe('city');
    expect(levelOfDivision('371002')).toBe('district');
  });

  it("splits Weihai's appropriation 40 : 20 between province and city, to the fen", () => {
    const due = dueByContributor(Money.of('10000000.00'), WEIHAI_FUNDED_BY);
    expect(due.map((each) => [each.payerCode, each.level, each.due.toString()])).toEqual([
      ['370000', 'province', '6666666.67'],
      ['371000', 'city', '3333333.33'],
    ]);
    expect(Money.sum(due.map((each) => each.due)).toString()).toBe('10000000.00');
  });

  it('owes nothing by name where the policy names no payer', () => {
    expect(dueByContributor(Money.of('10000000.00'), undefined)).toEqual([]);
  });

  it('names every problem of a fundedBy list by field', () => {
    expect(checkFundedBy([])).toEqual([expect.objectContaining({ field: 'fundedBy', rule: 'not-empty' })]);
    expect(
      checkFundedBy([
        { payerCode: '3710', name: '威海市', weight: '20' },
        { payerCode: '370000', name: '山东省', weight: '0' },
        { payerCode: '370000', name: ' ', weight: '40' },
      ]).map((problem) => `${problem.field}:${problem.rule}`),
    ).toEqual([
      'fundedBy[0].payerCode:division-code',
      'fundedBy[1].weight:positive-weight',
      'fundedBy[2].payerCode:payer-once',
      'fundedBy[2].name:required',
    ]);
    expect(checkFundedBy(WEIHAI_FUNDED_BY)).toEqual([]);
  });

  it('keeps the Weihai preset valid with its payers', () => {
    expect(WEIHAI_LATER.fundedBy).toEqual(WEIHAI_FUNDED_BY);
    expect(validatePolicy(WEIHAI_LATER)).toEqual([]);
  });
});

describe('a contribution', () => {
  const today = '2026-03-10';
  const request = { payerCode: '371000', kind: 'appropriation' as const, amount: Money.of('3333333.33'), budgetYear: 2026 };

  it("takes a payer's whole part of the appropriation, and not a fen more", () => {
    expect(contributionRefusal(request, openYear(), today)).toBeUndefined();
    expect(contributionRefusal({ ...request, amount: Money.of('3333333.34') }, openYear(), today)).toEqual(
      expect.objectContaining({ code: 'beyond-due', field: 'amount' }),
    );
  });

  it('counts what the payer already paid towards its part', () => {
    const year = openYear({ appropriationPaid: Money.of('3000000.00') });
    expect(contributionRefusal({ ...request, amount: Money.of('333333.33') }, year, today)).toBeUndefined();
    expect(contributionRefusal({ ...request, amount: Money.of('333333.34') }, year, today)?.message).toContain('333333.33 left');
  });

  it('takes a top-up of any amount from a named payer', () => {
    expect(contributionRefusal({ ...request, kind: 'top-up', amount: Money.of('99999999.00') }, openYear(), today)).toBeUndefined();
  });

  it('refuses a government the policy does not name, naming those it does', () => {
    const refusal = contributionRefusal({ ...request, payerCode: '371002', kind: 'top-up' }, openYear(), today);
    expect(refusal).toEqual(expect.objectContaining({ code: 'payer-not-a-funder', field: 'payerCode' }));
    expect(refusal?.message).toContain('370000 山东省');
  });

  it('takes any government where the policy names none, up to the whole appropriation', () => {
    const year = openYear({ fundedBy: undefined, appropriationPaid: Money.of('9000000.00') });
    expect(contributionRefusal({ ...request, payerCode: '500106', amount: Money.of('1000000.00') }, year, today)).toBeUndefined();
    expect(contributionRefusal({ ...request, payerCode: '500106', amount: Money.of('1000000.01') }, year, today)?.code).toBe('beyond-due');
  });

  it('refuses a closed year and a year after next', () => {
    expect(contributionRefusal(request, openYear({ closedOn: '2026-02-01' }), today)?.code).toBe('budget-year-closed');
    expect(contributionRefusal({ ...request, budgetYear: 2027 }, openYear(), today)).toBeUndefined();
    expect(contributionRefusal({ ...request, budgetYear: 2028 }, openYear(), today)?.code).toBe('budget-year-too-far');
  });
});
