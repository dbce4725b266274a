// Who may claim on a loan and who may read a claim: a bank claims only on its own loans; the
// bureau reads every claim, a bank its own. Anything else answers exactly like an unknown id.
import type { AccessRule } from '@ipledger/service-kit';

/** The loan a claim is filed for, as this service learnt it from lending's events. */
export const CLAIMED_LOAN_ACCESS: AccessRule<{ bankOrgId: string }> = {
  kind: 'loan (as known to risk compensation; a loan disbursed moments ago may not have arrived yet)',
  ownerOf: (loan) => loan.bankOrgId,
};

export const CLAIM_ACCESS: AccessRule<{ bankOrgId: string }> = {
  kind: 'claim',
  ownerOf: (claim) => claim.bankOrgId,
  mayRead: (actor, claim) => actor.role === 'bureau' || (actor.role === 'bank' && claim.bankOrgId === actor.orgId),
};

export const SUBSIDY_APPLICATION_ACCESS: AccessRule<{ bankOrgId: string }> = {
  kind: 'subsidy application',
  ownerOf: (application) => application.bankOrgId,
  mayRead: (actor, application) => actor.role === 'bureau' || (actor.role === 'bank' && application.bankOrgId === actor.orgId),
};
