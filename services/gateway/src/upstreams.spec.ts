import { serviceForPath } from './upstreams';

describe('routing a public path to its service', () => {
  it.each([
    ['/api/pledges', 'pledge-registration'],
    ['/api/pledges/pl_1/registration', 'pledge-registration'],
    ['/api/valuations', 'valuation'],
    ['/api/loans/ln_1/repayments', 'lending'],
    ['/api/ledger/trial-balance', 'ledger'],
    ['/api/policies/presets', 'risk-compensation'],
  ])('%s goes to %s', (path, service) => {
    expect(serviceForPath(path)).toBe(service);
  });

  it('does not route look-alike prefixes', () => {
    expect(serviceForPath('/api/pledgesX')).toBeUndefined();
    expect(serviceForPath('/api/unknown')).toBeUndefined();
  });
});
