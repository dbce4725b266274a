import { PLEDGE_STATUSES, type PledgeStatus } from '@ipledger/contracts';
import { refusalMessage, transition, type PledgeCommand } from './pledge-lifecycle';

describe('the pledge lifecycle', () => {
  it('starts a new application as SUBMITTED', () => {
    expect(transition(null, 'submit')).toEqual({ ok: true, from: null, to: 'SUBMITTED', changesStatus: true });
  });

  it('registers a SUBMITTED pledge', () => {
    expect(transition('SUBMITTED', 'register')).toEqual({ ok: true, from: 'SUBMITTED', to: 'REGISTERED', changesStatus: true });
  });

  it('releases (注销) a REGISTERED pledge', () => {
    expect(transition('REGISTERED', 'release')).toEqual({ ok: true, from: 'REGISTERED', to: 'RELEASED', changesStatus: true });
  });

  it('links a loan to a REGISTERED pledge without changing its state', () => {
    expect(transition('REGISTERED', 'record-loan')).toEqual({ ok: true, from: 'REGISTERED', to: 'REGISTERED', changesStatus: false });
  });

  it('marks a REGISTERED pledge as securing a defaulted loan without changing its state', () => {
    expect(transition('REGISTERED', 'record-default')).toEqual({ ok: true, from: 'REGISTERED', to: 'REGISTERED', changesStatus: false });
  });

  it('disposes of (质物处置) a REGISTERED pledge', () => {
    expect(transition('REGISTERED', 'dispose')).toEqual({ ok: true, from: 'REGISTERED', to: 'DISPOSED', changesStatus: true });
  });

  it('refuses to dispose of a pledge twice, naming the current state', () => {
    const refusal = transition('DISPOSED', 'dispose');
    expect(refusal).toEqual({ ok: false, currentState: 'DISPOSED', reason: 'is DISPOSED; only a REGISTERED pledge can be disposed of' });
    expect(refusalMessage('pl_1', refusal as { reason: string })).toBe('pledge pl_1 is DISPOSED; only a REGISTERED pledge can be disposed of');
  });

  it('refuses to dispose of a pledge that was never registered or already released', () => {
    expect(transition('SUBMITTED', 'dispose')).toMatchObject({ ok: false, currentState: 'SUBMITTED' });
    expect(transition('RELEASED', 'dispose')).toMatchObject({ ok: false, currentState: 'RELEASED' });
  });

  it('refuses to register a pledge twice, naming the current state', () => {
    const refusal = transition('REGISTERED', 'register');
    expect(refusal).toEqual({ ok: false, currentState: 'REGISTERED', reason: 'is REGISTERED; only a SUBMITTED pledge can be registered' });
    expect(refusalMessage('pl_1', refusal as { reason: string })).toBe('pledge pl_1 is REGISTERED; only a SUBMITTED pledge can be registered');
  });

  it('refuses to register a RELEASED pledge', () => {
    expect(transition('RELEASED', 'register')).toMatchObject({ ok: false, currentState: 'RELEASED' });
  });

  it('refuses to release a pledge that was never registered', () => {
    expect(transition('SUBMITTED', 'release')).toEqual({
      ok: false,
      currentState: 'SUBMITTED',
      reason: 'is SUBMITTED; only a REGISTERED pledge can be released',
    });
  });

  it('refuses to submit an application that already exists', () => {
    expect(transition('SUBMITTED', 'submit')).toEqual({ ok: false, currentState: 'SUBMITTED', reason: 'is SUBMITTED; only a new pledge can be submitted' });
  });

  it('refuses every command but submit on a pledge that does not exist', () => {
    expect(transition(null, 'register')).toEqual({
      ok: false,
      currentState: 'NONE',
      reason: 'does not exist; only a SUBMITTED pledge can be registered',
    });
  });

  it('has exactly these allowed moves', () => {
    const commands: PledgeCommand[] = ['submit', 'register', 'record-loan', 'record-default', 'release', 'dispose'];
    const states: (PledgeStatus | null)[] = [null, ...PLEDGE_STATUSES];
    const allowed = states.flatMap((state) =>
      commands.flatMap((command) => {
        const result = transition(state, command);
        return result.ok ? [`${state ?? 'none'} -${command}-> ${result.to}`] : [];
      }),
    );
    expect(allowed).toEqual([
      'none -submit-> SUBMITTED',
      'SUBMITTED -register-> REGISTERED',
      'REGISTERED -record-loan-> REGISTERED',
      'REGISTERED -record-default-> REGISTERED',
      'REGISTERED -release-> RELEASED',
      'REGISTERED -dispose-> DISPOSED',
    ]);
  });

  it('lets nothing leave RELEASED or DISPOSED', () => {
    for (const state of ['RELEASED', 'DISPOSED'] as const) {
      for (const command of ['submit', 'register', 'record-loan', 'record-default', 'release', 'dispose'] as const) {
        expect(transition(state, command).ok).toBe(false);
      }
    }
  });
});
