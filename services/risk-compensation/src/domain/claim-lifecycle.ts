// The life of a compensation claim (补偿申请), written down once:
//
//   PENDING ──approve──▶ APPROVED ──pay──▶ PAID ──settle──▶ CLOSED
//      └────reject────▶ REJECTED       (APPROVED ──settle──▶ CLOSED when the fund had nothing to pay)
//
// 'settle' is the sharing back of disposal proceeds; it needs the claim settled with the bank
// (paid, or approved with nothing payable because the budget was spent) and the pledge disposed of.
import type { Money } from '@ipledger/money';

export type ClaimStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'PAID' | 'CLOSED';
export type ClaimCommand = 'approve' | 'reject' | 'pay' | 'settle';

const TRANSITIONS: Readonly<Record<ClaimCommand, { readonly from: readonly ClaimStatus[]; readonly to: ClaimStatus }>> = {
  approve: { from: ['PENDING'], to: 'APPROVED' },
  reject: { from: ['PENDING'], to: 'REJECTED' },
  pay: { from: ['APPROVED'], to: 'PAID' },
  settle: { from: ['APPROVED', 'PAID'], to: 'CLOSED' },
};

export type ClaimStep = { readonly ok: true; readonly from: ClaimStatus; readonly to: ClaimStatus } | { readonly ok: false; readonly reason: string };

export function claimTransition(status: ClaimStatus, command: ClaimCommand): ClaimStep {
  const rule = TRANSITIONS[command];
  return rule.from.includes(status)
    ? { ok: true, from: status, to: rule.to }
    : { ok: false, reason: `a claim can ${command} only when ${rule.from.join(' or ')}; this one is ${status}` };
}

/** Whether the bank has received all the fund will pay now: paid, or approved with nothing payable. */
export function isSettledWithBank(status: ClaimStatus, fundPayable: Money | null): boolean {
  return status === 'PAID' || (status === 'APPROVED' && fundPayable !== null && fundPayable.isZero());
}
