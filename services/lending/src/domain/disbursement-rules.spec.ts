import type { DisburseLoanRequest } from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { checkDisbursementRequest, decideDisbursement, type DisbursementInput } from './disbursement-rules';
import type { ApplicationFacts, PledgeFacts } from './pledge-facts';

const PLEDGE = 'pl_0193c4a0b1c27d3e8f9a0b1c2d3e4f50';

const request = (overrides: Partial<DisburseLoanRequest> = {}): DisburseLoanRequest => ({
  pledgeId: PLEDGE,
  principal: '1000000.00',
  annualInterestRate: '0.0435',
  termMonths: 12,
  disbursedOn: '2026-03-15',
  repaymentMethod: 'bullet',
  dayCount: 'ACT/360',
  periodMonths: 1,
  ...overrides,
});

const application = (overrides: Partial<ApplicationFacts> = {}): ApplicationFacts => ({
  bankOrgId: 'bank-cq-a',
  pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技有限公司' },
  requestedLoanAmount: Money.of('3000000.00'),
  termMonths: 24,
  districtCode: '500101',
  ipTypes: ['invention-patent'],
  ...overrides,
});

const facts = (overrides: Partial<PledgeFacts> = {}): PledgeFacts => ({
  pledgeId: PLEDGE,
  application: application(),
  registration: { registrationNumber: 'Y2026500000815', registrationDate: '2026-03-10' },
  valuation: {
    valuationId: 'val_1',
    appraiserOrgId: 'appraiser-cq',
    appraisedValue: Money.of('8000000.00'),
    valuationDate: '2026-03-01',
    validUntil: '2027-03-01',
  },
  releasedOn: null,
  ...overrides,
});

const input = (overrides: Partial<DisbursementInput> = {}): DisbursementInput => ({
  request: request(),
  actingBankOrgId: 'bank-cq-a',
  facts: facts(),
  existingLoan: null,
  ...overrides,
});

function refusalOf(sut: DisbursementInput) {
  const decision = decideDisbursement(sut);
  if (decision.ok) throw new Error('expected a refusal');
  return decision.refusal;
}

describe('disbursing a loan against a pledge', () => {
  it('is allowed for a registered, validly valued pledge within the limits', () => {
    const decision = decideDisbursement(input());
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.terms.principal.toString()).toBe('1000000.00');
    expect(decision.terms.loanToValueLimit.rate.toString()).toBe('0.25');
    expect(decision.terms.maxPrincipal.toString()).toBe('2000000.00');
    expect(decision.terms.maturityDate).toBe('2027-03-15');
    expect(decision.terms.registration.registrationNumber).toBe('Y2026500000815');
    expect(decision.terms.valuation).toMatchObject({ valuationId: 'val_1', appraiserOrgId: 'appraiser-cq' });
  });

  it('allows exactly the maximum principal', () => {
    expect(decideDisbursement(input({ request: request({ principal: '2000000.00' }) })).ok).toBe(true);
  });

  it('does not know a pledge it has not heard of, nor one whose application has not arrived', () => {
    expect(refusalOf(input({ facts: null }))).toEqual({ kind: 'not-found' });
    expect(refusalOf(input({ facts: facts({ application: null }) }))).toEqual({ kind: 'not-found' });
  });

  it('does not show one bank another bank’s pledge', () => {
    expect(refusalOf(input({ actingBankOrgId: 'bank-cq-b' }))).toEqual({ kind: 'not-found' });
  });

  it('refuses a pledge that is not registered yet', () => {
    expect(refusalOf(input({ facts: facts({ registration: null }) }))).toEqual({
      kind: 'rule-violated',
      message: `pledge ${PLEDGE} is not registered yet; a loan needs a registered pledge`,
      currentState: 'SUBMITTED',
    });
  });

  it('refuses a loan dated before the registration', () => {
    expect(refusalOf(input({ request: request({ disbursedOn: '2026-03-09' }) }))).toMatchObject({
      kind: 'rule-violated',
      message: `pledge ${PLEDGE} was registered on 2026-03-10, after disbursedOn 2026-03-09`,
    });
  });

  it('refuses a pledge the bank had released (注销) before any loan', () => {
    expect(refusalOf(input({ facts: facts({ releasedOn: '2026-03-12' }) }))).toEqual({
      kind: 'rule-violated',
      message: `pledge ${PLEDGE} was released (注销) on 2026-03-12; a loan needs a registered pledge`,
      currentState: 'RELEASED',
    });
  });

  it('refuses a pledge that has not been valued', () => {
    expect(refusalOf(input({ facts: facts({ valuation: null }) }))).toMatchObject({
      message: expect.stringContaining('has not been valued yet'),
    });
  });

  it('refuses when the valuation is not valid on the day of disbursement', () => {
    const expired = facts({
      valuation: {
        valuationId: 'val_1',
        appraiserOrgId: 'appraiser-cq',
        appraisedValue: Money.of('8000000.00'),
        valuationDate: '2025-03-01',
        validUntil: '2026-03-14',
      },
    });
    expect(refusalOf(input({ facts: expired }))).toEqual({
      kind: 'rule-violated',
      message: `valuation val_1 of pledge ${PLEDGE} is valid from 2025-03-01 to 2026-03-14, not on 2026-03-15`,
    });
    expect(decideDisbursement(input({ facts: expired, request: request({ disbursedOn: '2026-03-14' }) })).ok).toBe(true);
  });

  it('refuses a second loan on the same pledge, naming the first', () => {
    expect(refusalOf(input({ existingLoan: { id: 'ln_1', status: 'ACTIVE' } }))).toEqual({
      kind: 'rule-violated',
      message: `pledge ${PLEDGE} already secures loan ln_1 (ACTIVE)`,
      currentState: 'ACTIVE',
    });
  });

  it('refuses more than the bank asked for in the application', () => {
    expect(refusalOf(input({ facts: facts({ application: application({ requestedLoanAmount: Money.of('999999.99') }) }) }))).toEqual({
      kind: 'rule-violated',
      message: `principal 1000000.00 exceeds the requested loan amount 999999.99 of pledge ${PLEDGE}`,
    });
  });

  it('refuses a principal above the loan-to-value limit, naming rate, value and maximum', () => {
    expect(refusalOf(input({ request: request({ principal: '2000000.01' }) }))).toEqual({
      kind: 'rule-violated',
      message:
        'principal 2000000.01 exceeds the loan-to-value limit: 0.25 (invention-patent) × appraised value 8000000.00 = max principal 2000000.00',
    });
  });

  it('applies the lowest limit of a mixed pledge', () => {
    const mixed = facts({ application: application({ ipTypes: ['trademark', 'invention-patent', 'utility-model'] }) });
    expect(refusalOf(input({ facts: mixed, request: request({ principal: '1500000.00' }) }))).toMatchObject({
      message:
        'principal 1500000.00 exceeds the loan-to-value limit: 0.15 (utility-model) × appraised value 8000000.00 = max principal 1200000.00',
    });
  });

  it('rounds the maximum principal half-up to the fen', () => {
    const odd = facts({
      valuation: {
        valuationId: 'val_2',
        appraiserOrgId: 'appraiser-cq',
        appraisedValue: Money.of('100.02'),
        valuationDate: '2026-03-01',
        validUntil: '2027-03-01',
      },
    });
    expect(decideDisbursement(input({ facts: odd, request: request({ principal: '25.01' }) })).ok).toBe(true);
    expect(refusalOf(input({ facts: odd, request: request({ principal: '25.02' }) }))).toMatchObject({
      message: expect.stringContaining('= max principal 25.01'),
    });
  });

  it('refuses a term longer than the pledge was applied for', () => {
    expect(refusalOf(input({ request: request({ termMonths: 25 }) }))).toEqual({
      kind: 'rule-violated',
      message: `term of 25 months exceeds the 24 months pledge ${PLEDGE} was applied for`,
    });
  });

  it('checks the rules in order: registration before valuation before limits', () => {
    const bare = facts({ registration: null, valuation: null });
    expect(refusalOf(input({ facts: bare, request: request({ principal: '9000000.00', termMonths: 36 }) }))).toMatchObject({
      message: expect.stringContaining('not registered yet'),
    });
  });
});

describe('the disbursement date', () => {
  const bounds = { today: '2026-03-15', limitDays: 1096 };

  it('may be today or earlier', () => {
    expect(checkDisbursementRequest(request({ disbursedOn: '2026-03-15' }), bounds)).toEqual([]);
  });

  it('may not be in the future', () => {
    expect(checkDisbursementRequest(request({ disbursedOn: '2026-03-16' }), bounds)).toEqual([
      { field: 'disbursedOn', rule: 'must not be in the future (today is 2026-03-15)' },
    ]);
  });

  it('may go back as far as the backdating limit, not further', () => {
    expect(checkDisbursementRequest(request({ disbursedOn: '2023-03-15' }), bounds)).toEqual([]);
    expect(checkDisbursementRequest(request({ disbursedOn: '2023-03-14' }), bounds)).toEqual([
      { field: 'disbursedOn', rule: 'must not be more than 1096 days back (BACKDATING_LIMIT_DAYS): on or after 2023-03-15' },
    ]);
  });
});
