// Repeated failed logins are slowed down: a guessed password costs a window, not a millisecond.
// Counted per subject (username or client id: protects one account) and per source address
// (protects all accounts from one attacker), over a sliding window, from rows in the database so
// that every instance of the service sees the same count. An attempt is counted (reserved) before
// its secret is checked and under a lock (IdentityRepository.reserveAttempt), so attempts in
// parallel are counted like attempts in a row; a right secret gives its reservation back. The
// source is the address resolved from trusted proxies only (service-kit's client-address.ts).

export interface ThrottleRule {
  readonly windowSeconds: number;
  readonly maxFailuresPerSubject: number;
  readonly maxFailuresPerSource: number;
}

export const LOGIN_THROTTLE: ThrottleRule = { windowSeconds: 15 * 60, maxFailuresPerSubject: 5, maxFailuresPerSource: 20 };

export interface FailureCounts {
  readonly subject: number;
  readonly source: number;
  /** The oldest failure in the window that counts towards the exceeded limit. */
  readonly oldestInWindow?: Date;
}

export type ThrottleDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number; readonly reason: string };

export function decideLogin(counts: FailureCounts, now: Date, rule: ThrottleRule = LOGIN_THROTTLE): ThrottleDecision {
  const overSubject = counts.subject >= rule.maxFailuresPerSubject;
  const overSource = counts.source >= rule.maxFailuresPerSource;
  if (!overSubject && !overSource) return { allowed: true };
  const windowEnds = (counts.oldestInWindow?.getTime() ?? now.getTime()) + rule.windowSeconds * 1000;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000));
  const reason = overSubject
    ? `too many failed logins for this account (${rule.maxFailuresPerSubject} in ${rule.windowSeconds / 60} minutes)`
    : `too many failed logins from this address (${rule.maxFailuresPerSource} in ${rule.windowSeconds / 60} minutes)`;
  return { allowed: false, retryAfterSeconds, reason: `${reason}; try again in ${retryAfterSeconds} s` };
}
