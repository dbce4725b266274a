// The deals' HTTP answer, built in this one place from the repository's domain record
// (deal-records.ts). The statistics' own answers are views of the rollups (statistics.service.ts).
import type { DealResponse } from '@ipledger/contracts';
import type { Deal } from './deal-records';

export function toDealResponse(deal: Deal): DealResponse {
  return {
    id: deal.id,
    kind: deal.kind,
    status: deal.status,
    ipItems: deal.ipItems,
    from: { uscc: deal.fromUscc, name: deal.fromName },
    to: { uscc: deal.toUscc, name: deal.toName },
    amount: deal.amount.toString(),
    contractDate: deal.contractDate,
    districtCode: deal.districtCode,
    industry: deal.industry,
    reversedOn: deal.reversedOn,
    reversalReason: deal.reversalReason,
    recordedAt: deal.recordedAt.toISOString(),
  };
}
