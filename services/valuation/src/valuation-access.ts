// Who may value a pledge and who may read a valuation. Only the appraiser the application names
// may value it (a pledge submitted before applications named one has none); the bureau reads every
// valuation, an appraiser its own reports, a bank the reports on its own pledges. Anything else
// answers exactly like an unknown id.
import type { AccessRule } from '@ipledger/service-kit';

export const VALUED_PLEDGE_ACCESS: AccessRule<{ appraiserOrgId: string | null }> = {
  kind: 'pledge application',
  ownerOf: (pledge) => pledge.appraiserOrgId,
};

/** `bankOfPledge`: the bank a pledge is known here to belong to, for a bank reading a report on it. */
export function valuationAccess(
  bankOfPledge: (pledgeId: string) => Promise<{ bankOrgId: string } | null>,
): AccessRule<{ pledgeId: string; appraiserOrgId: string }> {
  return {
    kind: 'valuation',
    ownerOf: (valuation) => valuation.appraiserOrgId,
    mayRead: async (actor, valuation) => {
      if (actor.role === 'bureau') return true;
      if (actor.role === 'appraiser') return valuation.appraiserOrgId === actor.orgId;
      if (actor.role === 'bank') return (await bankOfPledge(valuation.pledgeId))?.bankOrgId === actor.orgId;
      return false;
    },
  };
}
