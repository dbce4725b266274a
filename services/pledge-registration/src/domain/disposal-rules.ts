// 质物处置: what a bank's report of a disposal must meet beyond its shape (the contracts' zod
// schema checks that), and the net proceeds it yields. Pure: no framework, no database. Every
// broken rule is reported, not just the first.
import type { DisposePledgeRequest, FieldIssue } from '@ipledger/contracts';
import { Money } from '@ipledger/money';

/** The rule a disposal of a pledge whose loan has not (yet) defaulted breaks. */
export const DISPOSAL_NEEDS_DEFAULT = "disposal is allowed only after the pledge's loan has defaulted";

export interface DisposalFacts {
  /** Today's date in China (YYYY-MM-DD). */
  readonly today: string;
  /** The day the pledge's loan defaulted, if known; disposal cannot precede it. */
  readonly loanDefaultedOn?: string | null;
}

export function checkDisposal(request: DisposePledgeRequest, facts: DisposalFacts): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (request.method === 'write-off' && !Money.of(request.grossProceeds).isZero()) {
    issues.push({ field: 'grossProceeds', rule: `must be 0.00 for a write-off (nothing was received), got ${request.grossProceeds}` });
  }
  if (request.disposedOn > facts.today) {
    issues.push({ field: 'disposedOn', rule: `must not be in the future (today is ${facts.today})` });
  }
  if (facts.loanDefaultedOn && request.disposedOn < facts.loanDefaultedOn) {
    issues.push({ field: 'disposedOn', rule: `must not be before the loan defaulted on ${facts.loanDefaultedOn}` });
  }
  return issues;
}

/** What is left to share back: gross proceeds less costs, never below 0.00. */
export function netProceeds(grossProceeds: string, costs: string): string {
  return Money.max(Money.zero(), Money.of(grossProceeds).minus(Money.of(costs))).toString();
}
