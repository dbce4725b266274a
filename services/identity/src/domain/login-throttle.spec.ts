import { decideLogin, LOGIN_THROTTLE } from './login-throttle';

const NOW = new Date('2026-11-23T08:00:00Z');

describe('throttling failed logins', () => {
  it('allows a login below both limits', () => {
    expect(decideLogin({ subject: LOGIN_THROTTLE.maxFailuresPerSubject - 1, source: 0 }, NOW)).toEqual({ allowed: true });
  });

  it('refuses an account at its limit until the oldest failure leaves the window', () => {
    const oldest = new Date(NOW.getTime() - 10 * 60 * 1000);
    const decision = decideLogin({ subject: 5, source: 5, oldestInWindow: oldest }, NOW);

    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 300, reason: expect.stringContaining('for this account') });
  });

  it('refuses an address that failed across many accounts', () => {
    const decision = decideLogin({ subject: 0, source: 20, oldestInWindow: NOW }, NOW);

    expect(decision.allowed ? '' : decision.reason).toContain('from this address');
  });
});
