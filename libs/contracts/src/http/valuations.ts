import { z } from 'zod';
import { ValuationMethod } from '../events/valuation-events';
import { DateString, MoneyString, OrgId, PledgeId, PositiveMoneyString, Timestamp, ValuationId } from '../primitives';

export const SubmitValuationRequest = z.strictObject({
  pledgeId: PledgeId,
  method: ValuationMethod,
  appraisedValue: PositiveMoneyString,
  valuationDate: DateString,
  validUntil: DateString,
  reportNumber: z.string().trim().min(1).max(64).optional(),
});
export type SubmitValuationRequest = z.infer<typeof SubmitValuationRequest>;

export const ValuationResponse = z.object({
  id: ValuationId,
  pledgeId: PledgeId,
  appraiserOrgId: OrgId,
  method: ValuationMethod,
  appraisedValue: MoneyString,
  valuationDate: DateString,
  validUntil: DateString,
  reportNumber: z.string().nullable(),
  recordedAt: Timestamp,
});
export type ValuationResponse = z.infer<typeof ValuationResponse>;

export const ListValuationsQuery = z.strictObject({ pledgeId: PledgeId });
export const ValuationListResponse = z.object({ items: z.array(ValuationResponse) });
