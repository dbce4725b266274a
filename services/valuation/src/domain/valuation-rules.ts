// Rules a valuation report must meet before it counts (pure; no framework).
import type { FieldIssue, SubmitValuationRequest } from '@ipledger/contracts';

export function checkValuationDates(request: SubmitValuationRequest, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (request.valuationDate > today) {
    issues.push({ field: 'valuationDate', rule: `must not be in the future (today is ${today})` });
  }
  if (request.validUntil <= request.valuationDate) {
    issues.push({ field: 'validUntil', rule: 'must be after valuationDate' });
  }
  return issues;
}
