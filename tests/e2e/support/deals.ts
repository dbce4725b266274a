// One valid licensing deal (许可) as the bureau records it, for scenarios that need a command or an
// event of their own without caring what it says: the amount and date are the parts they vary.
import type { PayloadOf, RecordDealRequest } from '@ipledger/contracts';

export function licensingDealRequest(overrides: Partial<RecordDealRequest> = {}): RecordDealRequest {
  return {
    kind: 'licensing',
    ipItems: [{ ipType: 'invention-patent', number: '201910884346.5' }],
    from: { uscc: '91500112MA5U3X5D27', name: '重庆示例新材料有限公司' },
    to: { uscc: '91350100M000100Y43', name: '重庆示例智能装备有限公司' },
    amount: '100000.00',
    contractDate: '2025-06-18',
    districtCode: '500112',
    industry: 'C',
    ...overrides,
  };
}

/** The DealRecorded payload the statistics service publishes for that request. */
export function licensingDealRecorded(
  dealId: string,
  recordedByOrgId: string,
  overrides: Partial<RecordDealRequest> = {},
): PayloadOf<'DealRecorded'> {
  return { dealId, ...licensingDealRequest(overrides), recordedByOrgId };
}
