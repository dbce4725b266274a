// The life of a subsidy application (补贴申请), written down once:
//
//   PENDING ──(prepare──▶ PREPARED)──approve──▶ APPROVED ──pay──▶ PAID
//   PENDING or PREPARED ──reject──▶ REJECTED
//
// 四眼原则 as for claims (claim-lifecycle.ts, fourEyesRefusal with SUBSIDY_SUBJECT): above the
// scheme's dual-control threshold an application is approved only once prepared, by another user
// than the one who prepared it; the payout is recorded by another user than the approver. An
// approval of 0.00 (the budget or a cap left nothing) has nothing to pay and stays APPROVED.
import type { FourEyesSubject } from './claim-lifecycle';

export type SubsidyApplicationStatus = 'PENDING' | 'PREPARED' | 'APPROVED' | 'REJECTED' | 'PAID';
export type SubsidyApplicationCommand = 'prepare' | 'approve' | 'reject' | 'pay';

const TRANSITIONS: Readonly<
  Record<SubsidyApplicationCommand, { readonly from: readonly SubsidyApplicationStatus[]; readonly to: SubsidyApplicationStatus }>
> = {
  prepare: { from: ['PENDING'], to: 'PREPARED' },
  approve: { from: ['PENDING', 'PREPARED'], to: 'APPROVED' },
  reject: { from: ['PENDING', 'PREPARED'], to: 'REJECTED' },
  pay: { from: ['APPROVED'], to: 'PAID' },
};

export type SubsidyApplicationStep =
  | { readonly ok: true; readonly from: SubsidyApplicationStatus; readonly to: SubsidyApplicationStatus }
  | { readonly ok: false; readonly reason: string };

export function subsidyApplicationTransition(status: SubsidyApplicationStatus, command: SubsidyApplicationCommand): SubsidyApplicationStep {
  const rule = TRANSITIONS[command];
  return rule.from.includes(status)
    ? { ok: true, from: status, to: rule.to }
    : { ok: false, reason: `an application can ${command} only when ${rule.from.join(' or ')}; this one is ${status}` };
}

export const SUBSIDY_SUBJECT: FourEyesSubject = {
  noun: 'subsidy application',
  rules: 'scheme',
  preparePath: 'POST /api/subsidy-applications/{applicationId}/prepare',
};
