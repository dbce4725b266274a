// Who may see a pledge application (and so act on it, within what the route's roles allow): the
// bureau every one, a bank those it is the pledgee of, an appraiser those whose application names
// it. Anything else answers exactly like an unknown id.
import type { AccessRule } from '@ipledger/service-kit';

export const PLEDGE_ACCESS: AccessRule<{ bankOrgId: string; appraiserOrgId: string | null }> = {
  kind: 'pledge application',
  ownerOf: (pledge) => pledge.bankOrgId,
  mayRead: (actor, pledge) => {
    switch (actor.role) {
      case 'bureau':
        return true;
      case 'bank':
        return pledge.bankOrgId === actor.orgId;
      case 'appraiser':
        return pledge.appraiserOrgId !== null && pledge.appraiserOrgId === actor.orgId;
      default:
        return false;
    }
  },
};
