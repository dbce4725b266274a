import { PLEDGE_STATUSES, type PledgeStatus } from '@ipledger/contracts';
import { FINAL_STATES, holdsItsRights, PLEDGE_TRANSITIONS, refusalMessage, transition, type PledgeCommand } from './pledge-lifecycle';

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
    expect(refusalMessage('pl_1', refusal as { reason: string })).toBe(
      'pledge pl_1 is DISPOSED; only a REGISTERED pledge can be disposed of',
    );
  });

  it('refuses to dispose of a pledge that was never registered or already released', () => {
    expect(transition('SUBMITTED', 'dispose')).toMatchObject({ ok: false, currentState: 'SUBMITTED' });
    expect(transition('RELEASED', 'dispose')).toMatchObject({ ok: false, currentState: 'RELEASED' });
  });

  it('refuses to register a pledge twice, naming the current state', () => {
    const refusal = transition('REGISTERED', 'register');
    expect(refusal).toEqual({ ok: false, currentState: 'REGISTERED', reason: 'is REGISTERED; only a SUBMITTED pledge can be registered' });
    expect(refusalMessage('pl_1', refusal as { reason: string })).toBe(
      'pledge pl_1 is REGISTERED; only a SUBMITTED pledge can be registered',
    );
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
    expect(transition('SUBMITTED', 'submit')).toEqual({
      ok: false,
      currentState: 'SUBMITTED',
      reason: 'is SUBMITTED; only a new pledge can be submitted',
    });
  });

  it('refuses every command but submit on a pledge that does not exist', () => {
    expect(transition(null, 'register')).toEqual({
      ok: false,
      currentState: 'NONE',
      reason: 'does not exist; only a SUBMITTED pledge can be registered',
    });
  });

  it('returns a SUBMITTED application for correction (补正) and takes it back corrected', () => {
    expect(transition('SUBMITTED', 'return')).toEqual({ ok: true, from: 'SUBMITTED', to: 'RETURNED', changesStatus: true });
    expect(transition('RETURNED', 'resubmit')).toEqual({ ok: true, from: 'RETURNED', to: 'SUBMITTED', changesStatus: true });
  });

  it('neither registers nor refuses an application while it is with the bank for correction', () => {
    expect(transition('RETURNED', 'register')).toEqual({
      ok: false,
      currentState: 'RETURNED',
      reason: 'is RETURNED; only a SUBMITTED pledge can be registered',
    });
    expect(transition('RETURNED', 'refuse')).toMatchObject({ ok: false, currentState: 'RETURNED' });
  });

  it('refuses (不予登记) a SUBMITTED application for good', () => {
    expect(transition('SUBMITTED', 'refuse')).toEqual({ ok: true, from: 'SUBMITTED', to: 'REFUSED', changesStatus: true });
    expect(transition('REFUSED', 'resubmit')).toEqual({
      ok: false,
      currentState: 'REFUSED',
      reason: 'is REFUSED; only a RETURNED pledge can be resubmitted',
    });
  });

  it('changes (变更登记) a REGISTERED pledge without changing its state, and nothing else', () => {
    expect(transition('REGISTERED', 'change')).toEqual({ ok: true, from: 'REGISTERED', to: 'REGISTERED', changesStatus: false });
    expect(transition('RELEASED', 'change')).toMatchObject({ ok: false, currentState: 'RELEASED' });
  });

  it('holds its rights in the register only while REGISTERED', () => {
    expect(PLEDGE_STATUSES.filter(holdsItsRights)).toEqual(['REGISTERED']);
  });

  it('has exactly these allowed moves', () => {
    const commands = Object.keys(PLEDGE_TRANSITIONS) as PledgeCommand[];
    const states: (PledgeStatus | null)[] = [null, ...PLEDGE_STATUSES];
    const allowed = states.flatMap((state) =>
      commands.flatMap((command) => {
        const result = transition(state, command);
        return result.ok ? [`${state ?? 'none'} -${command}-> ${result.to}`] : [];
      }),
    );
    expect(allowed).toEqual([
      'none -submit-> SUBMITTED',
      'SUBMITTED -return-> RETURNED',
      'SUBMITTED -refuse-> REFUSED',
      'SUBMITTED -assign-appraiser-> SUBMITTED',
      'SUBMITTED -register-> REGISTERED',
      'RETURNED -resubmit-> SUBMITTED',
      'RETURNED -assign-appraiser-> RETURNED',
      'REGISTERED -assign-appraiser-> REGISTERED',
      'REGISTERED -change-> REGISTERED',
      'REGISTERED -record-loan-> REGISTERED',
      'REGISTERED -record-default-> REGISTERED',
      'REGISTERED -release-> RELEASED',
      'REGISTERED -dispose-> DISPOSED',
    ]);
  });

  it('lets nothing leave REFUSED, RELEASED or DISPOSED', () => {
    for (const state of FINAL_STATES) {
      for (const command of Object.keys(PLEDGE_TRANSITIONS) as PledgeCommand[]) {
        expect(transition(state, command).ok).toBe(false);
      }
    }
    expect(FINAL_STATES).toEqual(['REFUSED', 'RELEASED', 'DISPOSED']);
  });
});
