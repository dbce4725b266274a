import { Money } from '@ipledger/money';
import { checkClaim, ClaimContext, ClaimFacts, LoanFacts } from './claim-eligibility';
import { PolicyDraft, publishPolicy, PublishedPolicy } from './policy';
import { GUANGZHOU_2020_5311, WEIHAI_YEAR_ONE } from './presets';
import { PRC_2025, workingDayCalendar } from '@ipledger/calendar';

function loan(overrides: Partial<LoanFacts> = {}): LoanFacts {
  return {
    loanId: 'loan-1',
    borrowerId: '91350100M000100Y43',
    pledgedIpTypes: ['invention-patent'],
    principal: Money.of('1000000.00'),
    termMonths: 12,
    district: '371002',
    disbursedOn: '2025-01-10',
    defaultedOn: '2025-09-26',
    pledgeRegistrationNumber: 'Y2025980001234',
    riskSharers: { guarantor: 'guarantor-1', insurer: 'insurer-1', appraiser: 'appraiser-1' },
    ...overrides,
  };
}

function claim(overrides: Partial<ClaimFacts> = {}): ClaimFacts {
  return { claimId: 'claim-1', loanId: 'loan-1', filedOn: '2025-10-09', ...overrides };
}

const context: ClaimContext = { calendar: workingDayCalendar([PRC_2025]), existingClaims: [] };

function policy(overrides: Partial<PolicyDraft>): PublishedPolicy {
  const result = publishPolicy({ ...WEIHAI_YEAR_ONE, ...overrides });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.policy;
}

function refusedRules(check: ReturnType<typeof checkClaim>): string[] {
  return check.ok ? [] : check.refusals.map((refusal) => refusal.rule);
}

describe('checking a claim against the policy in force at disbursement', () => {
  it('accepts a covered loan filed in time and records every rule that passed', () => {
    const sut = checkClaim(WEIHAI_YEAR_ONE, loan(), claim(), context);
    expect(sut.ok).toBe(true);
    expect(sut.ok && sut.filingDeadline).toEqual({ date: '2025-10-16', provisional: false, provisionalYears: [] });
    expect(sut.outcomes.map((outcome) => outcome.rule)).toEqual([
      'not-covered:policy-not-in-force',
      'not-covered:pledge-not-registered',
      'not-covered:scope',
      'loan-not-defaulted',
      'late-filing',
      'duplicate-claim',
    ]);
  });

  it('refuses a filing one working day late across the National Day holiday', () => {
    // Default Friday 2025-09-26; 10 working days end on 2025-10-16 (see working-days.spec).
    expect(checkClaim(WEIHAI_YEAR_ONE, loan(), claim({ filedOn: '2025-10-16' }), context).ok).toBe(true);
    const sut = checkClaim(WEIHAI_YEAR_ONE, loan(), claim({ filedOn: '2025-10-17' }), context);
    expect(refusedRules(sut)).toEqual(['late-filing']);
    expect(sut.ok ? '' : sut.refusals[0].message).toBe(
      'a claim must be filed within 10 working days of 2025-09-26 (by 2025-10-16); filed on 2025-10-17',
    );
  });

  it('refuses a loan the policy does not cover, naming each rule', () => {
    const strict = policy({ eligibility: { ipTypes: ['trademark'], maxLoanAmount: '500000.00', maxTermMonths: 6, districts: ['371003'] } });
    expect(refusedRules(checkClaim(strict, loan(), claim(), context))).toEqual([
      'not-covered:ip-type',
      'not-covered:max-amount',
      'not-covered:max-term',
      'not-covered:district',
    ]);
    expect(
      refusedRules(checkClaim(WEIHAI_YEAR_ONE, loan({ disbursedOn: '2024-12-31', pledgeRegistrationNumber: undefined }), claim(), context)),
    ).toEqual(['not-covered:policy-not-in-force', 'not-covered:pledge-not-registered']);
  });

  it("refuses a city's policy for a borrower in another city", () => {
    const weihai = policy({ scope: { city: 'Weihai', cityCode: '3710' } });
    expect(refusedRules(checkClaim(weihai, loan({ district: '440106' }), claim(), context))).toEqual(['not-covered:scope']);
    expect(refusedRules(checkClaim(weihai, loan({ district: '371002' }), claim(), context))).toEqual([]);
  });

  it("refuses a district's policy for a borrower elsewhere", () => {
    const district = policy({ scope: { city: 'Weihai', district: '371003' } });
    expect(refusedRules(checkClaim(district, loan(), claim(), context))).toEqual(['not-covered:scope']);
  });

  it("checks 5311's borrower conditions: registered a year, clean credit for three", () => {
    const guangzhou = loan({ disbursedOn: '2024-03-01', defaultedOn: '2025-09-26', district: '440106' });
    expect(refusedRules(checkClaim(GUANGZHOU_2020_5311, { ...guangzhou, borrowerRegisteredOn: '2023-03-01' }, claim(), context))).toEqual(
      [],
    );
    expect(
      refusedRules(
        checkClaim(
          GUANGZHOU_2020_5311,
          { ...guangzhou, borrowerRegisteredOn: '2023-03-02', borrowerLastBadCreditOn: '2021-03-01' },
          claim(),
          context,
        ),
      ),
    ).toEqual(['not-covered:borrower-registration', 'not-covered:credit-history']);
  });

  it('refuses a second open claim on the same loan, but not a retry of the same claim or a refiling after rejection', () => {
    const open = { claimId: 'claim-0', loanId: 'loan-1', status: 'pending' as const };
    const sut = checkClaim(WEIHAI_YEAR_ONE, loan(), claim(), { ...context, existingClaims: [open] });
    expect(refusedRules(sut)).toEqual(['duplicate-claim']);
    expect(sut.ok ? '' : sut.refusals[0].message).toBe('loan loan-1 already has claim claim-0 (pending)');
    expect(checkClaim(WEIHAI_YEAR_ONE, loan(), claim(), { ...context, existingClaims: [{ ...open, claimId: 'claim-1' }] }).ok).toBe(true);
    expect(checkClaim(WEIHAI_YEAR_ONE, loan(), claim(), { ...context, existingClaims: [{ ...open, status: 'rejected' }] }).ok).toBe(true);
  });

  it('refuses a claim on a loan that has not defaulted', () => {
    expect(refusedRules(checkClaim(WEIHAI_YEAR_ONE, loan({ defaultedOn: undefined }), claim(), context))).toEqual(['loan-not-defaulted']);
    expect(refusedRules(checkClaim(WEIHAI_YEAR_ONE, loan(), claim({ filedOn: '2025-09-25' }), context))).toEqual(['loan-not-defaulted']);
  });

  describe('under a disposal-only trigger', () => {
    const afterDisposal = policy({ trigger: 'after-disposal' });

    it('refuses a claim before the pledged IP is disposed of', () => {
      const sut = checkClaim(afterDisposal, loan(), claim(), context);
      expect(refusedRules(sut)).toEqual(['disposal-required']);
      expect(refusedRules(checkClaim(afterDisposal, loan(), claim({ disposalCompletedOn: '2025-10-10' }), context))).toEqual([
        'disposal-required',
      ]);
    });

    it('starts the filing clock at the disposal', () => {
      const sut = checkClaim(afterDisposal, loan(), claim({ filedOn: '2025-12-10', disposalCompletedOn: '2025-12-01' }), context);
      expect(sut.ok && sut.filingDeadline.date).toBe('2025-12-15');
      expect(
        refusedRules(checkClaim(afterDisposal, loan(), claim({ filedOn: '2025-12-16', disposalCompletedOn: '2025-12-01' }), context)),
      ).toEqual(['late-filing']);
    });
  });

  it('counts a deadline past the entered years Monday to Friday instead of refusing the claim', () => {
    // 10 working days from Wed 2025-12-24 with 2026 not entered: 25, 26, 29, 30, 31 Dec, 1, 2, 5, 6, 7 Jan.
    const sut = checkClaim(WEIHAI_YEAR_ONE, loan({ defaultedOn: '2025-12-24' }), claim({ filedOn: '2025-12-29' }), context);
    expect(sut.ok && sut.filingDeadline).toEqual({ date: '2026-01-07', provisional: true, provisionalYears: [2026] });
    expect(sut.outcomes.find((outcome) => outcome.rule === 'late-filing')?.message).toBe(
      'a claim must be filed within 10 working days of 2025-12-24 (by 2026-01-07 (provisional: 2026 not yet in the working-day calendar, counted Monday to Friday)); filed on 2025-12-29',
    );
  });

  it('refuses a claim when the policy gives a guarantor a share and the loan names none', () => {
    const guangzhou = GUANGZHOU_2020_5311;
    const covered = loan({ disbursedOn: guangzhou.effectiveFrom });
    const withoutGuarantor = loan({ disbursedOn: guangzhou.effectiveFrom, riskSharers: { appraiser: 'appraiser-1' } });
    const filed = claim({ filedOn: covered.defaultedOn });

    const refused = checkClaim(guangzhou, withoutGuarantor, filed, context);

    expect(refusedRules(refused)).toContain('not-covered:risk-sharer');
    expect(refused.ok ? [] : refused.refusals.map((refusal) => refusal.message)).toContain(
      'the policy gives the guarantor a 0.3 share; the loan names no guarantor',
    );
    expect(refusedRules(checkClaim(guangzhou, covered, filed, context))).not.toContain('not-covered:risk-sharer');
  });
});
