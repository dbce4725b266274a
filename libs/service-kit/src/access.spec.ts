import type { Actor } from '@ipledger/contracts';
import { requireOwn, requireReadable, type AccessRule } from './access';
import type { RequestContext } from './command-context';
import { NotFoundError } from './errors';

interface Loan {
  id: string;
  bankOrgId: string;
}

const LOAN: AccessRule<Loan> = {
  kind: 'loan',
  ownerOf: (loan) => loan.bankOrgId,
  mayRead: (actor, loan) => actor.role !== 'bank' || loan.bankOrgId === actor.orgId,
};
const OWNER_ONLY: AccessRule<Loan> = { kind: 'loan', ownerOf: (loan) => loan.bankOrgId };

const as = (actor: Actor): RequestContext => ({ actor, requestId: 'req-1', correlationId: 'req-1' });
const rural = as({ orgId: 'bank-cq-rural', role: 'bank', userId: 'li.wei' });
const city = as({ orgId: 'bank-cq-city', role: 'bank', userId: 'zhao.min' });
const bureau = as({ orgId: 'bureau-cq', role: 'bureau', userId: 'wang.fang' });
const loan: Loan = { id: 'ln_1', bankOrgId: 'bank-cq-rural' };

function refusal(check: () => unknown): unknown {
  try {
    check();
  } catch (error) {
    return error;
  }
  throw new Error('the check let it through');
}

describe('requireOwn', () => {
  it('answers the acting organisation’s own record', () => {
    expect(requireOwn(rural, LOAN, 'ln_1', loan)).toBe(loan);
  });

  it('answers another bank’s record exactly like an unknown one', () => {
    const foreign = refusal(() => requireOwn(city, LOAN, 'ln_1', loan));
    const unknown = refusal(() => requireOwn(city, LOAN, 'ln_1', null));
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect((foreign as Error).message).toBe('loan ln_1 was not found');
    expect((unknown as Error).message).toBe((foreign as Error).message);
  });

  it('lets nobody change a record that is nobody’s (an owner of null)', () => {
    const unassigned: AccessRule<{ appraiserOrgId: string | null }> = { kind: 'pledge application', ownerOf: (p) => p.appraiserOrgId };
    expect(refusal(() => requireOwn(rural, unassigned, 'pl_1', { appraiserOrgId: null }))).toBeInstanceOf(NotFoundError);
  });

  it('does not let the bureau change a bank’s record by reading rights', () => {
    expect(refusal(() => requireOwn(bureau, LOAN, 'ln_1', loan))).toBeInstanceOf(NotFoundError);
  });
});

describe('requireReadable', () => {
  it('lets the bureau read every record and a bank its own', async () => {
    await expect(requireReadable(bureau, LOAN, 'ln_1', loan)).resolves.toBe(loan);
    await expect(requireReadable(rural, LOAN, 'ln_1', loan)).resolves.toBe(loan);
  });

  it('answers another bank’s record and an unknown one alike', async () => {
    await expect(requireReadable(city, LOAN, 'ln_1', loan)).rejects.toThrow('loan ln_1 was not found');
    await expect(requireReadable(bureau, LOAN, 'ln_9', undefined)).rejects.toThrow('loan ln_9 was not found');
  });

  it('lets only the owner read when the rule says nothing more', async () => {
    await expect(requireReadable(rural, OWNER_ONLY, 'ln_1', loan)).resolves.toBe(loan);
    await expect(requireReadable(bureau, OWNER_ONLY, 'ln_1', loan)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('waits for a rule that has to look something up', async () => {
    const looked: AccessRule<Loan> = {
      kind: 'valuation',
      ownerOf: () => 'appraiser-cq-huaxin',
      mayRead: async () => Promise.resolve(false),
    };
    await expect(requireReadable(bureau, looked, 'va_1', loan)).rejects.toThrow('valuation va_1 was not found');
  });
});
