// What RecoveryDistributed does to a loan: once risk compensation has shared out the disposal
// proceeds of a defaulted loan's pledge, the loan is settled and closes (reason 'recovery-settled').
// Pure: the caller reads the loan; the answer is what to write, "nothing" (the settlement is
// already recorded) or why the event contradicts what lending knows.
import type { LoanStatus } from '@ipledger/contracts';
import { refusalMessage, transition, type LoanCloseReason } from './loan-lifecycle';

export interface SettlementLoan {
  readonly loanId: string;
  readonly pledgeId: string;
  readonly bankOrgId: string;
  readonly status: LoanStatus;
  readonly closeReason: LoanCloseReason | null;
  readonly defaultedOn: string | null;
}

export interface RecoverySettlement {
  readonly loanId: string;
  readonly pledgeId: string;
  readonly bankOrgId: string;
  readonly distributedOn: string;
}

export type SettlementOutcome =
  | {
      readonly kind: 'close';
      readonly statusBefore: LoanStatus;
      readonly statusAfter: LoanStatus;
      readonly closedOn: string;
      readonly closeReason: LoanCloseReason;
    }
  /** Closed by this settlement already (the event, or a copy of it, came again): nothing to do. */
  | { readonly kind: 'already-settled' };

export type SettlementDecision =
  { readonly ok: true; readonly outcome: SettlementOutcome } | { readonly ok: false; readonly reason: string };

export function decideRecoverySettlement(loan: SettlementLoan, recovery: RecoverySettlement): SettlementDecision {
  const { loanId } = loan;
  if (recovery.loanId !== loanId) return refuse(`recovery for loan ${recovery.loanId} does not concern loan ${loanId}`);
  if (recovery.pledgeId !== loan.pledgeId) return refuse(`loan ${loanId} is secured by pledge ${loan.pledgeId}, not ${recovery.pledgeId}`);
  if (recovery.bankOrgId !== loan.bankOrgId) return refuse(`loan ${loanId} belongs to ${loan.bankOrgId}, not ${recovery.bankOrgId}`);
  if (loan.status === 'CLOSED') {
    if (loan.closeReason === 'recovery-settled') return { ok: true, outcome: { kind: 'already-settled' } };
    // A repaid loan never defaulted, so no recovery can concern it.
    return refuse(`loan ${loanId} is CLOSED (repaid); only a DEFAULTED loan can be closed by a recovery settlement`);
  }
  const step = transition(loan.status, 'settle-recovery');
  if (!step.ok) return refuse(refusalMessage(loanId, step));
  if (loan.defaultedOn !== null && recovery.distributedOn < loan.defaultedOn) {
    return refuse(
      `loan ${loanId} defaulted on ${loan.defaultedOn}; its recovery cannot be distributed before, on ${recovery.distributedOn}`,
    );
  }
  return {
    ok: true,
    outcome: {
      kind: 'close',
      statusBefore: loan.status,
      statusAfter: step.to,
      closedOn: recovery.distributedOn,
      closeReason: 'recovery-settled',
    },
  };
}

function refuse(reason: string): SettlementDecision {
  return { ok: false, reason };
}
