import { decideRecoverySettlement, type RecoverySettlement, type SettlementLoan } from './recovery-settlement';

const LOAN = 'ln_0195a1b2c3d47e5f8a6b7c8d9e0f1a03';
const PLEDGE = 'pl_0195a1b2c3d47e5f8a6b7c8d9e0f1a01';

const loan = (overrides: Partial<SettlementLoan> = {}): SettlementLoan => ({
  loanId: LOAN,
  pledgeId: PLEDGE,
  bankOrgId: 'bank-cq-a',
  status: 'DEFAULTED',
  closeReason: null,
  defaultedOn: '2026-03-10',
  ...overrides,
});

const recovery = (overrides: Partial<RecoverySettlement> = {}): RecoverySettlement => ({
  loanId: LOAN,
  pledgeId: PLEDGE,
  bankOrgId: 'bank-cq-a',
  distributedOn: '2026-06-30',
  ...overrides,
});

describe('settling a defaulted loan on its recovery distribution', () => {
  it('closes a DEFAULTED loan on the day of the distribution, reason recovery-settled', () => {
    expect(decideRecoverySettlement(loan(), recovery())).toEqual({
      ok: true,
      outcome: { kind: 'close', statusBefore: 'DEFAULTED', statusAfter: 'CLOSED', closedOn: '2026-06-30', closeReason: 'recovery-settled' },
    });
  });

  it('allows a distribution on the day of default', () => {
    expect(decideRecoverySettlement(loan(), recovery({ distributedOn: '2026-03-10' }))).toMatchObject({
      ok: true,
      outcome: { kind: 'close' },
    });
  });

  it('does nothing for a loan this settlement closed already', () => {
    expect(decideRecoverySettlement(loan({ status: 'CLOSED', closeReason: 'recovery-settled' }), recovery())).toEqual({
      ok: true,
      outcome: { kind: 'already-settled' },
    });
  });

  it('refuses a loan that is not DEFAULTED, naming its state', () => {
    expect(decideRecoverySettlement(loan({ status: 'ACTIVE', defaultedOn: null }), recovery())).toEqual({
      ok: false,
      reason: `loan ${LOAN} is ACTIVE; only a DEFAULTED loan can be closed by a recovery settlement`,
    });
    expect(decideRecoverySettlement(loan({ status: 'OVERDUE', defaultedOn: null }), recovery())).toMatchObject({
      ok: false,
      reason: expect.stringContaining('is OVERDUE'),
    });
  });

  it('refuses a loan that was closed by repayment: it never defaulted', () => {
    expect(decideRecoverySettlement(loan({ status: 'CLOSED', closeReason: 'repaid', defaultedOn: null }), recovery())).toEqual({
      ok: false,
      reason: `loan ${LOAN} is CLOSED (repaid); only a DEFAULTED loan can be closed by a recovery settlement`,
    });
  });

  it('refuses a recovery that names another pledge, bank or loan', () => {
    expect(decideRecoverySettlement(loan(), recovery({ pledgeId: 'pl_0195a1b2c3d47e5f8a6b7c8d9e0f1aff' }))).toEqual({
      ok: false,
      reason: `loan ${LOAN} is secured by pledge ${PLEDGE}, not pl_0195a1b2c3d47e5f8a6b7c8d9e0f1aff`,
    });
    expect(decideRecoverySettlement(loan(), recovery({ bankOrgId: 'bank-cq-b' }))).toEqual({
      ok: false,
      reason: `loan ${LOAN} belongs to bank-cq-a, not bank-cq-b`,
    });
    expect(decideRecoverySettlement(loan(), recovery({ loanId: 'ln_other' }))).toMatchObject({ ok: false });
  });

  it('refuses a distribution dated before the default', () => {
    expect(decideRecoverySettlement(loan(), recovery({ distributedOn: '2026-03-09' }))).toEqual({
      ok: false,
      reason: `loan ${LOAN} defaulted on 2026-03-10; its recovery cannot be distributed before, on 2026-03-09`,
    });
  });
});
