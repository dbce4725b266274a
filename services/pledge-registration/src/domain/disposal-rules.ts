// 质物处置: what a bank's report of a disposal must meet beyond its shape (the contracts' zod
// schema checks that), and the net proceeds it yields. Pure: no framework, no database. Every
// broken rule is reported, not just the first.
import type { DisposePledgeRequest, FieldIssue } from '@ipledger/contracts';
import { outsideFactDateIssues, type BackdatingBounds } from '@ipledger/calendar';
import { Money } from '@ipledger/money';

/** The rule a disposal of a pledge whose loan has not (yet) defaulted breaks. */
export const DISPOSAL_NEEDS_DEFAULT = "disposal is allowed only after the pledge's loan has defaulted";

/** A disposal is a fact from outside: bounded by today and BACKDATING_LIMIT_DAYS like every other. */
export interface DisposalFacts extends BackdatingBounds {
  /** The day the pledge's loan defaulted, if known; disposal cannot precede it. */
  readonly loanDefaultedOn?: string | null;
}

export function checkDisposal(request: DisposePledgeRequest, facts: DisposalFacts): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (request.method === 'write-off' && !Money.of(request.grossProceeds).isZero()) {
    issues.push({ field: 'grossProceeds', rule: `must be 0.00 for a write-off (nothing was received), got ${request.grossProceeds}` });
  }
  const follows = facts.loanDefaultedOn ? [{ date: facts.loanDefaultedOn, what: 'the loan defaulted' }] : [];
  issues.push(...outsideFactDateIssues('disposedOn', request.disposedOn, facts, follows));
  return issues;
}

/** What is left to share back: gross proceeds less costs, never below 0.00. */
export function netProceeds(grossProceeds: string, costs: string): string {
  return Money.max(Money.zero(), Money.of(grossProceeds).minus(Money.of(costs))).toString();
}
