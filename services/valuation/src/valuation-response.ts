// The one place a valuation becomes its HTTP answer: Money as its two-decimal string, calendar
// days as YYYY-MM-DD, the recording instant as ISO-8601.
import type { ValuationResponse } from '@ipledger/contracts';
import type { Valuation } from './domain/valuation';

export function toValuationResponse(valuation: Valuation): ValuationResponse {
  return {
    id: valuation.id,
    pledgeId: valuation.pledgeId,
    appraiserOrgId: valuation.appraiserOrgId,
    method: valuation.method,
    appraisedValue: valuation.appraisedValue.toString(),
    valuationDate: valuation.valuationDate,
    validUntil: valuation.validUntil,
    reportNumber: valuation.reportNumber,
    recordedAt: valuation.recordedAt.toISOString(),
  };
}
