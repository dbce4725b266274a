import { z } from 'zod';
import { DateString, PositiveMoneyString, OrgId, PledgeId, ValuationId } from '../primitives';

export const VALUATION_METHODS = ['income', 'market', 'cost'] as const;
export const ValuationMethod = z.enum(VALUATION_METHODS, { message: `must be one of ${VALUATION_METHODS.join(', ')}` });

export const PledgeValuedV1 = z.object({
  valuationId: ValuationId,
  pledgeId: PledgeId,
  appraiserOrgId: OrgId,
  method: ValuationMethod,
  appraisedValue: PositiveMoneyString,
  valuationDate: DateString,
  validUntil: DateString,
  reportNumber: z.string().max(64).nullable(),
});
