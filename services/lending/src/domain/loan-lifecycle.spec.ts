import { LOAN_STATUSES, type LoanStatus } from '@ipledger/contracts';
import { refusalMessage, transition, type LoanCommand } from './loan-lifecycle';

describe('the loan lifecycle', () => {
  it('starts a disbursed loan as ACTIVE', () => {
    expect(transition(null, 'disburse')).toEqual({ ok: true, from: null, to: 'ACTIVE', changesStatus: true });
  });

  it('takes repayments while ACTIVE without changing state', () => {
    expect(transition('ACTIVE', 'repay')).toEqual({ ok: true, from: 'ACTIVE', to: 'ACTIVE', changesStatus: false });
  });

  it('closes an ACTIVE loan', () => {
    expect(transition('ACTIVE', 'close')).toEqual({ ok: true, from: 'ACTIVE', to: 'CLOSED', changesStatus: true });
  });

  it('refuses a repayment on a CLOSED loan, naming the state', () => {
    const refusal = transition('CLOSED', 'repay');
    expect(refusal).toEqual({ ok: false, currentState: 'CLOSED', reason: 'is CLOSED; only an ACTIVE or OVERDUE loan can be repaid' });
    expect(refusalMessage('ln_1', refusal as { reason: string })).toBe('loan ln_1 is CLOSED; only an ACTIVE or OVERDUE loan can be repaid');
  });

  it('moves an ACTIVE loan to OVERDUE, and keeps an OVERDUE one there on a later report', () => {
    expect(transition('ACTIVE', 'report-overdue')).toEqual({ ok: true, from: 'ACTIVE', to: 'OVERDUE', changesStatus: true });
    expect(transition('OVERDUE', 'report-overdue')).toEqual({ ok: true, from: 'OVERDUE', to: 'OVERDUE', changesStatus: false });
  });

  it('defaults an ACTIVE or OVERDUE loan', () => {
    expect(transition('ACTIVE', 'report-default')).toEqual({ ok: true, from: 'ACTIVE', to: 'DEFAULTED', changesStatus: true });
    expect(transition('OVERDUE', 'report-default')).toEqual({ ok: true, from: 'OVERDUE', to: 'DEFAULTED', changesStatus: true });
  });

  it('takes repayments while OVERDUE without bringing the loan back to ACTIVE, and closes it at zero', () => {
    expect(transition('OVERDUE', 'repay')).toEqual({ ok: true, from: 'OVERDUE', to: 'OVERDUE', changesStatus: false });
    expect(transition('OVERDUE', 'close')).toEqual({ ok: true, from: 'OVERDUE', to: 'CLOSED', changesStatus: true });
  });

  it('refuses a repayment, an overdue report or a second default on a DEFAULTED loan, naming the state', () => {
    expect(transition('DEFAULTED', 'repay')).toEqual({
      ok: false,
      currentState: 'DEFAULTED',
      reason: 'is DEFAULTED; only an ACTIVE or OVERDUE loan can be repaid',
    });
    expect(transition('DEFAULTED', 'report-overdue')).toEqual({
      ok: false,
      currentState: 'DEFAULTED',
      reason: 'is DEFAULTED; only an ACTIVE or OVERDUE loan can be reported overdue',
    });
    expect(transition('DEFAULTED', 'report-default')).toMatchObject({ ok: false, currentState: 'DEFAULTED' });
    expect(transition('CLOSED', 'report-default')).toMatchObject({ ok: false, currentState: 'CLOSED' });
  });

  it('closes a DEFAULTED loan when its recovery is settled', () => {
    expect(transition('DEFAULTED', 'settle-recovery')).toEqual({ ok: true, from: 'DEFAULTED', to: 'CLOSED', changesStatus: true });
  });

  it('settles the recovery of no loan that is not DEFAULTED, naming the state', () => {
    expect(transition('ACTIVE', 'settle-recovery')).toEqual({
      ok: false,
      currentState: 'ACTIVE',
      reason: 'is ACTIVE; only a DEFAULTED loan can be closed by a recovery settlement',
    });
    expect(transition('OVERDUE', 'settle-recovery')).toMatchObject({ ok: false, currentState: 'OVERDUE' });
    expect(transition('CLOSED', 'settle-recovery')).toMatchObject({ ok: false, currentState: 'CLOSED' });
    expect(transition(null, 'settle-recovery')).toMatchObject({ ok: false, currentState: 'NONE' });
  });

  it('does not close a DEFAULTED loan by repayment', () => {
    expect(transition('DEFAULTED', 'close')).toMatchObject({ ok: false, currentState: 'DEFAULTED' });
  });

  it('refuses to disburse a loan twice', () => {
    expect(transition('ACTIVE', 'disburse')).toEqual({
      ok: false,
      currentState: 'ACTIVE',
      reason: 'is ACTIVE; only a new loan can be disbursed',
    });
  });

  it('refuses to close a loan that does not exist or is closed', () => {
    expect(transition(null, 'close')).toMatchObject({ ok: false, currentState: 'NONE' });
    expect(transition('CLOSED', 'close')).toMatchObject({ ok: false, currentState: 'CLOSED' });
  });

  it('has exactly these allowed moves', () => {
    const commands: LoanCommand[] = ['disburse', 'repay', 'close', 'report-overdue', 'report-default', 'settle-recovery'];
    const states: (LoanStatus | null)[] = [null, ...LOAN_STATUSES];
    const allowed = states.flatMap((state) =>
      commands.flatMap((command) => {
        const result = transition(state, command);
        return result.ok ? [`${state ?? 'none'} -${command}-> ${result.to}`] : [];
      }),
    );
    expect(allowed).toEqual([
      'none -disburse-> ACTIVE',
      'ACTIVE -repay-> ACTIVE',
      'ACTIVE -close-> CLOSED',
      'ACTIVE -report-overdue-> OVERDUE',
      'ACTIVE -report-default-> DEFAULTED',
      'OVERDUE -repay-> OVERDUE',
      'OVERDUE -close-> CLOSED',
      'OVERDUE -report-overdue-> OVERDUE',
      'OVERDUE -report-default-> DEFAULTED',
      'DEFAULTED -settle-recovery-> CLOSED',
    ]);
  });
});
