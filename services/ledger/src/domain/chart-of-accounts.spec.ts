import {
  accounts,
  chartRows,
  describeAccount,
  InvalidAccountCodeError,
  isValidAccountCode,
  mayReadAccount,
  readableCodePrefixes,
} from './chart-of-accounts';

const LOAN = 'ln_0193c4a0b1c27d3e8f9a0b1c2d3e4f50';

describe('account codes', () => {
  it('name a loan’s principal under its bank, so the owner is in the code', () => {
    const sut = accounts.loanPrincipal('bank-cq-rural', LOAN);
    expect(sut).toBe(`loan:bank-cq-rural:${LOAN}:principal`);
    expect(describeAccount(sut)).toEqual({
      code: sut,
      type: 'asset',
      normalSide: 'DEBIT',
      partyType: 'loan',
      partyId: LOAN,
      ownerOrgId: 'bank-cq-rural',
      name: 'principal',
      budgetYear: null,
      allowNegative: false,
    });
  });

  it('make a bank’s cash a clearing account that may go negative, and its interest income a credit account that may not', () => {
    expect(describeAccount(accounts.bankCash('bank-cq-rural'))).toMatchObject({
      code: 'bank:bank-cq-rural:cash',
      type: 'asset',
      normalSide: 'DEBIT',
      partyType: 'bank',
      partyId: 'bank-cq-rural',
      allowNegative: true,
    });
    expect(describeAccount(accounts.bankInterestIncome('bank-cq-rural'))).toMatchObject({
      code: 'bank:bank-cq-rural:interest-income',
      type: 'income',
      normalSide: 'CREDIT',
      allowNegative: false,
    });
  });

  it('carry the budget year on the fund’s budget lines', () => {
    const sut = accounts.fundForYear('fund-cq', 'compensation-expense', 2026);
    expect(sut).toBe('fund:fund-cq:compensation-expense:2026');
    expect(describeAccount(sut)).toMatchObject({
      type: 'expense',
      normalSide: 'DEBIT',
      budgetYear: '2026',
      partyType: 'fund',
      partyId: 'fund-cq',
    });
    expect(describeAccount(accounts.fund('fund-cq', 'cash'))).toMatchObject({ type: 'asset', allowNegative: false, budgetYear: null });
    expect(describeAccount(accounts.fundForYear('fund-cq', 'appropriations', '2027'))).toMatchObject({
      type: 'equity',
      normalSide: 'CREDIT',
    });
  });

  it('build risk sharers’ and governments’ accounts', () => {
    expect(describeAccount(accounts.riskSharer('insurer', 'picc-cq', 'compensation-payable'))).toMatchObject({
      code: 'insurer:picc-cq:compensation-payable',
      type: 'liability',
      normalSide: 'CREDIT',
      partyType: 'insurer',
    });
    expect(describeAccount(accounts.government('cq-finance', 'cash'))).toMatchObject({ allowNegative: true, partyType: 'government' });
  });

  it('build a subsidy scheme’s accounts under its id: the expense per budget year, the payable, and cash as a clearing account', () => {
    const scheme = 'sub_0195a1b2c3d47e5f8a6b7c8d9e0f1a12';
    const sut = accounts.schemeForYear(scheme, 'subsidy-expense', 2026);
    expect(sut).toBe(`scheme:${scheme}:subsidy-expense:2026`);
    expect(describeAccount(sut)).toEqual({
      code: sut,
      type: 'expense',
      normalSide: 'DEBIT',
      partyType: 'scheme',
      partyId: scheme,
      ownerOrgId: scheme,
      name: 'subsidy-expense',
      budgetYear: '2026',
      allowNegative: false,
    });
    expect(describeAccount(accounts.scheme(scheme, 'subsidy-payable'))).toMatchObject({
      type: 'liability',
      normalSide: 'CREDIT',
      budgetYear: null,
      allowNegative: false,
    });
    expect(describeAccount(accounts.scheme(scheme, 'cash'))).toMatchObject({ type: 'asset', allowNegative: true, budgetYear: null });
    expect(isValidAccountCode(`scheme:${scheme}:subsidy-expense`)).toBe(false);
    expect(isValidAccountCode(`scheme:${scheme}:subsidy-payable:2026`)).toBe(false);
  });

  it('are safe as one URL path segment', () => {
    for (const code of [accounts.loanPrincipal('bank-a', LOAN), accounts.fundForYear('fund-cq', 'recoveries', 2030)]) {
      expect(code).not.toMatch(/[/?#%.\s]/);
      expect(encodeURIComponent(code).replace(/%3A/g, ':')).toBe(code);
    }
  });

  it.each([
    ['a slash in an id', () => accounts.bankCash('bank/other')],
    ['upper case', () => accounts.bankCash('Bank-A')],
    ['a colon in an id', () => accounts.loanPrincipal('bank-a', 'ln:1')],
    ['an empty id', () => accounts.bankCash('')],
    ['a dot-dot id', () => accounts.bankCash('..')],
    ['a year that is not 4 digits', () => accounts.fundForYear('fund-cq', 'appropriations', 26)],
  ])('refuse %s', (_case, build) => {
    expect(build).toThrow(InvalidAccountCodeError);
  });

  it.each([
    'bank:bank-a:savings',
    'bank:bank-a',
    'bank:bank-a:cash:2026',
    'loan:bank-a:principal',
    `loan:bank-a:${LOAN}:principal:extra`,
    'fund:fund-cq:appropriations',
    'fund:fund-cq:interest-subsidy-expense:2026',
    'borrower:x:cash',
    '',
  ])('do not describe %j', (code) => {
    expect(isValidAccountCode(code)).toBe(false);
  });
});

describe('the chart', () => {
  it('gives every account its type’s normal side', () => {
    for (const row of chartRows()) {
      expect(row.normalSide).toBe(row.type === 'asset' || row.type === 'expense' ? 'DEBIT' : 'CREDIT');
    }
  });

  it('lets only clearing accounts go negative: cash of parties whose money is outside the programme, and a bank’s compensation between its two postings', () => {
    const negative = chartRows()
      .filter((row) => row.allowNegative)
      .map((row) => `${row.partyType}:${row.name}`);
    expect(negative.sort()).toEqual([
      'appraiser:cash',
      'bank:cash',
      'bank:compensation-clearing',
      'government:cash',
      'guarantor:cash',
      'insurer:cash',
      'scheme:cash',
    ]);
  });
});

describe('who may read an account', () => {
  const own = describeAccount(accounts.loanPrincipal('bank-a', LOAN));
  const othersLoan = describeAccount(accounts.loanPrincipal('bank-b', LOAN));
  const fund = describeAccount(accounts.fund('fund-cq', 'cash'));
  const scheme = describeAccount(accounts.scheme('sub_0195a1b2c3d47e5f8a6b7c8d9e0f1a12', 'subsidy-payable'));

  it('the bureau reads every account', () => {
    expect([own, othersLoan, fund, scheme].every((account) => mayReadAccount({ role: 'bureau', orgId: 'bureau-cq' }, account))).toBe(true);
    expect(readableCodePrefixes({ role: 'bureau', orgId: 'bureau-cq' })).toBeNull();
  });

  it('a bank reads its own bank and loan accounts only', () => {
    const bank = { role: 'bank', orgId: 'bank-a' } as const;
    expect(mayReadAccount(bank, own)).toBe(true);
    expect(mayReadAccount(bank, describeAccount(accounts.bankCash('bank-a')))).toBe(true);
    expect(mayReadAccount(bank, othersLoan)).toBe(false);
    expect(mayReadAccount(bank, fund)).toBe(false);
    expect(mayReadAccount(bank, scheme)).toBe(false);
    expect(readableCodePrefixes(bank)).toEqual(['bank:bank-a:', 'loan:bank-a:']);
  });

  it.each(['guarantor', 'insurer', 'appraiser'] as const)('a %s reads its own accounts only', (role) => {
    const actor = { role, orgId: 'sharer-a' } as const;
    expect(mayReadAccount(actor, describeAccount(accounts.riskSharer(role, 'sharer-a', 'compensation-payable')))).toBe(true);
    expect(mayReadAccount(actor, describeAccount(accounts.riskSharer(role, 'sharer-a', 'cash')))).toBe(true);
    expect(mayReadAccount(actor, describeAccount(accounts.riskSharer(role, 'sharer-b', 'cash')))).toBe(false);
    expect(mayReadAccount(actor, own)).toBe(false);
    expect(mayReadAccount(actor, fund)).toBe(false);
    expect(readableCodePrefixes(actor)).toEqual([`${role}:sharer-a:`]);
  });

  it('a risk sharer does not read another kind of sharer’s accounts under the same org id', () => {
    const insurer = { role: 'insurer', orgId: 'picc-cq' } as const;
    expect(mayReadAccount(insurer, describeAccount(accounts.riskSharer('insurer', 'picc-cq', 'recoveries')))).toBe(true);
    expect(mayReadAccount(insurer, describeAccount(accounts.riskSharer('guarantor', 'picc-cq', 'cash')))).toBe(false);
  });

  it('other roles read nothing', () => {
    const statistician = { role: 'statistician', orgId: 'stats-cq' } as const;
    expect(mayReadAccount(statistician, own)).toBe(false);
    expect(mayReadAccount(statistician, fund)).toBe(false);
    expect(readableCodePrefixes(statistician)).toEqual([]);
  });
});
