// The life of a compensation claim (补偿申请), written down once:
//
//   PENDING ──(prepare──▶ PREPARED)──approve──▶ APPROVED ──pay──▶ PAID ──settle──▶ CLOSED
//   PENDING or PREPARED ──reject──▶ REJECTED   (APPROVED ──settle──▶ CLOSED when the fund had nothing to pay)
//
// 'settle' is the sharing back of disposal proceeds; it needs the claim settled with the bank
// (paid, or approved with nothing payable because the budget was spent) and the pledge disposed of.
//
// 四眼原则 (fourEyesRefusal): above the policy's dual-control threshold, a claim is approved only once
// prepared, and only by a user other than the one who prepared it; a prepared claim always needs
// that second user. A policy that states no threshold is read as 0.00: every claim with an amount
// takes two people. The payout is recorded by a bureau user other than the approver
// (paymentFourEyesRefusal): the one who decided to pay never also attests that it was paid.
import { Money } from '@ipledger/money';
import type { PolicyDraft } from './policy';

export type ClaimStatus = 'PENDING' | 'PREPARED' | 'APPROVED' | 'REJECTED' | 'PAID' | 'CLOSED';
export type ClaimCommand = 'prepare' | 'approve' | 'reject' | 'pay' | 'settle';

const TRANSITIONS: Readonly<Record<ClaimCommand, { readonly from: readonly ClaimStatus[]; readonly to: ClaimStatus }>> = {
  prepare: { from: ['PENDING'], to: 'PREPARED' },
  approve: { from: ['PENDING', 'PREPARED'], to: 'APPROVED' },
  reject: { from: ['PENDING', 'PREPARED'], to: 'REJECTED' },
  pay: { from: ['APPROVED'], to: 'PAID' },
  settle: { from: ['APPROVED', 'PAID'], to: 'CLOSED' },
};

export type ClaimStep =
  { readonly ok: true; readonly from: ClaimStatus; readonly to: ClaimStatus } | { readonly ok: false; readonly reason: string };

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

export interface Approval {
  readonly status: ClaimStatus;
  readonly preparedByUserId: string | null;
  readonly approverUserId: string | null;
  readonly approvedAmount: Money;
}

/** The threshold of a policy that states none (and the default a new draft gets): every claim takes two people. */
export const DEFAULT_DUAL_CONTROL_ABOVE = '0.00';

/** What a four-eyes message names: a claim under a policy, or a subsidy application under a scheme. */
export interface FourEyesSubject {
  readonly noun: string;
  readonly rules: string;
  readonly preparePath: string;
}

export const CLAIM_SUBJECT: FourEyesSubject = { noun: 'claim', rules: 'policy', preparePath: 'POST /api/claims/{claimId}/prepare' };

/** Why the four-eyes rule refuses this approval, or undefined when it allows it. */
export function fourEyesRefusal(
  policy: Pick<PolicyDraft, 'dualControlAbove'>,
  approval: Approval,
  subject: FourEyesSubject = CLAIM_SUBJECT,
): string | undefined {
  const threshold = policy.dualControlAbove ?? DEFAULT_DUAL_CONTROL_ABOVE;
  if (approval.status === 'PREPARED') {
    return approval.preparedByUserId === approval.approverUserId
      ? `four-eyes rule: ${approval.approverUserId ?? 'the same user'} prepared this ${subject.noun} and may not also approve it; another bureau user must`
      : undefined;
  }
  if (approval.approvedAmount.gt(Money.of(threshold))) {
    return (
      `four-eyes rule: the approved amount ${approval.approvedAmount.toString()} is above the ${subject.rules}'s dual-control threshold ` +
      `${threshold}; one bureau user prepares the ${subject.noun} (${subject.preparePath}), another approves it`
    );
  }
  return undefined;
}

/** Why the four-eyes rule refuses this user recording the payout, or undefined when it allows it. */
export function paymentFourEyesRefusal(
  decided: { readonly id: string; readonly approverUserId: string | null },
  recorderUserId: string | null,
  subject: FourEyesSubject = CLAIM_SUBJECT,
): string | undefined {
  if (decided.approverUserId !== recorderUserId) return undefined;
  return `four-eyes rule: ${recorderUserId ?? 'the same user'} approved ${subject.noun} ${decided.id} and may not also record its payout; another bureau user must`;
}
