// Tenant checks in one line per handler: `const loan = requireOwn(ctx, LOAN_ACCESS, loanId, await
// repository.findLoan(tx, loanId))`. A record that is missing and one that is another
// organisation's answer alike: 404 `<kind> <id> was not found`, so a bank learns nothing of
// another bank's ids (and the probe is on the audit trail, as every 404). Each service keeps its
// own rule of who owns and who may read what (its `*-access.ts`); the check itself is written once.
import type { Actor } from '@ipledger/contracts';
import type { RequestContext } from './command-context';
import { NotFoundError } from './errors';

export interface AccessRule<T> {
  /** What the record is called in the 404: 'loan', 'pledge application'. */
  readonly kind: string;
  /** The organisation the record belongs to, the only one that may change it; null: nobody's (yet). */
  readonly ownerOf: (record: T) => string | null;
  /** Who may read it (the bureau reads all, a bank its own...); without it only its owner may. */
  readonly mayRead?: (actor: Actor, record: T) => boolean | Promise<boolean>;
}

/** The acting organisation's own record, or 404 exactly like an unknown id. */
export function requireOwn<T>(ctx: RequestContext, rule: AccessRule<T>, id: string, record: T | null | undefined): T {
  if (record === null || record === undefined || rule.ownerOf(record) !== ctx.actor.orgId) throw new NotFoundError(rule.kind, id);
  return record;
}

/** Whether the actor may read the record by the rule (its owner, when the rule says nothing more). */
export function mayRead<T>(actor: Actor, rule: AccessRule<T>, record: T): boolean | Promise<boolean> {
  return rule.mayRead === undefined ? rule.ownerOf(record) === actor.orgId : rule.mayRead(actor, record);
}

/** A record the actor may read, or 404 exactly like an unknown id. */
export async function requireReadable<T>(ctx: RequestContext, rule: AccessRule<T>, id: string, record: T | null | undefined): Promise<T> {
  if (record === null || record === undefined || !(await mayRead(ctx.actor, rule, record))) throw new NotFoundError(rule.kind, id);
  return record;
}
