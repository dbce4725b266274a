import type { DisposePledgeRequest } from '@ipledger/contracts';
import { checkDisposal, DISPOSAL_NEEDS_DEFAULT, netProceeds } from './disposal-rules';

const disposal = (overrides: Partial<DisposePledgeRequest> = {}): DisposePledgeRequest => ({
  method: 'auction',
  grossProceeds: '300000.00',
  costs: '12000.00',
  disposedOn: '2026-03-10',
  ...overrides,
});

describe('a disposal (质物处置)', () => {
  const facts = { today: '2026-03-15', limitDays: 1461, loanDefaultedOn: '2026-03-01' };

  it('is accepted between the default and today, both included', () => {
    expect(checkDisposal(disposal(), facts)).toEqual([]);
    expect(checkDisposal(disposal({ disposedOn: '2026-03-01' }), facts)).toEqual([]);
    expect(checkDisposal(disposal({ disposedOn: '2026-03-15' }), facts)).toEqual([]);
  });

  it('may not be dated in the future', () => {
    expect(checkDisposal(disposal({ disposedOn: '2026-03-16' }), facts)).toEqual([
      { field: 'disposedOn', rule: 'must not be in the future (today is 2026-03-15)' },
    ]);
  });

  it('may not be dated before the loan defaulted', () => {
    expect(checkDisposal(disposal({ disposedOn: '2026-02-28' }), facts)).toEqual([
      { field: 'disposedOn', rule: 'must not be before the loan defaulted (2026-03-01)' },
    ]);
  });

  it('checks only the date against today and the back-dating limit while the default date is not at hand', () => {
    expect(checkDisposal(disposal({ disposedOn: '2022-03-15' }), { today: '2026-03-15', limitDays: 1461 })).toEqual([]);
    expect(checkDisposal(disposal({ disposedOn: '2022-03-15' }), { today: '2026-03-15', limitDays: 1461, loanDefaultedOn: null })).toEqual(
      [],
    );
    expect(checkDisposal(disposal({ disposedOn: '2022-03-14' }), { today: '2026-03-15', limitDays: 1461 })).toEqual([
      { field: 'disposedOn', rule: 'must not be more than 1461 days back (BACKDATING_LIMIT_DAYS): on or after 2022-03-15' },
    ]);
  });

  it('as a write-off brings in nothing: gross proceeds must be 0.00', () => {
    expect(checkDisposal(disposal({ method: 'write-off', grossProceeds: '0.00', costs: '800.00' }), facts)).toEqual([]);
    expect(checkDisposal(disposal({ method: 'write-off', grossProceeds: '0.01' }), facts)).toEqual([
      { field: 'grossProceeds', rule: 'must be 0.00 for a write-off (nothing was received), got 0.01' },
    ]);
  });

  it('reports every broken rule at once', () => {
    expect(checkDisposal(disposal({ method: 'write-off', disposedOn: '2026-02-01' }), facts).map((issue) => issue.field)).toEqual([
      'grossProceeds',
      'disposedOn',
    ]);
  });

  it('names the rule that needs a default', () => {
    expect(DISPOSAL_NEEDS_DEFAULT).toBe("disposal is allowed only after the pledge's loan has defaulted");
  });
});

describe('the net proceeds of a disposal', () => {
  it('are the gross proceeds less the costs, exact to the fen', () => {
    expect(netProceeds('300000.00', '12000.00')).toBe('288000.00');
    expect(netProceeds('0.30', '0.10')).toBe('0.20');
    expect(netProceeds('999999999999999999.99', '0.00')).toBe('999999999999999999.99');
  });

  it('are 0.00 when the costs equal or exceed the proceeds', () => {
    expect(netProceeds('5000.00', '5000.00')).toBe('0.00');
    expect(netProceeds('5000.00', '7500.50')).toBe('0.00');
    expect(netProceeds('0.00', '800.00')).toBe('0.00');
  });
});
