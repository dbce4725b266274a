import { Money } from '@ipledger/money';
import { claimTransition, ClaimCommand, ClaimStatus, isSettledWithBank } from './claim-lifecycle';

describe('the claim lifecycle', () => {
  test.each<[ClaimStatus, ClaimCommand, ClaimStatus]>([
    ['PENDING', 'approve', 'APPROVED'],
    ['PENDING', 'reject', 'REJECTED'],
    ['APPROVED', 'pay', 'PAID'],
    ['PAID', 'settle', 'CLOSED'],
    ['APPROVED', 'settle', 'CLOSED'],
  ])('%s --%s--> %s', (from, command, to) => {
    expect(claimTransition(from, command)).toEqual({ ok: true, from, to });
  });

  test.each<[ClaimStatus, ClaimCommand]>([
    ['APPROVED', 'approve'],
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
