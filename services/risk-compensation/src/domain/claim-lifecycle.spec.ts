import { Money } from '@ipledger/money';
import { claimTransition, ClaimCommand, ClaimStatus, fourEyesRefusal, isSettledWithBank, paymentFourEyesRefusal } from './claim-lifecycle';

describe('the claim lifecycle', () => {
  test.each<[ClaimStatus, ClaimCommand, ClaimStatus]>([
    ['PENDING', 'approve', 'APPROVED'],
    ['PENDING', 'reject', 'REJECTED'],
    ['PENDING', 'prepare', 'PREPARED'],
    ['PREPARED', 'approve', 'APPROVED'],
    ['PREPARED', 'reject', 'REJECTED'],
    ['APPROVED', 'pay', 'PAID'],
    ['PAID', 'settle', 'CLOSED'],
    ['APPROVED', 'settle', 'CLOSED'],
  ])('%s --%s--> %s', (from, command, to) => {
    expect(claimTransition(from, command)).toEqual({ ok: true, from, to });
  });

  test.each<[ClaimStatus, ClaimCommand]>([
    ['APPROVED', 'approve'],
    ['PREPARED', 'prepare'],
    ['REJECTED', 'approve'],
    ['PAID', 'reject'],
    ['PENDING', 'pay'],
    ['PAID', 'pay'],
    ['PENDING', 'settle'],
    ['CLOSED', 'settle'],
  ])('refuses %s --%s--> with the rule', (from, command) => {
    const step = claimTransition(from, command);

    expect(step.ok).toBe(false);
    expect(step.ok ? '' : step.reason).toContain(`this one is ${from}`);
  });

  it('counts a claim as settled with the bank once paid, or approved with nothing the budget could pay', () => {
    expect(isSettledWithBank('PAID', Money.of('10.00'))).toBe(true);
    expect(isSettledWithBank('APPROVED', Money.zero())).toBe(true);
    expect(isSettledWithBank('APPROVED', Money.of('0.01'))).toBe(false);
    expect(isSettledWithBank('PENDING', null)).toBe(false);
  });
});

describe('the four-eyes rule on approvals', () => {
  const policy = { dualControlAbove: '1000000.00' };
  const approval = (overrides: Partial<Parameters<typeof fourEyesRefusal>[1]> = {}) => ({
    status: 'PENDING' as const,
    preparedByUserId: null,
    approverUserId: 'liu.yang',
    approvedAmount: Money.of('1000000.00'),
    ...overrides,
  });

  it('lets one user approve up to the threshold; a policy that sets none takes two people for any amount', () => {
    expect(fourEyesRefusal(policy, approval())).toBeUndefined();
    expect(fourEyesRefusal({}, approval({ approvedAmount: Money.of('0.01') }))).toMatch(
      /^four-eyes rule: the approved amount 0.01 is above the policy's dual-control threshold 0.00/,
    );
    expect(fourEyesRefusal({}, approval({ approvedAmount: Money.of('0.00') }))).toBeUndefined();
  });

  it('needs a prepared claim above the threshold, by one fen', () => {
    expect(fourEyesRefusal(policy, approval({ approvedAmount: Money.of('1000000.01') }))).toMatch(
      /^four-eyes rule: the approved amount 1000000.01 is above/,
    );
    expect(
      fourEyesRefusal(policy, approval({ status: 'PREPARED', preparedByUserId: 'wang.fang', approvedAmount: Money.of('1000000.01') })),
    ).toBeUndefined();
  });

  it('never lets the preparer approve what it prepared', () => {
    expect(fourEyesRefusal(policy, approval({ status: 'PREPARED', preparedByUserId: 'liu.yang' }))).toMatch(
      /^four-eyes rule: liu.yang prepared this claim/,
    );
  });
});

describe('the four-eyes rule on payouts', () => {
  it('lets any bureau user but the approver record the payout', () => {
    expect(paymentFourEyesRefusal({ id: 'clm_1', approverUserId: 'liu.yang' }, 'wang.fang')).toBeUndefined();
    expect(paymentFourEyesRefusal({ id: 'clm_1', approverUserId: 'liu.yang' }, 'liu.yang')).toBe(
      'four-eyes rule: liu.yang approved claim clm_1 and may not also record its payout; another bureau user must',
    );
  });
});
