// The pledge lifecycle (质押, under the 专利权质押登记办法) as one table: which command is allowed in
// which state and where it leads. Every change of a pledge's status goes through `transition`;
// nothing else decides it.
//
//   (none) ──submit──▶ SUBMITTED ──register──▶ REGISTERED ──release──▶ RELEASED
//                      │  ▲      └──refuse──▶ REFUSED      │  ├─change (变更登记)─┐ (status unchanged)
//                return│  │resubmit                      │  ├─record-loan, record-default
//                      ▼  │                              │  └───────────────────┘
//                     RETURNED (补正)                    └──dispose──▶ DISPOSED
//
// assign-appraiser keeps the state (SUBMITTED, RETURNED or REGISTERED): the bank names who values it.
//
// REFUSED, RELEASED and DISPOSED are final. `dispose` (质物处置) also needs the loan's default to
// be known, and a bank's `release` needs the pledge to secure no loan: rules on the pledge's data,
// checked by the caller (disposal-rules.ts, register-rules.ts).
import type { PledgeStatus } from '@ipledger/contracts';

export type PledgeCommand =
  | 'submit'
  | 'return'
  | 'resubmit'
  | 'refuse'
  | 'assign-appraiser'
  | 'register'
  | 'change'
  | 'record-loan'
  | 'record-default'
  | 'release'
  | 'dispose';

interface TransitionRule {
  /** States the command is allowed in; null is "no pledge yet". */
  readonly from: readonly (PledgeStatus | null)[];
  /** The state afterwards; 'unchanged' for commands that only add facts. */
  readonly to: PledgeStatus | 'unchanged';
  /** Past participle for messages: "only a SUBMITTED pledge can be registered". */
  readonly verb: string;
}

export const PLEDGE_TRANSITIONS: Readonly<Record<PledgeCommand, TransitionRule>> = {
  submit: { from: [null], to: 'SUBMITTED', verb: 'submitted' },
  return: { from: ['SUBMITTED'], to: 'RETURNED', verb: 'returned for correction' },
  resubmit: { from: ['RETURNED'], to: 'SUBMITTED', verb: 'resubmitted' },
  refuse: { from: ['SUBMITTED'], to: 'REFUSED', verb: 'refused' },
  'assign-appraiser': { from: ['SUBMITTED', 'RETURNED', 'REGISTERED'], to: 'unchanged', verb: 'given another appraiser' },
  register: { from: ['SUBMITTED'], to: 'REGISTERED', verb: 'registered' },
  change: { from: ['REGISTERED'], to: 'unchanged', verb: 'changed (变更登记)' },
  'record-loan': { from: ['REGISTERED'], to: 'unchanged', verb: 'linked to a loan' },
  'record-default': { from: ['REGISTERED'], to: 'unchanged', verb: 'marked as securing a defaulted loan' },
  release: { from: ['REGISTERED'], to: 'RELEASED', verb: 'released' },
  dispose: { from: ['REGISTERED'], to: 'DISPOSED', verb: 'disposed of' },
};

/** States after which nothing can happen to a pledge any more. */
export const FINAL_STATES: readonly PledgeStatus[] = ['REFUSED', 'RELEASED', 'DISPOSED'];

/** States in which a pledge's IP rights are in the register (held by this pledge). */
export function holdsItsRights(status: PledgeStatus): boolean {
  return status === 'REGISTERED';
}

export type PledgeTransition =
  | { readonly ok: true; readonly from: PledgeStatus | null; readonly to: PledgeStatus; readonly changesStatus: boolean }
  | { readonly ok: false; readonly currentState: string; readonly reason: string };

export function transition(current: PledgeStatus | null, command: PledgeCommand): PledgeTransition {
  const rule = PLEDGE_TRANSITIONS[command];
  if (!rule.from.includes(current)) {
    const allowed = rule.from.map((state) => (state === null ? 'new' : state)).join(' or ');
    const currentState = current ?? 'NONE';
    const now = current === null ? 'does not exist' : `is ${current}`;
    return { ok: false, currentState, reason: `${now}; only a ${allowed} pledge can be ${rule.verb}` };
  }
  if (rule.to === 'unchanged') {
    if (current === null) throw new Error(`pledge command ${command} keeps the state, so it cannot start from none`);
    return { ok: true, from: current, to: current, changesStatus: false };
  }
  return { ok: true, from: current, to: rule.to, changesStatus: true };
}

/** "pledge pl_… is REGISTERED; only a SUBMITTED pledge can be registered" */
export function refusalMessage(pledgeId: string, refusal: { reason: string }): string {
  return `pledge ${pledgeId} ${refusal.reason}`;
}
