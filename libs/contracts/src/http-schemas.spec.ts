import {
  ChangePledgeRegistrationRequest,
  RefusePledgeApplicationRequest,
  RegisterPledgeRequest,
  ReturnPledgeApplicationRequest,
  SubmitPledgeApplicationRequest,
} from './http/pledges';
import { FileClaimRequest } from './http/claims';
import { MoneyString, PositiveMoneyString, PositiveRateString, RateString } from './primitives';

function validApplication(): Record<string, unknown> {
  return {
    pledgor: { uscc: '91350100M000100Y43', name: '重庆某某智能科技有限公司' },
    ipItems: [
      { ipType: 'invention-patent', number: '201910884346.5', title: '一种锂电池极片的制备方法' },
      { ipType: 'trademark', number: '12345678' },
    ],
    requestedLoanAmount: '3000000.00',
    termMonths: 12,
    districtCode: '500112',
    appraiserOrgId: 'appraiser-cq-huaxin',
  };
}

function issuesOf(body: unknown): string[] {
  const result = SubmitPledgeApplicationRequest.safeParse(body);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('SubmitPledgeApplicationRequest', () => {
  it('accepts a valid application', () => {
    expect(issuesOf(validApplication())).toEqual([]);
  });

  it('rejects a field it does not know', () => {
    expect(issuesOf({ ...validApplication(), bankOrgId: 'bank-cq-rural' }).join('\n')).toContain('bankOrgId');
  });

  it('rejects a field it does not know inside an IP item', () => {
    const body = { ...validApplication(), ipItems: [{ ipType: 'trademark', number: '12345678', owner: 'someone' }] };

    expect(issuesOf(body).join('\n')).toContain('owner');
  });

  it('rejects a term over 36 months', () => {
    expect(issuesOf({ ...validApplication(), termMonths: 37 })).toEqual(['termMonths: must be at most 36 months']);
  });

  it('rejects an amount sent as a number', () => {
    expect(issuesOf({ ...validApplication(), requestedLoanAmount: 3000000 })).toHaveLength(1);
    expect(issuesOf({ ...validApplication(), requestedLoanAmount: 3000000 })[0]).toMatch(/^requestedLoanAmount: /);
  });

  it('rejects an amount with three decimals', () => {
    expect(issuesOf({ ...validApplication(), requestedLoanAmount: '3000000.000' })).toEqual([
      'requestedLoanAmount: must be a yuan amount with exactly two decimals, e.g. "1000000.00"',
    ]);
  });

  it('rejects a zero amount', () => {
    expect(issuesOf({ ...validApplication(), requestedLoanAmount: '0.00' })).toEqual(['requestedLoanAmount: must be greater than 0.00']);
  });

  it('rejects an application without IP items', () => {
    expect(issuesOf({ ...validApplication(), ipItems: [] })).toEqual(['ipItems: must list at least one IP item']);
  });
});

describe('money strings', () => {
  it('MoneyString accepts zero, PositiveMoneyString does not', () => {
    expect(MoneyString.safeParse('0.00').success).toBe(true);
    expect(PositiveMoneyString.safeParse('0.00').success).toBe(false);
    expect(PositiveMoneyString.safeParse('0.01').success).toBe(true);
  });

  test.each(['1000', '1000.5', '1000.005', '-1.00', '1,000.00', ' 1.00', '1e3'])('MoneyString rejects %p', (value) => {
    expect(MoneyString.safeParse(value).success).toBe(false);
  });
});

describe('RateString', () => {
  test.each(['0.0435', '1', '0', '0.25', '1.000000', '0.123456'])('accepts %p', (value) => {
    expect(RateString.safeParse(value).success).toBe(true);
  });

  test.each(['1.5', '-0.1', '0.1234567', '1.01', '.5', '0.', '4.35'])('rejects %p', (value) => {
    expect(RateString.safeParse(value).success).toBe(false);
  });
});

describe('PositiveRateString', () => {
  test.each(['0.6', '1', '1.000000', '0.000001'])('accepts %p', (value) => {
    expect(PositiveRateString.safeParse(value).success).toBe(true);
  });

  test.each([
    ['0', 'must be greater than 0'],
    ['0.000000', 'must be greater than 0'],
    ['1.5', 'must be a decimal fraction between 0 and 1 with at most 6 decimals, e.g. "0.0435"'],
    ['abc', 'must be a decimal fraction between 0 and 1 with at most 6 decimals, e.g. "0.0435"'],
    ['0.0000001', 'must be a decimal fraction between 0 and 1 with at most 6 decimals, e.g. "0.0435"'],
  ])('rejects %p with one rule: %s', (value, rule) => {
    const result = PositiveRateString.safeParse(value);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([rule]);
  });
});

describe('FileClaimRequest', () => {
  it('takes the IP’s share of the collateral as an optional rate above 0', () => {
    expect(FileClaimRequest.parse({ loanId: 'ln_0193a6b2c4d57e8f9a0b1c2d3e4f5a6b', ipCollateralShare: '0.6' }).ipCollateralShare).toBe(
      '0.6',
    );
    expect(FileClaimRequest.parse({ loanId: 'ln_0193a6b2c4d57e8f9a0b1c2d3e4f5a6b' }).ipCollateralShare).toBeUndefined();
    const refused = FileClaimRequest.safeParse({ loanId: 'ln_0193a6b2c4d57e8f9a0b1c2d3e4f5a6b', ipCollateralShare: 0.6 });
    expect(refused.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['ipCollateralShare', 'must be a rate as a string, e.g. "0.0435"'],
    ]);
  });
});

describe('the registration lifecycle requests', () => {
  const issues = (
    schema: { safeParse: (value: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } },
    body: unknown,
  ) => {
    const result = schema.safeParse(body);
    return result.success ? [] : (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('takes the registrar’s number only: the date is the server’s', () => {
    expect(issues(RegisterPledgeRequest, { registrationNumber: 'Y2026500000815' })).toEqual([]);
    expect(issues(RegisterPledgeRequest, { registrationNumber: 'Y2026500000815', registrationDate: '2026-03-01' })).toHaveLength(1);
  });

  it('returns for correction with at least one reason, a field optional', () => {
    expect(
      issues(ReturnPledgeApplicationRequest, { reasons: [{ message: '缺少质押合同' }, { field: 'pledgor.name', message: '名称不符' }] }),
    ).toEqual([]);
    expect(issues(ReturnPledgeApplicationRequest, { reasons: [] })).toEqual(['reasons: must give at least one reason']);
  });

  it('refuses only for a documented reason, with a note', () => {
    expect(issues(RefusePledgeApplicationRequest, { reason: 'pledgor-not-owner', note: '出质人非专利权人' })).toEqual([]);
    expect(issues(RefusePledgeApplicationRequest, { reason: 'too-late', note: 'x' })[0]).toMatch(
      /^reason: must be one of right-already-pledged, /,
    );
    expect(issues(RefusePledgeApplicationRequest, { reason: 'other' })).toHaveLength(1);
  });

  it('changes a registration in at least one of amount, term and pledgor name', () => {
    expect(issues(ChangePledgeRegistrationRequest, { termMonths: 18 })).toEqual([]);
    expect(issues(ChangePledgeRegistrationRequest, { note: '无变更' })).toEqual([
      'securedAmount: must change at least one of securedAmount, termMonths, pledgorName',
    ]);
    expect(issues(ChangePledgeRegistrationRequest, { securedAmount: '0.00' })).toEqual(['securedAmount: must be greater than 0.00']);
  });

  it('needs the appraiser on a submission', () => {
    const { appraiserOrgId: _named, ...unnamed } = validApplication();
    expect(issues(SubmitPledgeApplicationRequest, unnamed).map((issue) => issue.split(':')[0])).toEqual(['appraiserOrgId']);
  });
});
