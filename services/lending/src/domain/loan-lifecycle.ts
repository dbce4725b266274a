// The loan lifecycle as one table: which command is allowed in which state and where it leads.
// Every change of a loan's status goes through `transition`.
//
//   (none) ──disburse──▶ ACTIVE ──report-overdue──▶ OVERDUE ──report-default──▶ DEFAULTED
//   ACTIVE ──report-default──▶ DEFAULTED
//   OVERDUE ──report-overdue──▶ OVERDUE (a later report updates the figures)
//   ACTIVE | OVERDUE ──close──▶ CLOSED (when a repayment brings principal to 0.00; reason 'repaid')
//   DEFAULTED ──settle-recovery──▶ CLOSED (when risk compensation has shared out the disposal
//   proceeds, RecoveryDistributed; reason 'recovery-settled')
//   repay: ACTIVE or OVERDUE, status unchanged; a repayment does not bring an OVERDUE loan
//   back to ACTIVE. A DEFAULTED loan takes no repayment.
//
// CLOSED is final. Later states slot in as rows; the callers do not change.
import type { LOAN_CLOSE_REASONS, LoanStatus } from '@ipledger/contracts';

export type LoanCommand = 'disburse' | 'repay' | 'close' | 'report-overdue' | 'report-default' | 'settle-recovery';

/** Why a CLOSED loan closed (LoanClosed.reason, loans.close_reason). */
export type LoanCloseReason = (typeof LOAN_CLOSE_REASONS)[number];

interface TransitionRule {
  /** States the command is allowed in; null is "no loan yet". */
  readonly from: readonly (LoanStatus | null)[];
  /** The state afterwards; 'unchanged' for commands that only add facts. */
  readonly to: LoanStatus | 'unchanged';
  /** For messages: "only an ACTIVE or OVERDUE loan can be repaid". */
  readonly verb: string;
}

export const LOAN_TRANSITIONS: Readonly<Record<LoanCommand, TransitionRule>> = {
  disburse: { from: [null], to: 'ACTIVE', verb: 'disbursed' },
  repay: { from: ['ACTIVE', 'OVERDUE'], to: 'unchanged', verb: 'repaid' },
  close: { from: ['ACTIVE', 'OVERDUE'], to: 'CLOSED', verb: 'closed' },
  'report-overdue': { from: ['ACTIVE', 'OVERDUE'], to: 'OVERDUE', verb: 'reported overdue' },
  'report-default': { from: ['ACTIVE', 'OVERDUE'], to: 'DEFAULTED', verb: 'reported in default' },
  'settle-recovery': { from: ['DEFAULTED'], to: 'CLOSED', verb: 'closed by a recovery settlement' },
};

export type LoanTransition =
  | { readonly ok: true; readonly from: LoanStatus | null; readonly to: LoanStatus; readonly changesStatus: boolean }
  | { readonly ok: false; readonly currentState: string; readonly reason: string };

export function transition(current: LoanStatus | null, command: LoanCommand): LoanTransition {
  const rule = LOAN_TRANSITIONS[command];
  if (!rule.from.includes(current)) {
    const allowed = rule.from.map((state) => (state === null ? 'new' : state)).join(' or ');
    const article = /^[AEIOU]/i.test(allowed) ? 'an' : 'a';
    const now = current === null ? 'does not exist' : `is ${current}`;
    return { ok: false, currentState: current ?? 'NONE', reason: `${now}; only ${article} ${allowed} loan can be ${rule.verb}` };
  }
  if (rule.to === 'unchanged') {
    if (current === null) throw new Error(`loan command ${command} keeps the state, so it cannot start from none`);
    return { ok: true, from: current, to: current, changesStatus: false };
  }
  return { ok: true, from: current, to: rule.to, changesStatus: current !== rule.to };
}

/** "loan ln_… is CLOSED; only an ACTIVE or OVERDUE loan can be repaid" */
export function refusalMessage(loanId: string, refusal: { reason: string }): string {
  return `loan ${loanId} ${refusal.reason}`;
}
