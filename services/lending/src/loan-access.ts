// Who may change and who may read a loan: the bank that disbursed it owns it; the bureau reads
// every loan, another bank none (it answers exactly like an unknown one).
import type { AccessRule } from '@ipledger/service-kit';

export const LOAN_ACCESS: AccessRule<{ bankOrgId: string }> = {
  kind: 'loan',
  ownerOf: (loan) => loan.bankOrgId,
  mayRead: (actor, loan) => actor.role !== 'bank' || loan.bankOrgId === actor.orgId,
};
