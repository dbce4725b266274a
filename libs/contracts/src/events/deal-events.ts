// Licensing (许可), transfer (转让) and capital contribution (出资入股) deals: with pledge financing,
// the four kinds of IP monetisation the city's yearly target counts. Recorded by the bureau from
// contract filings; a mistake is corrected by a reversal, never by an edit.
import { z } from 'zod';
import { DateString, DealId, DivisionCode, IndustryCode, IpType, OrgId, PositiveMoneyString, Uscc } from '../primitives';

export const DEAL_KINDS = ['licensing', 'transfer', 'capital-contribution'] as const;
export const DealKind = z.enum(DEAL_KINDS, { message: `must be one of ${DEAL_KINDS.join(', ')}` });
export type DealKind = z.infer<typeof DealKind>;

/** 国民经济行业分类 (GB/T 4754-2017) sections: one letter A–T. */

export const DealParty = z.object({ uscc: Uscc, name: z.string().min(1).max(200) });

export const DealRecordedV1 = z.object({
  dealId: DealId,
  kind: DealKind,
  ipItems: z.array(z.object({ ipType: IpType, number: z.string().min(1).max(64) })).min(1),
  /** Licensor, transferor or contributor of the IP. */
  from: DealParty,
  /** Licensee, transferee or the company receiving the contribution. */
  to: DealParty,
  amount: PositiveMoneyString,
  contractDate: DateString,
  districtCode: DivisionCode,
  industry: IndustryCode,
  recordedByOrgId: OrgId,
});

export const DealReversedV1 = z.object({
  dealId: DealId,
  kind: DealKind,
  reversedOn: DateString,
  reason: z.string().min(1).max(2000),
});
