// Rules a valuation report must meet before it counts (pure; no framework).
import { outsideFactDateIssues, type BackdatingBounds } from '@ipledger/calendar';
import type { FieldIssue, SubmitValuationRequest } from '@ipledger/contracts';

/** The report's date is the appraiser's, a fact from outside: not in the future, not too far back. */
export function checkValuationDates(request: SubmitValuationRequest, bounds: BackdatingBounds): FieldIssue[] {
  const issues: FieldIssue[] = outsideFactDateIssues('valuationDate', request.valuationDate, bounds);
  if (request.validUntil <= request.valuationDate) {
    issues.push({ field: 'validUntil', rule: 'must be after valuationDate' });
  }
  return issues;
}
